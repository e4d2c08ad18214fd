import type { MunicipalityRecord } from '@pk/contracts';
import { defineAggregate, DomainError, type DomainEvent, unknownCommand } from '@pk/kernel';
import { type KeyHolder, registration, update } from './directory-entry';

/** Enters a municipality (городской округ, муниципальный район) in its region's directory. */
export type RegisterMunicipality = { readonly type: 'RegisterMunicipality' } & MunicipalityRecord & KeyHolder;
/** Replaces a registered municipality's record with the whole record given. */
export type UpdateMunicipality = { readonly type: 'UpdateMunicipality' } & MunicipalityRecord & KeyHolder;
export type MunicipalityCommand = RegisterMunicipality | UpdateMunicipality;

export type MunicipalityEvent =
  | DomainEvent<'catalog.MunicipalityRegistered', MunicipalityRecord>
  | DomainEvent<'catalog.MunicipalityUpdated', MunicipalityRecord>;

export interface MunicipalityState {
  /** The current record; null until registered. */
  readonly record: MunicipalityRecord | null;
}

export const municipality = defineAggregate<MunicipalityState, MunicipalityCommand, MunicipalityEvent>({
  name: 'municipality',
  initialState: { record: null },

  decide(command, state) {
    const { type, keyHolder = null, ...record } = command;
    switch (type) {
      case 'RegisterMunicipality':
        return registration('municipality', record.municipalityId, state.record, record, keyHolder) === 'new'
          ? [{ type: 'catalog.MunicipalityRegistered', data: record }]
          : [];
      case 'UpdateMunicipality':
        return update('municipality', record.municipalityId, state.record, record) === 'changed'
          ? [{ type: 'catalog.MunicipalityUpdated', data: record }]
          : [];
      default:
        return unknownCommand(type);
    }
  },

  evolve(_state, event) {
    return { record: event.data };
  },
});

/**
 * An organization or internship site lies in a municipality the region's directory holds: the
 * municipality must be registered, and in the same region as the entry naming it.
 */
export function assertMunicipalityOfRegion(
  place: MunicipalityState,
  municipalityId: string,
  region: string,
): void {
  if (place.record === null) {
    throw new DomainError(
      'municipality-not-registered',
      `муниципалитета ${municipalityId} нет в справочнике`,
    );
  }
  if (place.record.region !== region) {
    throw new DomainError(
      'municipality-in-another-region',
      `муниципалитет ${municipalityId} находится в регионе ${place.record.region}, а не ${region}`,
    );
  }
}
