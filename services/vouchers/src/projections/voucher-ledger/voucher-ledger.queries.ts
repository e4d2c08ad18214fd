import { Injectable } from '@nestjs/common';
import type { BlockKind, Subject } from '@pk/contracts';
import type { ReadModelOf } from '@pk/projections';
import { InjectReadModel } from '@pk/service-runtime';
import { matchesProfile } from '../../domain/entitlement';
import { fitKey, spendablePrograms } from '../spendable-programs/spendable-programs.projection';
import { addUpYear, type YearDocuments, type YearTotals } from './voucher-ledger.totals';
import {
  allotmentId,
  type BlockState,
  budgetId,
  municipalityKey,
  organizationKey,
  providerKey,
  providerPeriodKey,
  type VoucherStatus,
  voucherLedger,
  yearKey,
} from './voucher-ledger.projection';

/** A block's changing part, as the voucher document holds it (`block1`, `block2`). */
interface BlockSpending {
  readonly state: BlockState;
  readonly since: string;
  readonly requestId: string | null;
  readonly applicationId: string | null;
  readonly programId: string | null;
  readonly offeringId: string | null;
  readonly providerId: string | null;
  readonly contractId: string | null;
  readonly matchesProfile?: boolean | null;
  readonly amount: number | null;
  readonly completedOn: string | null;
  readonly certificateNumber: string | null;
}

export interface VoucherDocument {
  readonly _id: string;
  readonly _position?: number;
  readonly teacherId: string;
  readonly region: string;
  readonly year: number;
  readonly municipalityId: string;
  readonly organizationId: string;
  readonly position: string;
  readonly organizationKind: string;
  readonly subjects: readonly string[];
  readonly workProfile: string;
  readonly category: string;
  readonly blocks: readonly { block: number; kind: BlockKind; hours: number; matchesProfile: boolean }[];
  readonly costPerHour: { variable: number; internship: number };
  readonly amount: number;
  readonly status: VoucherStatus;
  readonly block1?: BlockSpending;
  readonly block2?: BlockSpending;
  readonly revokedBecause?: string;
  readonly lastRefusal?: Record<string, unknown>;
  readonly issuedAt: string;
  readonly updatedAt: string;
}

export interface BlockDocument {
  readonly _id: string;
  readonly voucherId: string;
  readonly teacherId: string;
  readonly region: string;
  readonly year: number;
  readonly municipalityId: string;
  readonly organizationId: string;
  readonly block: number;
  readonly kind: BlockKind;
  readonly hours: number;
  readonly state: BlockState;
  readonly requestId: string | null;
  readonly applicationId: string | null;
  readonly programId: string | null;
  readonly offeringId: string | null;
  readonly providerId: string | null;
  readonly contractId: string | null;
  readonly matchesProfile: boolean | null;
  readonly amount: number;
  readonly since: string;
  readonly completedOn: string | null;
  readonly certificateNumber: string | null;
}

/** A program a free block can still be spent on. */
export interface SpendableProgram {
  readonly programId: string;
  readonly title: string;
  readonly providerId: string;
  readonly providerName: string | null;
  readonly hours: number;
  readonly format: string;
  /** The program matches the teacher's subject or work profile (the subject rule). */
  readonly matchesProfile: boolean;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Pass as `after` for the next page; null on the last. */
  readonly next: string | null;
}

export interface Money {
  reserved: number;
  redeemed: number;
}

export interface ContractDocument {
  readonly _id: string;
  readonly region: string;
  readonly year: number;
  readonly providerId: string;
  readonly number: string;
  readonly signedOn: string;
  readonly validUntil: string;
  readonly status: 'active' | 'terminated';
  readonly terminatedOn?: string;
  readonly terminatedBecause?: string;
}

export interface MonthMoney {
  readonly period: string;
  readonly reserved: number;
  readonly redeemed: number;
  readonly payable: number;
}

