import {
  type BlockRedeemedV1,
  type BlockReleasedV1,
  type BlockReservationRefusedV1,
  type BlockReservedV1,
  ORGANIZATION_KINDS,
  POSITIONS,
  type ReservationRequestKey,
  type VoucherExpiredV1,
  type VoucherIssuedV1,
  type VoucherRevokedV1,
} from '@pk/contracts';
import { defineAggregate, DomainError, type DomainEvent, unknownCommand } from '@pk/kernel';
import { blockKindFor, matchesProfile, type ProgramFacts, valueOf } from './entitlement';

/** The voucher's stream begins with its issue, which follows the money's commitment and is never refused. */
export type IssueVoucher = { readonly type: 'IssueVoucher' } & VoucherIssuedV1;

/** The provider's contract of the year, as its stream holds it: null when there is none. */
export interface ContractFacts {
  readonly contractId: string;
  readonly active: boolean;
  /** The first day it is in force: the day it was signed (the contract names no other start). */
  readonly validFrom: string;
  /** Its last day in force (YYYY-MM-DD), inclusive. */
  readonly validUntil: string;
}

/**
 * Reserve a block for an enrollment request. The handler adds the program as the catalog replica holds
 * it and the provider's contract of the year. `recordRefusal`: an enrollment request is answered with a
 * stored, published refusal (enrollment waits for an answer); a ministry's request over HTTP is refused
 * with an error and nothing is stored.
 */
export type ReserveBlock = {
  readonly type: 'ReserveBlock';
  readonly voucherId: string;
  /** The region of whoever asks: another region's voucher is not found. */
  readonly region: string;
  /** Whose voucher of which cycle is asked for: a refusal names them even when there is no voucher. */
  readonly teacherId: string;
  readonly year: number;
  readonly request: ReservationRequestKey;
  /** Filled in by the handler when decided (absent as a reaction issues the command). */
  readonly program?: ProgramFacts | null;
  readonly contract?: ContractFacts | null;
  /**
   * The day of the reservation on the region's calendar (YYYY-MM-DD): an enrollment request's is the
   * day it was made (its event's time), so a redelivery later decides as the first delivery did; over
   * HTTP the handler fills in today.
   */
  readonly on?: string;
  readonly recordRefusal: boolean;
};

export type ReleaseBlock = {
  readonly type: 'ReleaseBlock';
  readonly voucherId: string;
  readonly region: string;
  readonly applicationId: string;
  readonly cause: BlockReleasedV1['cause'];
  readonly reason: string;
};

/** The course was completed: the reserved block is spent, and a payable to the provider recorded. */
export type RedeemBlock = {
  readonly type: 'RedeemBlock';
  readonly voucherId: string;
  readonly region: string;
  readonly applicationId: string;
  readonly completedOn: string;
  readonly certificateNumber: string;
};

/** The cycle's end: a deadline scheduled when the voucher is issued. */
export type ExpireVoucher = { readonly type: 'ExpireVoucher'; readonly voucherId: string };

export type RevokeVoucher = {
  readonly type: 'RevokeVoucher';
  readonly voucherId: string;
  readonly region: string;
  readonly reason: string;
};

export type VoucherCommand =
  IssueVoucher | ReserveBlock | ReleaseBlock | RedeemBlock | ExpireVoucher | RevokeVoucher;

export type VoucherEvent =
  | DomainEvent<'vouchers.VoucherIssued', VoucherIssuedV1>
  | DomainEvent<'vouchers.BlockReserved', BlockReservedV1>
  | DomainEvent<'vouchers.BlockReservationRefused', BlockReservationRefusedV1>
  | DomainEvent<'vouchers.BlockReleased', BlockReleasedV1>
  | DomainEvent<'vouchers.BlockRedeemed', BlockRedeemedV1>
  | DomainEvent<'vouchers.VoucherExpired', VoucherExpiredV1>
  | DomainEvent<'vouchers.VoucherRevoked', VoucherRevokedV1>;

export interface Reservation extends ReservationRequestKey {
  readonly contractId: string;
  readonly matchesProfile: boolean;
}

/** A block's life: free, reserved by one request, then redeemed, or given back; gone when the voucher ends. */
export type BlockState =
  | { readonly status: 'free' }
  | { readonly status: 'reserved' | 'redeemed'; readonly reservation: Reservation }
  | { readonly status: 'expired' | 'revoked' };

export type VoucherState =
  | { readonly status: 'none' }
  | {
      readonly status: 'issued' | 'expired' | 'revoked';
      readonly issued: VoucherIssuedV1;
      /** Index 0 is block 1. */
      readonly blocks: readonly BlockState[];
    };

