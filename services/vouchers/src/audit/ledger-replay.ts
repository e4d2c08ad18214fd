import { type EventEnvelope, upcastStoredEvent, type VouchersEvent } from '@pk/contracts';
import type { EventStore } from '@pk/kernel';
import {
  budgetId,
  LEDGER_EVENT_TYPES,
  voucherLedger,
  yearKey,
} from '../projections/voucher-ledger/voucher-ledger.projection';
import {
  addUpYear,
  type YearDocuments,
  type YearTotals,
} from '../projections/voucher-ledger/voucher-ledger.totals';

// The auditor's replay: the ledger recomputed from the event store alone — the same projection folded
// over the stored events, never the topic — and compared with the read model document by document
// and total by total. Read-only: it writes nothing anywhere.

export type LedgerCollection = 'vouchers' | 'blocks' | 'budgets' | 'tariffs' | 'allotments' | 'contracts';
export const LEDGER_COLLECTIONS: readonly LedgerCollection[] = [
  'vouchers',
  'blocks',
  'budgets',
  'tariffs',
  'allotments',
  'contracts',
];

export type LedgerDocument = Record<string, unknown> & { _id: string; _position?: number };

const LEDGER_TYPES: ReadonlySet<string> = new Set(LEDGER_EVENT_TYPES);

/** Whether a stored event is one the ledger reads (private events and others are passed over). */
export const readByLedger = (event: EventEnvelope) => LEDGER_TYPES.has(event.type);

/**
 * The ledger's documents folded from events, as the runner writes them: each change sets its fields
 * on the document, and a change at or before the position the document reflects is dropped.
 */
export class LedgerFold {
  private readonly documents = new Map<LedgerCollection, Map<string, LedgerDocument>>(
    LEDGER_COLLECTIONS.map((c) => [c, new Map()]),
  );

  /**
   * Applies a stored event, upcast to its current version. Not checked against its schema again: it
   * met its contract when it was appended, and a check per event would cost the replay most of its time.
   */
  apply(stored: EventEnvelope): void {
    if (!readByLedger(stored)) return;
    const event = upcastStoredEvent(stored) as VouchersEvent;
    for (const change of voucherLedger.project(event)) {
      const collection = this.documents.get(change.collection)!;
      const current = collection.get(change.id);
      if (current?._position !== undefined && current._position >= change.position) continue;
      collection.set(change.id, { ...current, ...change.set, _id: change.id, _position: change.position });
    }
  }

  /** How many documents a collection holds so far (the replay's progress: vouchers recomputed). */
  size(collection: LedgerCollection): number {
    return this.documents.get(collection)!.size;
  }

  documentsOf(collection: LedgerCollection): LedgerDocument[] {
    return [...this.documents.get(collection)!.values()];
  }

  /** The documents of a collection that belong to a region's year, as the read model selects them. */
  ofYear(collection: LedgerCollection, region: string, year: number): LedgerDocument[] {
    if (collection === 'budgets' || collection === 'tariffs') {
      const found = this.documents.get(collection)!.get(budgetId(region, year));
      return found ? [found] : [];
    }
    const key = yearKey(region, year);
    return this.documentsOf(collection).filter((d) => d['yearKey'] === key);
  }

  /** The years of a region the folded documents cover. */
  yearsOf(region: string): number[] {
    const years = new Set<number>();
    for (const collection of LEDGER_COLLECTIONS) {
      for (const document of this.documents.get(collection)!.values()) {
        if (document['region'] === region && typeof document['year'] === 'number')
          years.add(document['year']);
      }
    }
    return [...years].sort((a, b) => a - b);
  }

  totals(region: string, year: number): YearTotals {
    return addUpYear(
      region,
      year,
      documentsForTotals((c) => this.ofYear(c, region, year)),
    );
  }
}

/** The documents a year's totals are added up from, whichever side holds them. */
export function documentsForTotals(of: (collection: LedgerCollection) => LedgerDocument[]): YearDocuments {
  // the ledger's own documents, of the shapes its projection writes
  return {
    budget: of('budgets')[0],
    tariff: of('tariffs')[0],
    allotments: of('allotments'),
    contracts: of('contracts'),
    blocks: of('blocks'),
  } as unknown as YearDocuments;
}

