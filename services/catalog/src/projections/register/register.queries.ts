import { Injectable } from '@nestjs/common';
import type { ReadModelOf } from '@pk/projections';
import { InjectReadModel } from '@pk/service-runtime';
import { reviewWaits } from '../review-waits/review-waits.projection';
import { normalise, register } from './register.projection';

export interface RegisterSearch {
  readonly region: string;
  readonly subject?: string;
  readonly position?: string;
  readonly organizationType?: string;
  readonly competency?: string;
  readonly format?: string;
  readonly providerId?: string;
  readonly minHours?: number;
  readonly maxHours?: number;
  readonly voucherEligible?: boolean;
  /** Words of the title, each matched as a word or the start of one. */
  readonly text?: string;
  readonly page: number;
  readonly pageSize: number;
}

type ProgramDocument = Record<string, unknown> & {
  _id: string;
  region: string;
  providerId: string;
  status: string;
  approvedRevision?: number;
  updatedAt: string;
};

const HIDDEN = { _position: 0, words: 0, sortKey: 0 } as const;

/** What the catalog's register read model answers. */
@Injectable()
export class RegisterQueries {
  constructor(
    @InjectReadModel(register) private readonly model: ReadModelOf<typeof register>,
    @InjectReadModel(reviewWaits) private readonly reviews: ReadModelOf<typeof reviewWaits>,
  ) {}

  /** Approved programs matching every given filter, ordered by title then id. */
  async search(query: RegisterSearch) {
    const filter: Record<string, unknown> = { region: query.region, status: 'approved' };
    if (query.subject) filter.subjects = query.subject;
    if (query.position) filter.targetPositions = query.position;
    if (query.organizationType) filter.organizationTypes = query.organizationType;
    if (query.competency) filter.competencies = query.competency;
    if (query.format) filter.format = query.format;
    if (query.providerId) filter.providerId = query.providerId;
    if (query.voucherEligible !== undefined) filter.voucherEligible = query.voucherEligible;
    if (query.minHours !== undefined || query.maxHours !== undefined) {
      filter.hours = {
        ...(query.minHours !== undefined ? { $gte: query.minHours } : {}),
        ...(query.maxHours !== undefined ? { $lte: query.maxHours } : {}),
      };
    }
    const words = (query.text ? normalise(query.text).split(/[^\p{L}\p{N}]+/u) : []).filter(
      (w) => w.length > 0,
    );
    if (words.length > 0) filter.words = { $all: words };
    const programs = this.model.collection('programs');
    const [total, found] = await Promise.all([
      programs.count(filter),
      programs.find<ProgramDocument>(filter, {
        fields: HIDDEN,
        sort: { sortKey: 1 },
        skip: (query.page - 1) * query.pageSize,
        limit: query.pageSize,
      }),
    ]);
    return {
      total,
      page: query.page,
      pageSize: query.pageSize,
      programs: await this.withProviders(found),
    };
  }

  /**
   * One program as the register knows it, whatever its status, with its version (the position of the
   * program stream's last event, as a command answers it); undefined when unknown.
   */
  async program(programId: string) {
    const found = await this.model
      .collection('programs')
      .findById<ProgramDocument>(programId, { words: 0, sortKey: 0 });
    if (!found) return undefined;
    const { _position: version, ...program } = found;
    const [withProvider] = await this.withProviders([program as ProgramDocument]);
    return { ...withProvider!, version: Number(version) };
  }

  /**
   * Every program of a provider with where it stands in review, newest change first. A submitted
   * revision whose review case has too few experts says so (`waitingForExperts`), from expertise's
   * events: the provider sees that its program waits for experts, not merely that it was submitted.
   */
  async ofProvider(providerId: string) {
    const [found, waiting] = await Promise.all([
      this.model.collection('programs').find<ProgramDocument>({ providerId }, { fields: HIDDEN }),
      this.reviews
        .collection('review_cases')
        .find<{ programId: string; revision: number }>({ providerId, waiting: true }),
    ]);
    const waits = new Set(waiting.map((c) => `${c.programId}/${c.revision}`));
    return found
      .map(({ _id, ...rest }) => ({
        programId: _id,
        ...rest,
        waitingForExperts: rest.status === 'submitted' && waits.has(`${_id}/${String(rest['revision'])}`),
      }))
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  async offerings(programId: string) {
    const found = await this.model
      .collection('offerings')
      .find<Record<string, unknown> & { _id: string; startsOn: string }>(
        { programId },
        { fields: { _position: 0 } },
      );
    return found
      .map(({ _id, ...rest }) => ({ offeringId: _id, ...rest }))
      .sort((a, b) => a.startsOn.localeCompare(b.startsOn) || a.offeringId.localeCompare(b.offeringId));
  }

  // One lookup by id per provider on the page (a page holds a few): no $in, which the store
  // would answer by reading every provider.
  private async withProviders(found: ProgramDocument[]) {
    const names = new Map<string, unknown>();
    for (const providerId of new Set(found.map((program) => String(program.providerId)))) {
      const provider = await this.model.collection('providers').findById<{ name?: string }>(providerId);
      names.set(providerId, provider?.name ?? null);
    }
    return found.map(({ _id, ...rest }) => ({
      programId: _id,
      ...rest,
      providerName: names.get(String(rest.providerId)) ?? null,
    }));
  }
}
