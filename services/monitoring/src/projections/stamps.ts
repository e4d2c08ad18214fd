import { createHash } from 'node:crypto';
import type { AggregateDocument } from '@pk/projections';

// What lets a query keep a partition's documents between requests (services/monitoring/README.md,
// «Read once, kept until they change»). A region's answer adds up every partition's documents, and
// at Samara's size those hold megabytes of JSON (the teachers joined by the course numerators, the
// schools): reading and parsing them on every request is most of its time. So each partition also
// writes, per region, a small `stamps` document naming each of its other documents of the region
// with a hash of its `data`; a query reads the stamps, and reads again only a document whose hash
// is not the one it holds. The stamps are written in the same batch as the documents they name.

/** The part a stamps document is kept under. */
export const STAMPS_PART = 'stamps';

/** What a stamps document's `data` holds: per document id (unprefixed), the hash of its `data`. */
export type StampsData = Record<string, string>;

/** The hash a stamp holds: of the document's `data` text, as written and as read back. */
export const stampOf = (data: string): string => createHash('sha1').update(data).digest('base64url');

/**
 * The documents an aggregate's state adds up to, with one stamps document per region beside them.
 * Each document must carry its `region` and its payload as JSON text in `data`.
 */
export function withStamps<TCollection extends string>(
  collection: TCollection,
  documents: readonly AggregateDocument<TCollection>[],
): AggregateDocument<TCollection>[] {
  const stamps = new Map<string, StampsData>();
  for (const document of documents) {
    const { region, data } = document.set as { region?: unknown; data?: unknown };
    if (typeof region !== 'string' || typeof data !== 'string') continue;
    const ofRegion = stamps.get(region) ?? {};
    stamps.set(region, ofRegion);
    ofRegion[document.id] = stampOf(data);
  }
  return [
    ...documents,
    ...[...stamps].map(([region, data]) => ({
      collection,
      id: stampsId(region),
      set: { region, part: STAMPS_PART, data: JSON.stringify(data) },
    })),
  ];
}

/** The id of a region's stamps document within its partition. */
export const stampsId = (region: string) => `${region}:${STAMPS_PART}`;