/** A voucher as its reader sees it: each block's effective state, and what a free block can take. */
export function voucherView(voucher: VoucherDocument) {
  const blocks = voucher.blocks.map((issued) => {
    const spending = (issued.block === 1 ? voucher.block1 : voucher.block2) ?? undefined;
    const state = effectiveState(voucher.status, spending?.state ?? 'free');
    return {
      block: issued.block,
      kind: issued.kind,
      hours: issued.hours,
      value: issued.hours * voucher.costPerHour[issued.kind],
      state,
      since: spending?.since ?? voucher.issuedAt.slice(0, 10),
      programId: spending?.programId ?? null,
      offeringId: spending?.offeringId ?? null,
      applicationId: spending?.applicationId ?? null,
      providerId: spending?.providerId ?? null,
      contractId: spending?.contractId ?? null,
      matchesProfile: spending?.matchesProfile ?? null,
      completedOn: spending?.completedOn ?? null,
      certificateNumber: spending?.certificateNumber ?? null,
    };
  });
  const sum = (state: BlockState) =>
    blocks.filter((b) => b.state === state).reduce((total, b) => total + b.value, 0);
  return {
    voucherId: voucher._id,
    teacherId: voucher.teacherId,
    region: voucher.region,
    year: voucher.year,
    municipalityId: voucher.municipalityId,
    organizationId: voucher.organizationId,
    position: voucher.position,
    organizationKind: voucher.organizationKind,
    category: voucher.category,
    status: voucher.status,
    amount: voucher.amount,
    costPerHour: voucher.costPerHour,
    reserved: sum('reserved'),
    redeemed: sum('redeemed'),
    returned: sum('expired') + sum('revoked'),
    revokedBecause: voucher.revokedBecause ?? null,
    lastRefusal: voucher.lastRefusal ?? null,
    issuedAt: voucher.issuedAt,
    updatedAt: voucher.updatedAt,
    blocks,
  };
}

export type VoucherView = ReturnType<typeof voucherView>;

/**
 * A revoked voucher's free blocks are gone although its revocation names only the reserved ones it
 * released; an expired voucher's were named by its expiry.
 */
function effectiveState(status: VoucherStatus, state: BlockState): BlockState {
  return status === 'revoked' && state === 'free' ? 'revoked' : state;
}

/**
 * Whether a free block of the voucher may only take a program matching the teacher's subject or work
 * profile: the subject rule binds the voucher (some block was issued bound by it) and no other block
 * can satisfy it any more — none spent or reserved on a matching program, and no other free block of
 * the same kind left to take one.
 */
export function mustMatchProfile(
  view: VoucherView,
  block: number,
  issued: VoucherDocument['blocks'],
): boolean {
  if (!issued.some((b) => b.matchesProfile)) return false;
  const own = view.blocks.find((b) => b.block === block)!;
  const others = view.blocks.filter((b) => b.block !== block);
  const satisfied = others.some(
    (b) => (b.state === 'reserved' || b.state === 'redeemed') && b.matchesProfile === true,
  );
  const anotherCanStill = others.some((b) => b.state === 'free' && b.kind === own.kind);
  return !satisfied && !anotherCanStill;
}

/** What the vouchers' read models answer: vouchers, blocks and money. */
@Injectable()
export class VoucherLedger {
  constructor(
    @InjectReadModel(voucherLedger) private readonly model: ReadModelOf<typeof voucherLedger>,
    @InjectReadModel(spendablePrograms) private readonly register: ReadModelOf<typeof spendablePrograms>,
  ) {}

  /** One voucher, or undefined. */
  async voucher(voucherId: string): Promise<VoucherDocument | undefined> {
    return (await this.model.collection('vouchers').findById<VoucherDocument>(voucherId)) ?? undefined;
  }

  /** A teacher's vouchers, the latest cycle first: a handful, by an indexed field. */
  async ofTeacher(teacherId: string, year?: number): Promise<VoucherDocument[]> {
    const found = await this.model
      .collection('vouchers')
      .find<VoucherDocument>(year === undefined ? { teacherId } : { teacherId, year }, {
        fields: { _position: 0 },
      });
    return found.sort((a, b) => b.year - a.year || a._id.localeCompare(b._id));
  }

