import type { InternshipSiteRecord } from '@pk/contracts';
import { defineAggregate, DomainError, type DomainEvent, unknownCommand } from '@pk/kernel';
import { type KeyHolder, registration, update } from './directory-entry';
import { assertMunicipalityOfRegion, type MunicipalityState } from './municipality.decider';

interface InMunicipality extends KeyHolder {
  /** The named municipality as the catalog knows it: it must exist, in the same region. */
  readonly municipality: MunicipalityState;
  /**
   * Where each hosted program (by id, as `programIds` names them) is drafted: its region, or null
   * for a program the catalog does not hold. A site hosts only programs of its own region.
   */
  readonly programRegions: Readonly<Record<string, string | null>>;
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
    const { type, municipality, programRegions, keyHolder = null, ...record } = command;
    switch (type) {
      case 'RegisterInternshipSite':
        assertSite(record, municipality, programRegions);
        return registration('internship-site', record.siteId, state.record, record, keyHolder) === 'new'
          ? [{ type: 'catalog.InternshipSiteRegistered', data: record }]
          : [];
      case 'UpdateInternshipSite': {
        // a move to another region is refused as such, before what the other region's data breaks
        const change = update('internship-site', record.siteId, state.record, record);
        assertSite(record, municipality, programRegions);
        return change === 'changed' ? [{ type: 'catalog.InternshipSiteUpdated', data: record }] : [];
      }
      default:
        return unknownCommand(type);
    }
  },

  evolve(_state, event) {
    return { record: event.data };
  },
});

function assertSite(
  record: InternshipSiteRecord,
  municipality: MunicipalityState,
  programRegions: Readonly<Record<string, string | null>>,
): void {
  assertMunicipalityOfRegion(municipality, record.municipalityId, record.region);
  for (const programId of record.programIds) {
    const region = programRegions[programId] ?? null;
    if (region === null) {
      throw new DomainError(
        'hosted-program-unknown',
        `program ${programId} is not in the catalog; draft it (or import programs) before naming it on a site`,
      );
    }
    if (region !== record.region) {
      throw new DomainError(
        'hosted-program-in-another-region',
        `program ${programId} belongs to region ${region}; a site of region ${record.region} hosts only its own region's programs`,
      );
    }
  }
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
