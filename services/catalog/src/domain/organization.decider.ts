import type { OrganizationRecord } from '@pk/contracts';
import { defineAggregate, type DomainEvent, unknownCommand } from '@pk/kernel';
import { type KeyHolder, registration, update } from './directory-entry';
import { assertMunicipalityOfRegion, type MunicipalityState } from './municipality.decider';

/** What an organization command knows besides the record: the municipality it names. */
interface InMunicipality extends KeyHolder {
  /** The named municipality as the catalog knows it: it must exist, in the same region. */
  readonly municipality: MunicipalityState;
}

/** Enters an educational organization (school, ДОУ, УДОД, СПО) in its region's directory. */
export type RegisterOrganization = { readonly type: 'RegisterOrganization' } & OrganizationRecord &
  InMunicipality;
/** Replaces a registered organization's record with the whole record given. */
export type UpdateOrganization = { readonly type: 'UpdateOrganization' } & OrganizationRecord &
  InMunicipality;
export type OrganizationCommand = RegisterOrganization | UpdateOrganization;

export type OrganizationEvent =
  | DomainEvent<'catalog.OrganizationRegistered', OrganizationRecord>
  | DomainEvent<'catalog.OrganizationUpdated', OrganizationRecord>;

export interface OrganizationState {
  /** The current record; null until registered. */
  readonly record: OrganizationRecord | null;
}

export const organization = defineAggregate<OrganizationState, OrganizationCommand, OrganizationEvent>({
  name: 'organization',
  initialState: { record: null },

  decide(command, state) {
    const { type, municipality, keyHolder = null, ...record } = command;
    switch (type) {
      case 'RegisterOrganization':
        assertMunicipalityOfRegion(municipality, record.municipalityId, record.region);
        return registration('organization', record.organizationId, state.record, record, keyHolder) === 'new'
          ? [{ type: 'catalog.OrganizationRegistered', data: record }]
          : [];
      case 'UpdateOrganization':
        assertMunicipalityOfRegion(municipality, record.municipalityId, record.region);
        return update('organization', record.organizationId, state.record, record) === 'changed'
          ? [{ type: 'catalog.OrganizationUpdated', data: record }]
          : [];
      default:
        return unknownCommand(type);
    }
  },

  evolve(_state, event) {
    return { record: event.data };
  },
});
