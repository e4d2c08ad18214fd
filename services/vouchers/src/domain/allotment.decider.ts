import type {
  AllotmentCreditedV1,
  AllotmentReducedV1,
  CostPerHour,
  OrganizationKind,
  Position,
  Subject,
  VoucherMoneyReturnedV1,
  VouchersCommittedV1,
} from '@pk/contracts';
import { defineAggregate, DomainError, type DomainEvent, unknownCommand } from '@pk/kernel';
import { blocksOf, categoryOf, valueOf } from './entitlement';

/** A teacher as the replicas hold them when a voucher is committed: what the category and the rules need. */
export interface TeacherFacts {
  readonly teacherId: string;
  readonly region: string;
  readonly municipalityId: string;
  readonly organizationId: string;
  readonly position: Position;
  /** From catalog's directory; null while the organization is unknown. */
  readonly organizationKind: OrganizationKind | null;
  readonly subjects: readonly Subject[];
  readonly workProfile: string;
}

/** Money of the year's budget reaches the allotment (follows a BudgetAllotted; never refused). */
export type CreditAllotment = {
  readonly type: 'CreditAllotment';
  readonly region: string;
  readonly year: number;
  readonly municipalityId: string;
  readonly amount: number;
};

/**
 * Commit vouchers on the allotment: one teacher from HTTP, a batch from a bulk issue. The handler adds
 * each teacher as the replicas hold them, and the year's tariff.
 */
export type CommitVouchers = {
  readonly type: 'CommitVouchers';
  readonly region: string;
  readonly year: number;
  readonly municipalityId: string;
  readonly tariff: CostPerHour | null;
  readonly vouchers: readonly {
    readonly voucherId: string;
    readonly teacherId: string;
    /** Null when the replicas know no such teacher of the region (erased, never registered). */
    readonly teacher: TeacherFacts | null;
  }[];
  /**
   * A bulk issue's batch: commit, in order, the vouchers the money still covers and leave the rest
   * (reported to the ministry as refused for the budget); a single issue is all or nothing.
   */
  readonly partial?: boolean;
};

/** What a revoked or expired voucher did not spend returns (follows the voucher's event; never refused). */
export type ReturnVoucherMoney = {
  readonly type: 'ReturnVoucherMoney';
  readonly region: string;
  readonly year: number;
  readonly municipalityId: string;
  readonly voucherId: string;
  readonly amount: number;
};

/**
 * The ministry takes money back from the allotment: never below what its vouchers have committed (the
 * single writer of that rule is this stream). The year's budget gets it back next (never refused).
 */
export type ReduceAllotment = {
  readonly type: 'ReduceAllotment';
  readonly region: string;
  readonly year: number;
  readonly municipalityId: string;
  readonly amount: number;
};

export type AllotmentCommand = CreditAllotment | CommitVouchers | ReturnVoucherMoney | ReduceAllotment;
export type AllotmentEvent =
  | DomainEvent<'vouchers.AllotmentCredited', AllotmentCreditedV1>
  | DomainEvent<'vouchers.AllotmentReduced', AllotmentReducedV1>
  | DomainEvent<'vouchers.VouchersCommitted', VouchersCommittedV1>
  | DomainEvent<'vouchers.VoucherMoneyReturned', VoucherMoneyReturnedV1>;

export interface AllotmentState {
  readonly allotment: number;
  readonly committed: number;
  /**
   * The vouchers committed here, so a batch sent again commits each voucher once. One Set per fold,
   * added to in place: a copy at every event would make loading the stream quadratic. Created by the
   * first commitment of a fold (never shared through initialState). The kernel's handler keeps the
   * folded state between commands and folds only the newer events into it, so a state of an older
   * revision may see ids committed after it: it then takes those vouchers for committed — which they
   * are — and its append at the older revision would be refused and decided again anyway.
   */
  readonly voucherIds: Set<string> | null;
}

export type AllotmentKey = [region: string, year: number, municipalityId: string];

/**
 * A municipality's allotment of a year (stream "allotment-<region>-<year>-<municipalityId>"): the one
 * writer of "no voucher past the money". Every voucher of the municipality is committed here under
 * optimistic concurrency, so two issues at once are decided one after the other.
 */