type Voucher = Exclude<VoucherState, { status: 'none' }>;

export const voucher = defineAggregate<VoucherState, VoucherCommand, VoucherEvent>({
  name: 'voucher', // streams "voucher-<voucherId>"
  initialState: { status: 'none' },

  decide(command, state) {
    const { type } = command;
    switch (type) {
      case 'IssueVoucher': {
        // the commitment delivered again (its reaction, or the handler's own follow-up): issued already
        if (state.status !== 'none') return [];
        const { type: _type, ...data } = command;
        return [{ type: 'vouchers.VoucherIssued', data }];
      }
      case 'ReserveBlock':
        return reserve(command, state);
      case 'ReleaseBlock':
        return release(command, state);
      case 'RedeemBlock':
        return redeem(command, state);
      case 'ExpireVoucher': {
        // revoked meanwhile, or expired already (a deadline fired twice): nothing left to expire
        if (state.status !== 'issued') return [];
        const free = blockNumbers(state, 'free');
        return [
          {
            type: 'vouchers.VoucherExpired',
            data: {
              ...keyOf(state),
              municipalityId: state.issued.municipalityId,
              expiredBlocks: free,
              unspentAmount: valueOfBlocks(state, free),
            },
          },
        ];
      }
      case 'RevokeVoucher': {
        const current = existing(state, command.voucherId, command.region);
        if (current.status === 'revoked') return []; // a retried revocation
        if (current.status === 'expired') {
          throw new DomainError('voucher-expired', `ИОЧ ${command.voucherId} уже истёк: отзывать нечего`);
        }
        const reserved = blockNumbers(current, 'reserved');
        const unspent = [...blockNumbers(current, 'free'), ...reserved];
        // a reserved block is released first, so enrollment learns its application lost the block
        const releases = reserved.map((block) =>
          released(current, block, 'manual', `ИОЧ отозван: ${command.reason}`),
        );
        return [
          ...releases,
          {
            type: 'vouchers.VoucherRevoked',
            data: {
              ...keyOf(current),
              municipalityId: current.issued.municipalityId,
              reason: command.reason,
              releasedBlocks: reserved,
              unspentAmount: valueOfBlocks(current, unspent),
            },
          },
        ];
      }
      default:
        return unknownCommand(type);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'vouchers.VoucherIssued':
        return {
          status: 'issued',
          issued: event.data,
          blocks: event.data.blocks.map(() => ({ status: 'free' })),
        };
      case 'vouchers.BlockReservationRefused':
        return state; // an answer, not a change
      case 'vouchers.BlockReserved': {
        const {
          block,
          kind: _kind,
          hours: _hours,
          amount: _amount,
          voucherId: _v,
          teacherId: _t,
          region: _r,
          year: _y,
          ...reservation
        } = event.data;
        return withBlock(state, block, { status: 'reserved', reservation });
      }
      case 'vouchers.BlockReleased':
        // released after the cycle's end, the block expires in the next event of the same decision
        return withBlock(state, event.data.block, { status: 'free' });
      case 'vouchers.BlockRedeemed': {
        const current = state.status === 'none' ? undefined : state.blocks[event.data.block - 1];
        return current && current.status === 'reserved'
          ? withBlock(state, event.data.block, { status: 'redeemed', reservation: current.reservation })
          : state;
      }
      case 'vouchers.VoucherExpired': {
        if (state.status === 'none') return state;
        const blocks = state.blocks.map((b, i) =>
          event.data.expiredBlocks.includes(i + 1) ? ({ status: 'expired' } as const) : b,
        );
        return { ...state, status: 'expired', blocks };
      }
      case 'vouchers.VoucherRevoked': {
        if (state.status === 'none') return state;
        const blocks = state.blocks.map((b) =>
          b.status === 'redeemed' ? b : ({ status: 'revoked' } as const),
        );
        return { ...state, status: 'revoked', blocks };
      }
    }
  },
});

function reserve(command: ReserveBlock, state: VoucherState): VoucherEvent[] {
  const { request } = command;
  if (state.status !== 'none') {
    // the same request (or the same application) again: it holds its block already
    const held = state.blocks.some(
      (b) =>
        (b.status === 'reserved' || b.status === 'redeemed') &&
        (b.reservation.requestId === request.requestId ||
          b.reservation.applicationId === request.applicationId),
    );
    if (held) return [];
  }
  const decided = reservation(command, state);
  if (!(decided instanceof DomainError)) return [decided];
  if (!command.recordRefusal) throw decided;
  // the answer enrollment waits for; with no voucher it opens the stream the voucher would have
  const { voucherId, teacherId, region, year } = command;
  return [
    {
      type: 'vouchers.BlockReservationRefused',
      data: { voucherId, teacherId, region, year, ...request, code: decided.code, message: decided.message },
    },
  ];
}

