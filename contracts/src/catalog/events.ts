import type {
  InternshipSiteRegisteredV1,
  MunicipalityRegisteredV1,
  OfferingOpenedV1,
  OrganizationRegisteredV1,
  ProgramDraftedV1,
  ProgramSubmittedV2,
  ProviderRegisteredV3,
} from './events.generated';

// The data of every catalog event version, its envelope and the CatalogEvent union are generated from
// contracts/schemas/catalog (events.generated.ts). Here: the names services give to parts of them.
export type * from './events.generated';

/** Decides which teachers a provider may train (ProviderRegistered v3's `ownership`). */
export type ProviderOwnership = ProviderRegisteredV3['ownership'];

export type ProgramKind = ProgramSubmittedV2['kind'];
export type ProgramFormat = ProgramSubmittedV2['format'];

export type ProgramKey = Pick<ProgramSubmittedV2, 'programId' | 'providerId' | 'region'>;
/** What a program (ДПП) is: the card a provider drafts, submits and the council reviews. */
export type ProgramContent = Omit<ProgramDraftedV1, keyof ProgramKey>;

export type OfferingKey = Pick<OfferingOpenedV1, 'offeringId' | 'programId' | 'providerId' | 'region'>;

// Directory entries: the Registered and Updated events of each carry the whole record.
export type MunicipalityRecord = MunicipalityRegisteredV1;
export type OrganizationRecord = OrganizationRegisteredV1;
export type InternshipSiteRecord = InternshipSiteRegisteredV1;
export type InternshipPeriod = InternshipSiteRecord['periods'][number];