export const allotment = defineAggregate<AllotmentState, AllotmentCommand, AllotmentEvent, AllotmentKey>({
  name: 'allotment',
  initialState: { allotment: 0, committed: 0, voucherIds: null },
  decide(command, state) {
    const { type } = command;
    switch (type) {
      case 'CreditAllotment': {
        const { region, year, municipalityId, amount } = command;
        const after = state.allotment + amount;
        return [
          {
            type: 'vouchers.AllotmentCredited',
            data: { region, year, municipalityId, amount, allotment: after, committed: state.committed },
          },
        ];
      }
      case 'CommitVouchers':
        return commit(command, state);
      case 'ReduceAllotment': {
        const { region, year, municipalityId, amount } = command;
        if (amount <= 0) {
          throw new DomainError('amount-not-positive', 'amount: сумма изъятия должна быть больше нуля');
        }
        const free = state.allotment - state.committed;
        if (amount > free) {
          throw new DomainError(
            'allotment-below-committed',
            `amount: из лимита муниципалитета на ${year} год можно изъять не больше ${free} ₽ — ` +
              `${state.committed} ₽ из ${state.allotment} ₽ уже обязаны выданным ИОЧ, а запрошено ${amount} ₽`,
          );
        }
        const after = state.allotment - amount;
        return [
          {
            type: 'vouchers.AllotmentReduced',
            data: { region, year, municipalityId, amount, allotment: after, committed: state.committed },
          },
        ];
      }
      case 'ReturnVoucherMoney': {
        const { region, year, municipalityId, voucherId, amount } = command;
        if (amount === 0) return [];
        return [
          {
            type: 'vouchers.VoucherMoneyReturned',
            data: { region, year, municipalityId, voucherId, amount, committed: state.committed - amount },
          },
        ];
      }
      default:
        return unknownCommand(type);
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'vouchers.AllotmentCredited':
      case 'vouchers.AllotmentReduced':
        return { ...state, allotment: event.data.allotment };
      case 'vouchers.VouchersCommitted': {
        const ids = state.voucherIds ?? new Set<string>();
        for (const v of event.data.vouchers) ids.add(v.voucherId);
        return { ...state, committed: event.data.committed, voucherIds: ids };
      }
      case 'vouchers.VoucherMoneyReturned':
        return { ...state, committed: event.data.committed };
    }
  },
});

function commit(command: CommitVouchers, state: AllotmentState): AllotmentEvent[] {
  const { region, year, municipalityId, tariff } = command;
  // committed already (a retried request, a bulk issue resumed): each voucher once
  const fresh = command.vouchers.filter((v) => !state.voucherIds?.has(v.voucherId));
  if (fresh.length === 0) return [];
  if (!tariff) {
    throw new DomainError(
      'tariff-not-set',
      `тариф ИОЧ на ${year} год не установлен: стоимость чека не определить`,
    );
  }
  const vouchers = fresh.map(({ voucherId, teacherId: asked, teacher }) => {
    if (!teacher || teacher.region !== region || teacher.municipalityId !== municipalityId) {
      throw new DomainError(
        'teacher-not-found',
        `педагог ${asked} не найден в муниципалитете ${municipalityId}`,
      );
    }
    if (!teacher.organizationKind) {
      throw new DomainError(
        'organization-unknown',
        `организация ${teacher.organizationId} педагога не найдена в справочнике: вид организации определяет ИОЧ`,
      );
    }
    const category = categoryOf(teacher.position, teacher.organizationKind);
    if (category instanceof DomainError) throw category;
    const blocks = blocksOf(category);
    const { teacherId, organizationId, position, organizationKind, subjects, workProfile } = teacher;
    return {
      voucherId,
      teacherId,
      organizationId,
      position,
      organizationKind,
      subjects: [...subjects],
      workProfile,
      category,
      blocks,
      amount: blocks.reduce((sum, b) => sum + valueOf(b, tariff), 0),
    };
  });
  const left = state.allotment - state.committed;
  if (command.partial) {
    let room = left;
    const covered = vouchers.filter((v) => (v.amount <= room ? ((room -= v.amount), true) : false));
    if (covered.length === 0) return [];
    return [committedEvent(command, state, tariff, covered)];
  }
  const amount = vouchers.reduce((sum, v) => sum + v.amount, 0);
  if (amount > left) {
    throw new DomainError(
      'budget-exhausted',
      `в лимите муниципалитета на ${year} год осталось ${left} ₽, а ${vouchers.length === 1 ? 'чек стоит' : `${vouchers.length} чеков стоят`} ${amount} ₽`,
    );
  }
  return [committedEvent(command, state, tariff, vouchers)];
}

type Committed = VouchersCommittedV1['vouchers'][number];

function committedEvent(
  command: CommitVouchers,
  state: AllotmentState,
  tariff: CostPerHour,
  vouchers: Committed[],
): AllotmentEvent {
  const { region, year, municipalityId } = command;
  const amount = vouchers.reduce((sum, v) => sum + v.amount, 0);
  return {
    type: 'vouchers.VouchersCommitted',
    data: {
      region,
      year,
      municipalityId,
      vouchers,
      costPerHour: tariff,
      amount,
      committed: state.committed + amount,
      allotment: state.allotment,
    },
  };
}