  /**
   * A voucher with what each free block can still be spent on: the register's programs that fit the
   * block's kind, the teacher's position and kind of organization (one indexed equality on the fit
   * key), whose provider holds a contract of the voucher's year that is not terminated, and that match
   * the teacher's subject or profile where the subject rule requires it.
   */
  async withSpendable(voucher: VoucherDocument) {
    const view = voucherView(voucher);
    const contracted = new Map<string, boolean>();
    const names = new Map<string, string | null>();
    const blocks = [];
    for (const block of view.blocks) {
      if (block.state !== 'free' || voucher.status !== 'issued') {
        blocks.push({ ...block, mustMatchProfile: false, spendableOn: [] as SpendableProgram[] });
        continue;
      }
      const mustMatch = mustMatchProfile(view, block.block, voucher.blocks);
      const programs = await this.register.collection('programs').find<{
        _id: string;
        title: string;
        providerId: string;
        hours: number;
        format: string;
        subjects?: Subject[];
        workProfile?: string;
      }>({ fits: fitKey(voucher.region, block.kind, voucher.position, voucher.organizationKind) }, { fields: { _position: 0, fits: 0, competencies: 0 }, sort: { title: 1, _id: 1 } });
      const spendableOn: SpendableProgram[] = [];
      for (const program of programs) {
        const matches = matchesProfile(
          { subjects: program.subjects ?? [], workProfile: program.workProfile ?? '' },
          voucher,
        );
        if (mustMatch && !matches) continue;
        if (!contracted.has(program.providerId)) {
          contracted.set(program.providerId, await this.hasContract(program.providerId, voucher.year));
        }
        if (!contracted.get(program.providerId)) continue;
        if (!names.has(program.providerId)) {
          const provider = await this.register
            .collection('providers')
            .findById<{ name?: string }>(program.providerId);
          names.set(program.providerId, provider?.name ?? null);
        }
        spendableOn.push({
          programId: program._id,
          title: program.title,
          providerId: program.providerId,
          providerName: names.get(program.providerId) ?? null,
          hours: program.hours,
          format: program.format,
          matchesProfile: matches,
        });
      }
      blocks.push({ ...block, mustMatchProfile: mustMatch, spendableOn });
    }
    return { ...view, blocks };
  }

  /** A school's vouchers of a year, by id, a page at a time (one indexed equality, a school's staff). */
  async ofSchool(organizationId: string, year: number, after: string | undefined, limit: number) {
    return this.page<VoucherDocument>(
      'vouchers',
      { organizationKey: organizationKey(organizationId, year) },
      after,
      limit,
    );
  }

  /** A provider's blocks of a year in one state (reserved or redeemed), by id, a page at a time. */
  async blocksOfProvider(
    providerId: string,
    year: number,
    state: BlockState,
    after: string | undefined,
    limit: number,
  ) {
    return this.page<BlockDocument>(
      'blocks',
      { providerKey: providerKey(providerId, year, state) },
      after,
      limit,
    );
  }

  /**
   * A provider's money in months (YYYY-MM): what is reserved with it (blocks whose reservation began
   * in the month and still holds), what it redeemed (courses completed in the month), and what it is
   * owed per contract — the payables, at the vouchers' tariff. One indexed equality per month.
   */
  async moneyOfProvider(providerId: string, region: string, year: number, months: readonly string[]) {
    const perMonth: MonthMoney[] = [];
    const payables = new Map<string, number>();
    for (const month of months) {
      const blocks = await this.model
        .collection('blocks')
        .find<BlockDocument>(
          { providerPeriodKey: providerPeriodKey(providerId, year, month) },
          { fields: { _position: 0 } },
        );
      let reserved = 0;
      let redeemed = 0;
      for (const block of blocks) {
        if (block.region !== region) continue;
        if (block.state === 'reserved') reserved += block.amount;
        if (block.state === 'redeemed') {
          redeemed += block.amount;
          const contract = block.contractId ?? 'none';
          payables.set(contract, (payables.get(contract) ?? 0) + block.amount);
        }
      }
      perMonth.push({ period: month, reserved, redeemed, payable: redeemed });
    }
    const total = (key: 'reserved' | 'redeemed' | 'payable') => perMonth.reduce((sum, m) => sum + m[key], 0);
    return {
      providerId,
      reserved: total('reserved'),
      redeemed: total('redeemed'),
      payable: total('payable'),
      months: perMonth,
      contracts: [...payables.entries()]
        .map(([contractId, payable]) => ({ contractId, payable }))
        .sort((a, b) => a.contractId.localeCompare(b.contractId)),
    };
  }