function reservation(command: ReserveBlock, state: VoucherState): VoucherEvent | DomainError {
  const { request } = command;
  if (command.program === undefined || command.contract === undefined || command.on === undefined) {
    throw new Error(
      'ReserveBlock is decided with the program, the contract and the day filled in by its handler',
    );
  }
  const { program, contract, on } = command;
  if (state.status === 'none' || state.issued.region !== command.region) {
    return new DomainError(
      'voucher-not-found',
      `у педагога нет ИОЧ на ${command.year} год в регионе ${command.region}`,
    );
  }
  if (state.issued.teacherId !== command.teacherId) {
    return new DomainError('voucher-not-found', `ИОЧ ${command.voucherId} выдан другому педагогу`);
  }
  if (state.status === 'revoked')
    return new DomainError('voucher-revoked', 'ИОЧ отозван: блоки по нему не бронируются');
  if (state.status === 'expired')
    return new DomainError('voucher-expired', `ИОЧ на ${state.issued.year} год истёк`);
  if (!program || !program.inRegister || program.region !== state.issued.region) {
    return new DomainError(
      'program-not-in-register',
      `программа ${request.programId} не прошла экспертизу или исключена из реестра: ИОЧ тратится только на программы реестра`,
    );
  }
  if (!program.voucherEligible) {
    return new DomainError('program-not-voucher-eligible', 'программа не предлагается для оплаты по ИОЧ');
  }
  if (program.providerId !== request.providerId) {
    return new DomainError(
      'program-provider-mismatch',
      `программу ${request.programId} реализует другой организатор`,
    );
  }
  if (!contract) {
    return new DomainError(
      'provider-without-contract',
      `у организатора ${request.providerId} нет договора с министерством на оказание услуг по ИОЧ в ${state.issued.year} году`,
    );
  }
  if (!contract.active) {
    return new DomainError(
      'provider-contract-terminated',
      `договор организатора ${request.providerId} на ${state.issued.year} год расторгнут: новые бронирования по нему не принимаются`,
    );
  }
  // dates as YYYY-MM-DD compare as strings; validUntil is the contract's last day in force
  if (on > contract.validUntil) {
    return new DomainError(
      'provider-contract-expired',
      `срок действия договора организатора ${request.providerId} истёк ${contract.validUntil}: бронирование на ${on} по нему не принимается`,
    );
  }
  if (on < contract.validFrom) {
    return new DomainError(
      'provider-contract-not-yet-valid',
      `договор организатора ${request.providerId} действует с ${contract.validFrom}: бронирование на ${on} по нему ещё не принимается`,
    );
  }
  const { position, organizationKind } = state.issued;
  if (!program.targetPositions.includes(position)) {
    return new DomainError(
      'program-not-for-position',
      `программа не адресована должности «${POSITIONS[position]}»`,
    );
  }
  if (!program.organizationTypes.includes(organizationKind)) {
    return new DomainError(
      'program-not-for-organization-kind',
      `программа не адресована работникам организаций вида «${ORGANIZATION_KINDS[organizationKind]}»`,
    );
  }
  const kind = blockKindFor(program);
  if (kind instanceof DomainError) return kind;
  const free = state.issued.blocks.filter(
    (b) => b.kind === kind && state.blocks[b.block - 1]!.status === 'free',
  );
  const chosen = free[0];
  if (!chosen) {
    const what = kind === 'variable' ? 'вариативного блока' : 'блока стажировки';
    return new DomainError(
      'no-free-block',
      `в ИОЧ не осталось свободного ${what}: все заняты или израсходованы`,
    );
  }
  const matches = matchesProfile(program, state.issued);
  if (chosen.matchesProfile && !matches && !subjectRuleHoldsAfter(state, chosen.block)) {
    return new DomainError(
      'subject-rule',
      `бронирование нарушило бы правило ИОЧ: один из двух вариативных блоков должен пойти на программу по преподаваемому предмету или профилю работы, а эта программа ему не соответствует и другого блока для такой программы не остаётся`,
    );
  }
  const hours = chosen.hours;
  return {
    type: 'vouchers.BlockReserved',
    data: {
      ...keyOf(state),
      block: chosen.block,
      kind,
      hours,
      ...request,
      contractId: contract.contractId,
      matchesProfile: matches,
      amount: valueOf(chosen, state.issued.costPerHour),
    },
  };
}

