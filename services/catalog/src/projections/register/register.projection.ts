import { createHash } from 'node:crypto';
import { type CatalogEvent, type ProgramContent, publicTopic } from '@pk/contracts';
import { type DocumentChange, defineProjection } from '@pk/projections';
import { Schema } from 'mongoose';

/**
 * One document per program: its card, where it stands in review, and what the register search
 * filters on. Equality filters (region, status, subjects, positions…) are pushed down to the store;
 * a region holds about a thousand programs, so what is not (words, hours, the sort) stays cheap.
 */
const programs = new Schema(
  {
    _id: String,
    region: String,
    providerId: String,
    status: String,
    /** The last submitted revision (0 for a draft never submitted). */
    revision: Number,
    /** The revision in the register, once approved. */
    approvedRevision: Number,
    title: String,
    annotation: String,
    kind: String,
    hours: Number,
    format: String,
    targetPositions: [String],
    organizationTypes: [String],
    subjects: [String],
    workProfile: String,
    competencies: [String],
    voucherEligible: Boolean,
    employerAssessment: Boolean,
    practiceShare: Number,
    /** The council's comments on the last returned or rejected revision. */
    comments: [String],
    archivedBecause: String,
    /** Lower-case words of the title and their prefixes (3 letters and more), for word search. */
    words: [String],
    /** Title then id: a total order, so paging never skips or repeats a program. */
    sortKey: String,
    updatedAt: String,
  },
  { versionKey: false },
)
  .index({ region: 1, status: 1 })
  .index({ providerId: 1 });

/**
 * The register as a teacher searches it: one document per program, what a page of results shows
 * and what a search selects by, nothing else (no comments, no history). FerretDB 1.24 answers a
 * query at about the cost of the documents its filter matches, sorts and skips in memory, and serves
 * only equalities from an index (docs/read-models.md) — so every search here is an AND of equalities
 * on indexed fields, and a page of a large result reads one or a few *shards* rather than all of it.
 *
 * `listed` is the region while the program is approved, null otherwise: the register's one filter
 * that every search has. `shardKey` is a hash of the id (then the id): the stable order in which a
 * large result is paged; `s1`/`s2`/`s3` are its first 1, 2, 3 hex digits, so an equality on one of
 * them selects 1/16, 1/256 or 1/4096 of the result (register.queries.ts chooses which).
 */
const listings = new Schema(
  {
    _id: String,
    listed: { type: String, default: null },
    providerId: String,
    revision: Number,
    approvedRevision: Number,
    title: String,
    annotation: String,
    kind: String,
    hours: Number,
    format: String,
    targetPositions: [String],
    organizationTypes: [String],
    subjects: [String],
    workProfile: String,
    competencies: [String],
    voucherEligible: Boolean,
    employerAssessment: Boolean,
    practiceShare: Number,
    words: [String],
    sortKey: String,
    shardKey: String,
    s1: String,
    s2: String,
    s3: String,
    updatedAt: String,
  },
  { versionKey: false },
)
  .index({ listed: 1 })
  .index({ s1: 1 })
  .index({ s2: 1 })
  .index({ s3: 1 })
  .index({ words: 1 })
  .index({ subjects: 1 })
  .index({ targetPositions: 1 })
  .index({ organizationTypes: 1 })
  .index({ competencies: 1 })
  .index({ format: 1 })
  .index({ providerId: 1 })
  .index({ voucherEligible: 1 });

const offerings = new Schema(
  {
    _id: String,
    programId: String,
    providerId: String,
    region: String,
    status: String,
    startsOn: String,
    endsOn: String,
    enrollmentDeadline: String,
    online: Boolean,
    place: String,
    capacity: Number,
    minimumGroupSize: Number,
    cancelledBecause: String,
  },
  { versionKey: false },
).index({ programId: 1 });

/** Provider names and ownership, to show beside programs. */
const providers = new Schema(
  { _id: String, region: String, name: String, ownership: String, kind: String },
  { versionKey: false },
);

export function wordsOf(title: string): string[] {
  const words = new Set<string>();
  for (const word of normalise(title).split(/[^\p{L}\p{N}]+/u)) {
    if (word.length === 0) continue;
    words.add(word);
    for (let end = 3; end < word.length; end += 1) words.add(word.slice(0, end));
  }
  return [...words];
}

/** Lower case, ё as е: how people type a title they half remember. */
export function normalise(text: string): string {
  return text.toLocaleLowerCase('ru').replaceAll('ё', 'е');
}

/**
 * Where a program sits in the register's shard order: 12 hex digits of a hash of its id (uniform
 * whatever the ids look like), then the id, so the order is total.
 */
export function shardKeyOf(programId: string): string {
  return `${createHash('sha1').update(programId).digest('hex').slice(0, 12)}\u0001${programId}`;
}

/** The shard fields of a listing: the key and its prefixes of 1, 2 and 3 hex digits. */
export function shardsOf(programId: string) {
  const shardKey = shardKeyOf(programId);
  return { shardKey, s1: shardKey.slice(0, 1), s2: shardKey.slice(0, 2), s3: shardKey.slice(0, 3) };
}

