import { Inject, Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@pk/contracts';
import type { EventStore } from '@pk/kernel';
import type { ReadModelOf } from '@pk/projections';
import { EVENT_STORE, InjectReadModel } from '@pk/service-runtime';
import { budgetId, voucherLedger, yearKey } from '../projections/voucher-ledger/voucher-ledger.projection';
import { type VoucherDocument, voucherView } from '../projections/voucher-ledger/voucher-ledger.queries';
import { addUpYear, type YearTotals } from '../projections/voucher-ledger/voucher-ledger.totals';
import {
  compareDocuments,
  compareTotals,
  type Difference,
  documentsForTotals,
  LEDGER_COLLECTIONS,
  type LedgerCollection,
  type LedgerDocument,
  LedgerFold,
  readByLedger,
  replayRegion,
  type ReplayProgress,
} from './ledger-replay';

/** The read model's side of a comparison: a region's year of one collection, as stored. */
export interface StoredLedger {
  ofYear(collection: LedgerCollection, region: string, year: number): Promise<LedgerDocument[]>;
}

/** At most this many differences are listed; the report counts them all. */
export const LISTED_DIFFERENCES = 1_000;

export interface ReplayReport {
  readonly region: string;
  readonly year: number | null;
  /** The moment replayed to; null: now, compared with the read model. */
  readonly at: string | null;
  readonly eventsRead: number;
  readonly eventsReplayed: number;
  readonly vouchers: number;
  /** Whether the read model was compared (only a replay to now is). */
  readonly compared: boolean;
  readonly years: readonly YearTotals[];
  readonly differenceCount: number;
  readonly differences: readonly Difference[];
}

/**
 * Compares the ledger folded from the event store with the read model, year by year: every document
 * of every collection, then the year's money totals.
 */
export async function compareLedger(
  fold: LedgerFold,
  stored: StoredLedger,
  region: string,
  years: readonly number[],
  onProgress?: (compared: number, total: number) => void,
): Promise<Difference[]> {
  const differences: Difference[] = [];
  const total = years.length * LEDGER_COLLECTIONS.length;
  let done = 0;
  for (const year of years) {
    // the collections are read at once: the store decodes each document, and the vouchers and
    // blocks of a region's year are most of the replay's time
    const found = new Map<LedgerCollection, LedgerDocument[]>(
      await Promise.all(
        LEDGER_COLLECTIONS.map(async (collection) => {
          const documents = await stored.ofYear(collection, region, year);
          onProgress?.(++done, total);
          return [collection, documents] as const;
        }),
      ),
    );
    for (const collection of LEDGER_COLLECTIONS) {
      differences.push(
        ...compareDocuments(collection, fold.ofYear(collection, region, year), found.get(collection)!),
      );
    }
    const storedTotals = addUpYear(
      region,
      year,
      documentsForTotals((c) => found.get(c) ?? []),
    );
    differences.push(...compareTotals(fold.totals(region, year), storedTotals));
  }
  return differences;
}

export async function replayReport(
  store: EventStore,
  stored: StoredLedger,
  region: string,
  options: {
    year?: number;
    at?: Date;
    onReplay?: (progress: ReplayProgress) => void;
    onCompare?: (compared: number, total: number) => void;
    /** List every difference, not only the first LISTED_DIFFERENCES (the CLI's JSON report). */
    listAll?: boolean;
  } = {},
): Promise<ReplayReport> {
  const { fold, read, replayed } = await replayRegion(store, region, {
    year: options.year,
    at: options.at,
    onProgress: options.onReplay,
  });
  const years = options.year !== undefined ? [options.year] : fold.yearsOf(region);
  // the read model holds the ledger as it is now: a replay to a past moment is not compared with it
  const differences =
    options.at === undefined ? await compareLedger(fold, stored, region, years, options.onCompare) : [];
  return {
    region,
    year: options.year ?? null,
    at: options.at?.toISOString() ?? null,
    eventsRead: read,
    eventsReplayed: replayed,
    vouchers: fold.documentsOf('vouchers').filter((v) => v['region'] === region).length,
    compared: options.at === undefined,
    years: years.map((year) => fold.totals(region, year)),
    differenceCount: differences.length,
    differences: options.listAll ? differences : differences.slice(0, LISTED_DIFFERENCES),
  };
}

/** One event of a voucher's history as the auditor reads it: who, when, why, what, and the state after. */
export interface HistoryEntry {
  readonly position: number;
  readonly type: string;
  readonly time: string;
  readonly actor: { readonly id: string; readonly role: string };
  readonly correlationId: string;
  /** The command or event that caused it (an enrollment event, for a reaction); null for none. */
  readonly causationId: string | null;
  readonly data: unknown;
  readonly state: ReturnType<typeof voucherView>;
}

/** The auditor's reads from the event store: a voucher's history and state as of any moment, the replay. */
@Injectable()
export class VoucherAudit implements StoredLedger {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @InjectReadModel(voucherLedger) private readonly model: ReadModelOf<typeof voucherLedger>,
  ) {}

  /** Every event of the voucher's stream with its actor, time and cause, and the voucher after it. */
  async history(voucherId: string): Promise<{ region: string; events: HistoryEntry[] } | undefined> {
    const events = await this.store.readStream(`voucher-${voucherId}`);
    const fold = new LedgerFold();
    const entries: HistoryEntry[] = [];
    for (const event of events) {
      fold.apply(event);
      const voucher = fold.documentsOf('vouchers')[0];
      if (!voucher) continue;
      entries.push({
        position: event.streamPosition,
        type: event.type,
        time: event.time,
        actor: event.actor,
        correlationId: event.correlationId,
        causationId: event.causationId,
        data: readByLedger(event) ? event.data : null,
        state: voucherView(voucher as unknown as VoucherDocument),
      });
    }
    const last = entries[entries.length - 1];
    return last ? { region: last.state.region, events: entries } : undefined;
  }

  /** The voucher as it stood at a moment: its stream's events recorded at or before it, folded. */
  async asOf(voucherId: string, at: Date) {
    const fold = new LedgerFold();
    const events: EventEnvelope[] = await this.store.readStream(`voucher-${voucherId}`, { until: at });
    for (const event of events) fold.apply(event);
    const voucher = fold.documentsOf('vouchers')[0];
    return voucher ? voucherView(voucher as unknown as VoucherDocument) : undefined;
  }

  replay(
    region: string,
    options: {
      year?: number;
      at?: Date;
      onReplay?: (progress: ReplayProgress) => void;
      onCompare?: (compared: number, total: number) => void;
    } = {},
  ): Promise<ReplayReport> {
    return replayReport(this.store, this, region, options);
  }

  /**
   * How many vouchers the read model holds for the region (of a year): what a replay's progress counts
   * towards. The years are the region's budgets (a handful of documents), each counted by `yearKey`.
   */
  async vouchersInReadModel(region: string, year?: number): Promise<number> {
    const years =
      year !== undefined
        ? [year]
        : (
            await this.model.collection('budgets').find<{ year: number }>({ region }, { fields: { year: 1 } })
          ).map((b) => b.year);
    const counts = await Promise.all(
      years.map((y) => this.model.collection('vouchers').count({ yearKey: yearKey(region, y) })),
    );
    return counts.reduce((sum, n) => sum + n, 0);
  }

  async ofYear(collection: LedgerCollection, region: string, year: number): Promise<LedgerDocument[]> {
    const documents = this.model.collection(collection);
    if (collection === 'budgets' || collection === 'tariffs') {
      const found = await documents.findById<LedgerDocument>(budgetId(region, year));
      return found ? [found] : [];
    }
    return documents.find<LedgerDocument>({ yearKey: yearKey(region, year) });
  }
}
