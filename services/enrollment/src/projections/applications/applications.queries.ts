import { Injectable } from '@nestjs/common';
import type { ReadModelOf } from '@pk/projections';
import { InjectReadModel } from '@pk/service-runtime';
import {
  type ApplicationStatus,
  enrollmentApplications,
  IN_TRAINING,
  SHARDS,
} from './applications.projection';

/** An application as the lists show it: the document without its bookkeeping fields. */
export interface ApplicationRow {
  readonly applicationId: string;
  readonly teacherId: string;
  readonly region: string;
  readonly organizationId: string;
  readonly offeringId: string;
  readonly programId: string;
  readonly providerId: string;
  readonly route: string;
  readonly status: ApplicationStatus;
  readonly code?: string;
  readonly reason?: string;
  readonly kind?: string;
  readonly hours?: number;
  readonly completedOn?: string;
  readonly certificateNumber?: string;
  readonly updatedAt: string;
}

type Document = Omit<ApplicationRow, 'applicationId'> & { _id: string };

export interface RegionFilter {
  readonly region: string;
  readonly route?: string;
  readonly status?: string;
  readonly organizationId?: string;
  readonly providerId?: string;
  readonly offeringId?: string;
  /** YYYY-MM of the latest change. */
  readonly month?: string;
}

/** Where a page of the ministry's list ended: the shard, and the last id read in it. */
export interface RegionCursor {
  readonly shard: string;
  readonly after: string;
}

export class InvalidCursor extends Error {}

export const encodeCursor = (cursor: RegionCursor) =>
  Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');

export function decodeCursor(text: string): RegionCursor {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (
      typeof value['shard'] === 'string' &&
      SHARDS.includes(value['shard']) &&
      typeof value['after'] === 'string'
    ) {
      return { shard: value['shard'], after: value['after'] };
    }
  } catch {
    // falls through to the refusal
  }
  throw new InvalidCursor(text);
}

const HIDDEN = { _position: 0, s1: 0, month: 0 } as const;
const rowOf = ({ _id, ...rest }: Document & { s1?: unknown; month?: unknown }): ApplicationRow => {
  const { s1: _s, month: _m, ...fields } = rest;
  return { applicationId: _id, ...fields };
};
/** Code-unit order, as the cursor's `after` compares: never the locale's (it may skip the dashes). */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const latestFirst = (a: Document, b: Document) => compare(b.updatedAt, a.updatedAt) || compare(a._id, b._id);
/** Shards read at once while a page fills. */
const SHARDS_IN_FLIGHT = 4;

/** Bound of a school's or a teacher's list: a school has tens of teachers, a teacher tens of courses. */
export const LIST_LIMIT = 500;

/**
 * The reads of the applications read model. Every read is an AND of equalities on indexed fields
 * (docs/read-models.md, rules 2–4, 9); nothing here sorts or skips a set larger than a shard.
 */
@Injectable()
export class ApplicationQueries {
  constructor(
    @InjectReadModel(enrollmentApplications)
    private readonly model: ReadModelOf<typeof enrollmentApplications>,
  ) {}

  /**
   * The ministry's list of a region, filtered by route, status, school, provider, offering, month.
   * A region's set may be tens of thousands, so it is paged in the stable order of 16 shards (a hash
   * of the id: `s1`) and by id within a shard: a page reads the shard its cursor names, then the next
   * ones until it is full — each read is the filter plus `s1`, 1/16 of what the filter matches
   * (rules 8 and 10). No total: it would read every match.
   */
  async ofRegion(filter: RegionFilter, pageSize: number, cursor?: RegionCursor) {
    const equalities = Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined));
    const readShard = async (shard: string) => {
      const after = cursor && shard === cursor.shard ? cursor.after : '';
      return (
        await this.model
          .collection('enrollment_applications')
          .find<Document>({ ...equalities, s1: shard }, { fields: { _position: 0 } })
      )
        .filter((document) => document._id > after)
        .sort((a, b) => compare(a._id, b._id));
    };
    const found: Document[] = [];
    let next: RegionCursor | null = null;
    const first = cursor ? SHARDS.indexOf(cursor.shard) : 0;
    // a few shards at once: a small result is spread thin over all sixteen
    walk: for (let batch = first; batch < SHARDS.length; batch += SHARDS_IN_FLIGHT) {
      const shards = SHARDS.slice(batch, batch + SHARDS_IN_FLIGHT);
      const read = await Promise.all(shards.map(readShard));
      for (const [offset, inShard] of read.entries()) {
        const index = batch + offset;
        const room = pageSize - found.length;
        found.push(...inShard.slice(0, room));
        if (inShard.length > room) {
          next = { shard: SHARDS[index]!, after: found[found.length - 1]!._id };
          break walk;
        }
        if (found.length === pageSize) {
          if (index + 1 < SHARDS.length) next = { shard: SHARDS[index + 1]!, after: '' };
          break walk;
        }
      }
    }
    return {
      applications: found.map(rowOf),
      next: next ? encodeCursor(next) : null,
    };
  }

  /** A school's teachers in training (or, with `status`, in that status), the latest change first. */
  async ofSchool(region: string, organizationId: string, status?: string) {
    // one equality read per status (in training: two), never the school's whole history filtered
    const reads = (status ? [status] : IN_TRAINING).map((one) =>
      this.model
        .collection('enrollment_applications')
        .find<Document>({ region, organizationId, status: one }, { fields: HIDDEN, limit: LIST_LIMIT }),
    );
    return (await Promise.all(reads)).flat().sort(latestFirst).map(rowOf);
  }

  /** A teacher's history: every course it was enrolled in or asked a block for, the latest first. */
  async ofTeacher(region: string, teacherId: string) {
    const found = await this.model
      .collection('enrollment_applications')
      .find<Document>({ region, teacherId }, { fields: HIDDEN, limit: LIST_LIMIT });
    return found.sort(latestFirst).map(rowOf);
  }
}