  /** The provider's contracts (a few per year). */
  async contractsOf(providerId: string) {
    const found = await this.model
      .collection('contracts')
      .find<ContractDocument & { yearKey?: string }>(
        { providerId },
        { fields: { _position: 0, yearKey: 0 } },
      );
    return found
      .map(({ _id, ...contract }) => ({ contractId: _id, ...contract }))
      .sort((a, b) => b.year - a.year || a.contractId.localeCompare(b.contractId));
  }

  /**
   * The year's money and the ministry's totals by municipality and by provider. Budget and allotted
   * come from the budget stream's document, what is committed from the allotments' (a few dozen);
   * what is reserved and spent is added up from the reserved and redeemed blocks of every provider
   * contracted in the year — one indexed equality per provider and state, decoding only blocks that
   * carry money, never the free ones.
   */
  async yearTotals(region: string, year: number): Promise<YearTotals> {
    const key = yearKey(region, year);
    const [budget, tariff, allotments, contracts] = await Promise.all([
      this.model.collection('budgets').findById<YearDocuments['budget']>(budgetId(region, year)),
      this.model.collection('tariffs').findById<YearDocuments['tariff']>(budgetId(region, year)),
      this.model.collection('allotments').find<YearDocuments['allotments'][number]>({ yearKey: key }),
      this.model.collection('contracts').find<YearDocuments['contracts'][number]>({ yearKey: key }),
    ]);
    const blocks: YearDocuments['blocks'][number][] = [];
    for (const providerId of new Set(contracts.map((contract) => contract.providerId))) {
      for (const state of ['reserved', 'redeemed'] as const) {
        blocks.push(
          ...(await this.model.collection('blocks').find<YearDocuments['blocks'][number]>(
            { providerKey: providerKey(providerId, year, state) },
            {
              fields: { _id: 0, region: 1, year: 1, state: 1, providerId: 1, municipalityId: 1, amount: 1 },
            },
          )),
        );
      }
    }
    return addUpYear(region, year, { budget, tariff, allotments, contracts, blocks });
  }

  /** A municipality's vouchers of a year (the replay compares them page by page). */
  async ofMunicipality(municipalityId: string, year: number, after: string | undefined, limit: number) {
    return this.page<VoucherDocument>(
      'vouchers',
      { municipalityKey: municipalityKey(municipalityId, year) },
      after,
      limit,
    );
  }

  /** Every document of the ledger of a region's year in one collection, for the auditor's replay. */
  async allOfYear(collection: 'vouchers' | 'blocks', region: string, year: number) {
    return this.model
      .collection(collection)
      .find<Record<string, unknown> & { _id: string }>({ yearKey: yearKey(region, year) });
  }

  /** The allotment document of a municipality's year. */
  async allotment(region: string, year: number, municipalityId: string) {
    return this.model.collection('allotments').findById(allotmentId(region, year, municipalityId));
  }

  async budget(region: string, year: number) {
    return this.model.collection('budgets').findById(budgetId(region, year));
  }

  private async hasContract(providerId: string, year: number): Promise<boolean> {
    const found = await this.model
      .collection('contracts')
      .find<{ year: number; status: string }>({ providerId }, { fields: { year: 1, status: 1 } });
    return found.some((contract) => contract.year === year && contract.status === 'active');
  }

  // One indexed equality selects a screen's worth (a school's staff, a provider's year in one state);
  // the store sorts that in memory, and `after` (the last id of the previous page) keeps paging stable
  // as documents arrive — no skip, no count.
  private async page<T extends { _id: string }>(
    collection: 'vouchers' | 'blocks',
    filter: Record<string, unknown>,
    after: string | undefined,
    limit: number,
  ): Promise<Page<T>> {
    const found = await this.model
      .collection(collection)
      .find<T>(after === undefined ? filter : { ...filter, _id: { $gt: after } }, {
        fields: { _position: 0 },
        sort: { _id: 1 },
        limit: limit + 1,
      });
    const items = found.slice(0, limit);
    return { items, next: found.length > limit ? items[items.length - 1]!._id : null };
  }
}