/** A listing's fields that leave the register: a program not approved (again) is found by no search. */
const UNLISTED = { listed: null } as const;

function card(content: ProgramContent, programId: string) {
  return {
    ...content,
    words: wordsOf(content.title),
    // \u0001, not \u0000: PostgreSQL's jsonb (FerretDB's storage) cannot hold NUL
    sortKey: `${normalise(content.title)}\u0001${programId}`,
  };
}

export const register = defineProjection<CatalogEvent>()({
  name: 'catalog-register',
  topics: [publicTopic('catalog')],
  eventTypes: [
    'catalog.ProviderRegistered',
    'catalog.ProviderUpdated',
    'catalog.ProgramDrafted',
    'catalog.ProgramDraftEdited',
    'catalog.ProgramSubmitted',
    'catalog.ProgramApproved',
    'catalog.ProgramReturned',
    'catalog.ProgramRejected',
    'catalog.ProgramArchived',
    'catalog.OfferingOpened',
    'catalog.OfferingClosed',
    'catalog.OfferingStarted',
    'catalog.OfferingFinished',
    'catalog.OfferingCancelled',
  ],
  collections: { programs, listings, offerings, providers },

  project(event): DocumentChange<'programs' | 'listings' | 'offerings' | 'providers'>[] {
    const position = event.streamPosition;
    const updatedAt = event.time;
    switch (event.type) {
      case 'catalog.ProviderRegistered':
      case 'catalog.ProviderUpdated': {
        const { providerId, region, name, ownership, kind } = event.data;
        return [
          { collection: 'providers', id: providerId, position, set: { region, name, ownership, kind } },
        ];
      }
      case 'catalog.ProgramDrafted': {
        const { programId, providerId, region, ...content } = event.data;
        return [
          {
            collection: 'programs',
            id: programId,
            position,
            set: {
              region,
              providerId,
              status: 'draft',
              revision: 0,
              comments: [],
              ...card(content, programId),
              updatedAt,
            },
          },
        ];
      }
      case 'catalog.ProgramDraftEdited': {
        const { programId, providerId: _p, region: _r, ...content } = event.data;
        return [
          {
            collection: 'programs',
            id: programId,
            position,
            set: { ...card(content, programId), updatedAt },
          },
        ];
      }
      case 'catalog.ProgramSubmitted':
      case 'catalog.ProgramApproved': {
        // both carry the whole revision: a program submitted as v1 (before drafts) appears here first
        const { programId, providerId, region, revision, ...content } = event.data;
        const approved = event.type === 'catalog.ProgramApproved';
        return [
          {
            collection: 'programs',
            id: programId,
            position,
            set: {
              region,
              providerId,
              status: approved ? 'approved' : 'submitted',
              revision,
              ...(approved ? { approvedRevision: revision } : {}),
              ...card(content, programId),
              comments: [],
              updatedAt,
            },
          },
          // a new revision under review leaves the register until it is approved (as before: the
          // register shows approved programs only)
          {
            collection: 'listings',
            id: programId,
            position,
            set: approved
              ? {
                  listed: region,
                  providerId,
                  revision,
                  approvedRevision: revision,
                  ...card(content, programId),
                  ...shardsOf(programId),
                  updatedAt,
                }
              : UNLISTED,
          },
        ];
      }
      case 'catalog.ProgramReturned':
      case 'catalog.ProgramRejected': {
        const { programId, revision, comments } = event.data;
        const status = event.type === 'catalog.ProgramReturned' ? 'returned' : 'rejected';
        return [
          { collection: 'programs', id: programId, position, set: { status, revision, comments, updatedAt } },
          { collection: 'listings', id: programId, position, set: UNLISTED },
        ];
      }
      case 'catalog.ProgramArchived': {
        const { programId, reason } = event.data;
        return [
          {
            collection: 'programs',
            id: programId,
            position,
            set: { status: 'archived', archivedBecause: reason, updatedAt },
          },
          { collection: 'listings', id: programId, position, set: UNLISTED },
        ];
      }
      case 'catalog.OfferingOpened': {
        const { offeringId, ...data } = event.data;
        return [{ collection: 'offerings', id: offeringId, position, set: { ...data, status: 'open' } }];
      }
      case 'catalog.OfferingClosed':
        return [{ collection: 'offerings', id: event.data.offeringId, position, set: { status: 'closed' } }];
      case 'catalog.OfferingStarted':
        return [{ collection: 'offerings', id: event.data.offeringId, position, set: { status: 'running' } }];
      case 'catalog.OfferingFinished':
        return [
          { collection: 'offerings', id: event.data.offeringId, position, set: { status: 'finished' } },
        ];
      case 'catalog.OfferingCancelled':
        return [
          {
            collection: 'offerings',
            id: event.data.offeringId,
            position,
            set: { status: 'cancelled', cancelledBecause: event.data.reason },
          },
        ];
      default:
        return [];
    }
  },
});
