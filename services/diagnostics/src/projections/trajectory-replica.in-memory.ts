import type { DynamicModule } from '@nestjs/common';
import type { CatalogEvent, DiagnosticsEvent, EventEnvelope } from '@pk/contracts';
import { TrajectoryReadSide } from '../application/trajectory-read-side';
import { programReplica } from './program-replica.projection';
import {
  type CoverageDocument,
  type DeficitDocument,
  type ProgramDocument,
  type TeacherDocument,
  TrajectoryReplicaQueries,
} from './trajectory-replica.queries';
import { trajectoryReplicas } from './trajectory-replicas.projection';

type Doc = Record<string, unknown> & { _id: string; _position: number };

/**
 * The trajectories' replicas for fast specs: the service's projections and queries, their documents
 * kept in memory and fed by the spec with the events the topics would carry (`receive`) — a replica
 * that never lags. The service's own runs on FerretDB (see the integration spec).
 */
export function inMemoryTrajectoryReplicas() {
  const collections = new Map<string, Map<string, Doc>>();
  const docs = (collection: string) => {
    let found = collections.get(collection);
    if (!found) collections.set(collection, (found = new Map()));
    return found;
  };
  const receive = (...events: EventEnvelope[]) => {
    for (const event of events) {
      const changes = (programReplica.eventTypes as readonly string[]).includes(event.type)
        ? programReplica.project(event as CatalogEvent)
        : (trajectoryReplicas.eventTypes as readonly string[]).includes(event.type)
          ? trajectoryReplicas.project(event as DiagnosticsEvent)
          : [];
      for (const change of changes) {
        const before = docs(change.collection).get(change.id);
        if (before && before._position >= change.position) continue; // the runner's position guard
        docs(change.collection).set(change.id, {
          ...before,
          ...change.set,
          _id: change.id,
          _position: change.position,
        });
      }
    }
  };
  const find = <T>(collection: string, filter: Record<string, unknown>): T[] =>
    [...docs(collection).values()]
      .filter((d) => Object.entries(filter).every(([k, v]) => d[k] === v))
      .map((d) => structuredClone(d) as unknown as T);
  const one = <T>(collection: string, id: string): T | null => find<T>(collection, { _id: id })[0] ?? null;

  const replicas = new TrajectoryReplicaQueries({
    teacher: async (teacherId) => one<TeacherDocument>('trajectory_teachers', teacherId),
    organization: async (organizationId) => one<{ kind: string }>('trajectory_organizations', organizationId),
    program: async (programId) => one<ProgramDocument>('trajectory_programs', programId),
    openDeficits: async (teacherId) =>
      find<DeficitDocument>('trajectory_deficits', { teacherId, open: true }),
    covering: async (region, competency) =>
      find<CoverageDocument>('trajectory_program_coverage', { region, competency, covering: true }),
    anyCovering: async (region, competency) =>
      find('trajectory_program_coverage', { region, competency, covering: true }).length > 0,
    countOpenDeficits: async (region, competency) =>
      find('trajectory_deficits', { region, competency, open: true }).length,
    requireCaughtUp: async () => undefined,
  });

  /** Provides these replicas where the service provides the FerretDB ones. */
  const readSide: DynamicModule = {
    module: class InMemoryTrajectoryReadSide {},
    providers: [{ provide: TrajectoryReadSide, useValue: replicas }],
    exports: [TrajectoryReadSide],
  };
  return { receive, replicas, readSide };
}