export interface ReplayProgress {
  /** Events read from the store so far. */
  readonly read: number;
  /** Of them, the region's events the ledger reads. */
  readonly replayed: number;
  /** Vouchers recomputed so far (the region's, of the year if one is replayed). */
  readonly vouchers: number;
}

/**
 * Folds every ledger event of a region (of one year, if given) recorded at or before `at` (every one
 * without it), reading the whole store in global order a page at a time.
 */
export async function replayRegion(
  store: EventStore,
  region: string,
  options: {
    year?: number;
    at?: Date;
    pageSize?: number;
    onProgress?: (progress: ReplayProgress) => void;
  } = {},
): Promise<{ fold: LedgerFold; read: number; replayed: number }> {
  const fold = new LedgerFold();
  const until = options.at?.toISOString();
  let checkpoint: string | null = null;
  let read = 0;
  let replayed = 0;
  for (;;) {
    const page = await store.readAll(checkpoint, options.pageSize ?? 2_000);
    if (page.length === 0) break;
    checkpoint = page[page.length - 1]!.globalPosition;
    read += page.length;
    for (const event of page) {
      if (!readByLedger(event)) continue;
      const data = event.data as { region?: string; year?: number };
      if (data.region !== region) continue;
      if (options.year !== undefined && data.year !== options.year) continue;
      if (until !== undefined && event.time > until) continue;
      fold.apply(event);
      replayed += 1;
    }
    options.onProgress?.({ read, replayed, vouchers: fold.size('vouchers') });
  }
  return { fold, read, replayed };
}

/** One thing the read model says otherwise than the event store. */
export interface Difference {
  readonly collection: LedgerCollection | 'totals';
  readonly id: string;
  /** The field that differs; `*` when the whole document is missing on one side. */
  readonly field: string;
  /** From the event store (null: the event store has no such document). */
  readonly replayed: unknown;
  /** From the read model (null: the read model has no such document). */
  readonly stored: unknown;
}

/** Field-by-field differences between the documents replayed and those the read model holds. */
export function compareDocuments(
  collection: LedgerCollection,
  replayed: readonly LedgerDocument[],
  stored: readonly LedgerDocument[],
): Difference[] {
  const differences: Difference[] = [];
  const found = new Map(stored.map((d) => [d._id, d]));
  for (const expected of replayed) {
    const actual = found.get(expected._id);
    found.delete(expected._id);
    if (!actual) {
      differences.push({ collection, id: expected._id, field: '*', replayed: expected, stored: null });
      continue;
    }
    for (const field of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      if (field === '_id') continue;
      if (!sameValue(expected[field], actual[field])) {
        differences.push({
          collection,
          id: expected._id,
          field,
          replayed: expected[field] ?? null,
          stored: actual[field] ?? null,
        });
      }
    }
  }
  for (const extra of found.values()) {
    differences.push({ collection, id: extra._id, field: '*', replayed: null, stored: extra });
  }
  return differences;
}

/** Differences between the year's totals from the event store and from the read model. */
export function compareTotals(replayed: YearTotals, stored: YearTotals): Difference[] {
  const id = `${replayed.region}-${replayed.year}`;
  const differences: Difference[] = [];
  for (const field of ['budget', 'allotted', 'committed', 'reserved', 'spent'] as const) {
    if (replayed[field] !== stored[field]) {
      differences.push({ collection: 'totals', id, field, replayed: replayed[field], stored: stored[field] });
    }
  }
  const byKey = <T extends Record<string, unknown>>(rows: readonly T[], key: keyof T) =>
    new Map(rows.map((row) => [String(row[key]), row]));
  for (const [part, key] of [
    ['municipalities', 'municipalityId'],
    ['providers', 'providerId'],
  ] as const) {
    const left = byKey(replayed[part] as unknown as Record<string, unknown>[], key);
    const right = byKey(stored[part] as unknown as Record<string, unknown>[], key);
    for (const name of new Set([...left.keys(), ...right.keys()])) {
      const a = left.get(name) ?? null;
      const b = right.get(name) ?? null;
      if (!sameValue(a, b))
        differences.push({
          collection: 'totals',
          id: `${id}/${part}/${name}`,
          field: '*',
          replayed: a,
          stored: b,
        });
    }
  }
  return differences;
}

/** Equal as JSON values, whatever the order of keys; a missing field and null are the same. */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined && v !== null)
        .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}
