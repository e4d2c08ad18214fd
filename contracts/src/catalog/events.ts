import type {
  InternshipSiteRegistered,
  MunicipalityRegistered,
  OfferingOpened,
  OrganizationRegistered,
  ProgramDrafted,
  ProgramSubmitted,
  ProviderRegistered,
} from './events.generated';

// The data of every catalog event version, its envelope and the CatalogEvent union are generated from
// contracts/schemas/catalog (events.generated.ts). Here: the names services give to parts of them, taken
// from the current versions, so they follow a new version by themselves.
export type * from './events.generated';

/** Decides which teachers a provider may train. */
export type ProviderOwnership = ProviderRegistered['data']['ownership'];

export type ProgramKind = ProgramSubmitted['data']['kind'];

/** What a program (ДПП) is: the card a provider drafts, submits and the council reviews. */
export type ProgramContent = Omit<ProgramDrafted['data'], 'programId' | 'providerId' | 'region'>;

export type OfferingKey = Pick<OfferingOpened['data'], 'offeringId' | 'programId' | 'providerId' | 'region'>;

// Directory entries: the Registered and Updated events of each carry the whole record.
export type MunicipalityRecord = MunicipalityRegistered['data'];
export type OrganizationRecord = OrganizationRegistered['data'];
export type InternshipSiteRecord = InternshipSiteRegistered['data'];
