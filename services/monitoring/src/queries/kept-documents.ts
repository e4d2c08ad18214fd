import type { ReadCollection } from '@pk/projections';
import pLimit from 'p-limit';
import { STAMPS_PART, type StampsData, stampOf, stampsId } from '../projections/stamps';

/** A partition's document of a region as a query uses it: its payload parsed. */
export interface KeptDocument {
  readonly part: string;
  readonly year: number | null;
  readonly municipalityId: string | null;
  /** `data` parsed. */
  readonly data: unknown;
}

/** What a region's documents are as read: `version` changes whenever any of them does. */
export interface KeptRegion {
  readonly version: string;
  readonly documents: readonly KeptDocument[];
}

interface Kept extends KeptDocument {
  readonly region: string;
  readonly stamp: string;
}

interface StoredDocument {
  _id: string;
  part?: string | null;
  year?: number | null;
  municipalityId?: string | null;
  data?: string | null;
}

/** Documents read again at once when their stamps changed: one read model connection serves them. */
const READS_IN_FLIGHT = 8;

/**
 * A region's per-partition documents (an aggregate written `withStamps`), kept parsed between
 * requests: each request reads the region's stamps documents (one a partition, a few KB), and reads
 * again by `_id` only the documents whose stamp differs from what it holds. What it keeps is exactly
 * what it read: the stamp of a document is taken from the `data` read, not from the stamps document,
 * so a document read just before the partition rewrote it is read again at the next request.
 */
export class KeptDocuments {
  private readonly kept = new Map<string, Kept>();

  constructor(private readonly collection: () => ReadCollection<unknown>) {}

  async read(region: string): Promise<KeptRegion> {
    const collection = this.collection();
    const stamps = await collection.find<StoredDocument>(
      { region, part: STAMPS_PART },
      { fields: { _id: 1, data: 1 } },
    );
    // the partition's prefix of a document's id is the one of its stamps document
    const suffix = stampsId(region);
    const named = new Map<string, string>();
    for (const document of stamps) {
      if (typeof document.data !== 'string' || !document._id.endsWith(suffix)) continue;
      const prefix = document._id.slice(0, document._id.length - suffix.length);
      for (const [id, stamp] of Object.entries(JSON.parse(document.data) as StampsData))
        named.set(prefix + id, stamp);
    }
    const limit = pLimit(READS_IN_FLIGHT);
    await Promise.all(
      [...named]
        .filter(([id, stamp]) => this.kept.get(id)?.stamp !== stamp)
        .map(([id]) =>
          limit(async () => {
            const stored = await collection.findById<StoredDocument>(id, {
              part: 1,
              year: 1,
              municipalityId: 1,
              data: 1,
            });
            if (!stored || typeof stored.data !== 'string') {
              this.kept.delete(id);
              return;
            }
            this.kept.set(id, {
              region,
              stamp: stampOf(stored.data),
              part: stored.part ?? '',
              year: stored.year ?? null,
              municipalityId: stored.municipalityId ?? null,
              data: JSON.parse(stored.data),
            });
          }),
        ),
    );
    // what no partition names any more (a document emptied, another generation's) is let go
    for (const [id, kept] of this.kept) if (kept.region === region && !named.has(id)) this.kept.delete(id);
    const documents: Kept[] = [];
    const stampsRead: string[] = [];
    for (const id of [...named.keys()].sort()) {
      const kept = this.kept.get(id);
      if (!kept) continue;
      documents.push(kept);
      stampsRead.push(`${id}=${kept.stamp}`);
    }
    return { version: stampOf(stampsRead.join('\n')), documents };
  }
}

/**
 * Values computed from a region's documents, kept until they change: `of(region, version)` gives
 * the values of that version, emptied when the version moves on.
 */
export class ComputedPerVersion<T> {
  private readonly regions = new Map<string, { version: string; value: T }>();

  constructor(private readonly initial: (region: string) => T) {}

  of(region: string, version: string): T {
    const held = this.regions.get(region);
    if (held?.version === version) return held.value;
    const value = this.initial(region);
    this.regions.set(region, { version, value });
    return value;
  }
}
