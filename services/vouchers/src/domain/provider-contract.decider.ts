import type { ProviderContractSignedV1, ProviderContractTerminatedV1 } from '@pk/contracts';
import { defineAggregate, DomainError, type DomainEvent, unknownCommand } from '@pk/kernel';
import type { ContractFacts } from './voucher.decider';

export type SignContract = { readonly type: 'SignContract' } & ProviderContractSignedV1;
export type TerminateContract = { readonly type: 'TerminateContract' } & ProviderContractTerminatedV1;
export type ProviderContractCommand = SignContract | TerminateContract;
export type ProviderContractEvent =
  | DomainEvent<'vouchers.ProviderContractSigned', ProviderContractSignedV1>
  | DomainEvent<'vouchers.ProviderContractTerminated', ProviderContractTerminatedV1>;

export type ProviderContractState =
  | { readonly status: 'none' }
  | { readonly status: 'signed' | 'terminated'; readonly signed: ProviderContractSignedV1 };

/**
 * A provider's contract with the ministry for voucher services of a year (seed 000: contracts on
 * programs that passed expertise). One per (region, year, provider): its id is derived from them.
 */
export const providerContract = defineAggregate<
  ProviderContractState,
  ProviderContractCommand,
  ProviderContractEvent
>({
  name: 'provider-contract',
  initialState: { status: 'none' },
  decide(command, state) {
    const { type } = command;
    switch (type) {
      case 'SignContract': {
        const { type: _type, ...data } = command;
        if (state.status !== 'none') {
          // the same contract again (a retried request) is done; another one for the year is refused
          if (state.signed.number === data.number && state.signed.signedOn === data.signedOn) return [];
          throw new DomainError(
            'contract-already-signed',
            `с организатором на ${data.year} год уже заключён договор № ${state.signed.number}`,
          );
        }
        if (data.validUntil < data.signedOn) {
          throw new DomainError(
            'contract-dates',
            'validUntil: договор не может закончиться раньше, чем заключён',
          );
        }
        return [{ type: 'vouchers.ProviderContractSigned', data }];
      }
      case 'TerminateContract': {
        const { type: _type, ...data } = command;
        if (state.status === 'none' || state.signed.region !== data.region) {
          throw new DomainError(
            'contract-not-found',
            `договор ${data.contractId} не найден в регионе ${data.region}`,
          );
        }
        if (state.status === 'terminated') return [];
        return [{ type: 'vouchers.ProviderContractTerminated', data }];
      }
      default:
        return unknownCommand(type);
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'vouchers.ProviderContractSigned':
        return { status: 'signed', signed: event.data };
      case 'vouchers.ProviderContractTerminated':
        return state.status === 'none' ? state : { ...state, status: 'terminated' };
    }
  },
});

/** What a reservation needs of a contract's state. */
export function contractFacts(state: ProviderContractState): ContractFacts | null {
  return state.status === 'none'
    ? null
    : {
        contractId: state.signed.contractId,
        active: state.status === 'signed',
        validFrom: state.signed.signedOn,
        validUntil: state.signed.validUntil,
      };
}