/**
 * The subject rule after a non-matching program takes `taken`: some other block the rule spans is still
 * free (a matching program may yet take it) or went to a matching program.
 */
function subjectRuleHoldsAfter(state: Voucher, taken: number): boolean {
  return state.issued.blocks.some((b) => {
    if (!b.matchesProfile || b.block === taken) return false;
    const current = state.blocks[b.block - 1]!;
    return (
      current.status === 'free' ||
      ((current.status === 'reserved' || current.status === 'redeemed') && current.reservation.matchesProfile)
    );
  });
}

function release(command: ReleaseBlock, state: VoucherState): VoucherEvent[] {
  const current = existing(state, command.voucherId, command.region);
  const index = current.blocks.findIndex(
    (b) =>
      (b.status === 'reserved' || b.status === 'redeemed') &&
      b.reservation.applicationId === command.applicationId,
  );
  // nothing held for this application: released already, never reserved, or revoked with the voucher
  if (index < 0) return [];
  const block = current.blocks[index]!;
  if (block.status === 'redeemed') {
    throw new DomainError(
      'block-already-redeemed',
      `блок ${index + 1} уже израсходован: курс по заявке ${command.applicationId} завершён`,
    );
  }
  const events: VoucherEvent[] = [released(current, index + 1, command.cause, command.reason)];
  if (current.status === 'expired') {
    // the cycle is over: the block given back cannot be spent any more, and its money returns
    events.push({
      type: 'vouchers.VoucherExpired',
      data: {
        ...keyOf(current),
        municipalityId: current.issued.municipalityId,
        expiredBlocks: [index + 1],
        unspentAmount: valueOfBlocks(current, [index + 1]),
      },
    });
  }
  return events;
}

function redeem(command: RedeemBlock, state: VoucherState): VoucherEvent[] {
  const current = existing(state, command.voucherId, command.region);
  const index = current.blocks.findIndex(
    (b) =>
      (b.status === 'reserved' || b.status === 'redeemed') &&
      b.reservation.applicationId === command.applicationId,
  );
  const block = current.blocks[index];
  if (!block || (block.status !== 'reserved' && block.status !== 'redeemed')) {
    throw new DomainError(
      'block-not-reserved',
      `по заявке ${command.applicationId} блок ИОЧ не забронирован: оплачивать нечего`,
    );
  }
  if (block.status === 'redeemed') return []; // the completion delivered again: paid once
  const issuedBlock = current.issued.blocks[index]!;
  const costPerHour = current.issued.costPerHour[issuedBlock.kind];
  const { requestId, applicationId, programId, offeringId, providerId, contractId } = block.reservation;
  return [
    {
      type: 'vouchers.BlockRedeemed',
      data: {
        ...keyOf(current),
        block: index + 1,
        kind: issuedBlock.kind,
        requestId,
        applicationId,
        programId,
        offeringId,
        providerId,
        contractId,
        hours: issuedBlock.hours,
        costPerHour,
        amount: issuedBlock.hours * costPerHour,
        completedOn: command.completedOn,
        certificateNumber: command.certificateNumber,
      },
    },
  ];
}

function released(
  current: Voucher,
  block: number,
  cause: BlockReleasedV1['cause'],
  reason: string,
): VoucherEvent {
  const held = current.blocks[block - 1]!;
  if (held.status !== 'reserved') throw new Error(`block ${block} is ${held.status}, not reserved`);
  const { requestId, applicationId, providerId } = held.reservation;
  return {
    type: 'vouchers.BlockReleased',
    data: { ...keyOf(current), block, requestId, applicationId, providerId, cause, reason },
  };
}

function existing(state: VoucherState, voucherId: string, region: string): Voucher {
  if (state.status === 'none' || state.issued.region !== region) {
    throw new DomainError('voucher-not-found', `ИОЧ ${voucherId} не найден в регионе ${region}`);
  }
  return state;
}

const keyOf = (state: Voucher) => {
  const { voucherId, teacherId, region, year } = state.issued;
  return { voucherId, teacherId, region, year };
};

const blockNumbers = (state: Voucher, status: BlockState['status']) =>
  state.blocks.flatMap((b, i) => (b.status === status ? [i + 1] : []));

const valueOfBlocks = (state: Voucher, blocks: readonly number[]) =>
  blocks.reduce((sum, n) => sum + valueOf(state.issued.blocks[n - 1]!, state.issued.costPerHour), 0);

function withBlock(state: VoucherState, block: number, next: BlockState): VoucherState {
  if (state.status === 'none') return state;
  return { ...state, blocks: state.blocks.map((b, i) => (i === block - 1 ? next : b)) };
}
