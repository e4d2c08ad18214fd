import type { InternshipSiteRecord } from '@pk/contracts';
import { defineAggregate, DomainError, type DomainEvent, unknownCommand } from '@pk/kernel';
import { registration, update } from './directory-entry';
import { assertMunicipalityOfRegion, type MunicipalityState } from './municipality.decider';

interface InMunicipality {
  /** The named municipality as the catalog knows it: it must exist, in the same region. */
  readonly municipality: MunicipalityState;
}

/** Enters an internship site (стажировочная площадка) in its region's directory. */
export type RegisterInternshipSite = { readonly type: 'RegisterInternshipSite' } & InternshipSiteRecord &
  InMunicipality;
/** Replaces a registered site's record (profile, programs, periods…) with the whole record given. */
export type UpdateInternshipSite = { readonly type: 'UpdateInternshipSite' } & InternshipSiteRecord &
  InMunicipality;
export type InternshipSiteCommand = RegisterInternshipSite | UpdateInternshipSite;

export type InternshipSiteEvent =
  | DomainEvent<'catalog.InternshipSiteRegistered', InternshipSiteRecord>
  | DomainEvent<'catalog.InternshipSiteUpdated', InternshipSiteRecord>;

export interface InternshipSiteState {
  /** The current record; null until registered. */
  readonly record: InternshipSiteRecord | null;
}

export const internshipSite = defineAggregate<
  InternshipSiteState,
  InternshipSiteCommand,
  InternshipSiteEvent
>({
  name: 'internship-site',
  initialState: { record: null },

  decide(command, state) {
    const { type, municipality, ...record } = command;
    switch (type) {
      case 'RegisterInternshipSite':
        assertSite(record, municipality);
        return registration('internship-site', record.siteId, state.record, record) === 'new'
          ? [{ type: 'catalog.InternshipSiteRegistered', data: record }]
          : [];
      case 'UpdateInternshipSite':
        assertSite(record, municipality);
        return update('internship-site', record.siteId, state.record, record) === 'changed'
          ? [{ type: 'catalog.InternshipSiteUpdated', data: record }]
          : [];
      default:
        return unknownCommand(type);
    }
  },

  evolve(_state, event) {
    return { record: event.data };
  },
});

function assertSite(record: InternshipSiteRecord, municipality: MunicipalityState): void {
  assertMunicipalityOfRegion(municipality, record.municipalityId, record.region);
  record.periods.forEach((period, index) => {
    // ISO dates (YYYY-MM-DD) order as strings do
    if (period.startsOn > period.endsOn) {
      throw new DomainError(
        'internship-period-reversed',
        `период ${index + 1} заканчивается (${period.endsOn}) раньше, чем начинается (${period.startsOn})`,
      );
    }
    if (!Number.isInteger(period.places) || period.places < 1) {
      throw new DomainError(
        'internship-period-without-places',
        `в периоде ${index + 1} (${period.startsOn}–${period.endsOn}) мест: ${period.places}; нужно хотя бы одно`,
      );
    }
  });
}
