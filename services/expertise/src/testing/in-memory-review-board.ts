import type { DynamicModule } from '@nestjs/common';
import type { EventEnvelope, ExpertiseEvent } from '@pk/contracts';
import type { InMemoryEventStore } from '@pk/kernel';
import { ReviewBoard } from '../application/review-board';
import { reviewBoard } from '../projections/review-board/review-board.projection';
import {
  type AssignmentDocument,
  type BoardDocuments,
  type CaseDocument,
  type ExpertDocument,
  ReviewBoardQueries,
} from '../projections/review-board/review-board.queries';

type Doc = Record<string, unknown> & { _id: string; _position: number };

/**
 * The review board for fast specs: the same projection and queries as the service, its documents
 * kept in memory and brought up to date from the in-memory event store before every read — a read
 * model that never lags. The service's own runs on FerretDB (see the integration spec).
 */
export function inMemoryReviewBoard(store: InMemoryEventStore): ReviewBoardQueries {
  const collections = new Map<string, Map<string, Doc>>();
  let checkpoint: string | null = null;
  let catchingUp: Promise<void> = Promise.resolve();
  // one catch-up at a time: concurrent reads would apply the same events from the same checkpoint
  const catchUp = () =>
    (catchingUp = catchingUp.then(async () => {
      for (;;) {
        const events = await store.readAll(checkpoint, 500);
        if (events.length === 0) return;
        checkpoint = events[events.length - 1]!.globalPosition;
        for (const event of events) apply(event);
      }
    }));
  const apply = (event: EventEnvelope) => {
    if (!(reviewBoard.eventTypes as readonly string[]).includes(event.type)) return;
    for (const change of reviewBoard.project(event as ExpertiseEvent)) {
      let docs = collections.get(change.collection);
      if (!docs) collections.set(change.collection, (docs = new Map()));
      const before = docs.get(change.id);
      if (before && before._position >= change.position) continue; // the runner's position guard
      docs.set(change.id, { ...before, ...change.set, _id: change.id, _position: change.position });
    }
  };
  const find = async <T>(collection: string, filter: Record<string, unknown>): Promise<T[]> => {
    await catchUp();
    return [...(collections.get(collection)?.values() ?? [])]
      .filter((d) => Object.entries(filter).every(([k, v]) => d[k] === v))
      .map((d) => structuredClone(d) as unknown as T);
  };
  const documents: BoardDocuments = {
    expert: async (expertId) => (await find<ExpertDocument>('experts', { _id: expertId }))[0] ?? null,
    expertsOf: (region) => find<ExpertDocument>('experts', { region }),
    case: async (caseId) => (await find<CaseDocument>('cases', { _id: caseId }))[0] ?? null,
    cases: (filter) => find<CaseDocument>('cases', filter),
    assignments: (filter) => find<AssignmentDocument>('assignments', filter),
    requireCaughtUp: async () => undefined,
  };
  return new ReviewBoardQueries(documents);
}

/** Provides the in-memory review board where the service provides the FerretDB one. */
export function inMemoryReadSide(store: InMemoryEventStore): DynamicModule {
  return {
    module: class InMemoryReadSide {},
    global: true,
    providers: [{ provide: ReviewBoard, useValue: inMemoryReviewBoard(store) }],
    exports: [ReviewBoard],
  };
}
