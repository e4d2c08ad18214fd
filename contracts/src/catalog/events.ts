import type { EventEnvelope } from '../envelope';
import type {
  CompetencyCode,
  MunicipalityKind,
  OrganizationKind,
  Position,
  ProviderKind,
  Subject,
} from '../reference/vocabulary';

// Data of each catalog event version, mirroring contracts/schemas/catalog/<EventName>.v<N>.schema.json.
// Superseded versions stay here: they are still on the topic and their upcasters take them as input.

export interface ProviderRegisteredV1 {
  readonly providerId: string;
  /** Two-digit region code, e.g. "63" (Samara oblast). */
  readonly region: string;
  readonly name: string;
  /** ИНН: 10 digits for an organization, 12 for an individual entrepreneur. */
  readonly inn: string;
}

/**
 * Since 01.09.2025 only state or municipal providers and a few named kinds (founded or part-owned by
 * the state, Sirius, Skolkovo…) may teach general-education teachers, so eligibility is checked from
 * this. "unspecified": registered before ownership was recorded.
 */
export type ProviderOwnership = 'state' | 'municipal' | 'federal-named' | 'private' | 'unspecified';

export interface ProviderRegisteredV2 extends ProviderRegisteredV1 {
  readonly ownership: ProviderOwnership;
}

/** advanced-training: повышение квалификации (≥ 16 hours); retraining: профессиональная переподготовка (≥ 250). */
export type ProgramKind = 'advanced-training' | 'retraining';

export interface ProgramSubmittedV1 {
  readonly programId: string;
  readonly providerId: string;
  readonly region: string;
  readonly title: string;
  readonly kind: ProgramKind;
  readonly hours: number;
}

export interface ProviderRegisteredV3 extends ProviderRegisteredV2 {
  /** "unspecified": registered before the kind was recorded. */
  readonly kind: ProviderKind | 'unspecified';
}
/** A provider's whole current record after a change. */
export type ProviderUpdatedV1 = ProviderRegisteredV3;

export interface MunicipalityRecord {
  readonly municipalityId: string;
  readonly region: string;
  readonly name: string;
  readonly kind: MunicipalityKind;
  /** ОКТМО, 8 digits: the municipality's key in imports. */
  readonly oktmo: string;
}

export interface OrganizationRecord {
  readonly organizationId: string;
  readonly region: string;
  readonly municipalityId: string;
  readonly name: string;
  readonly kind: OrganizationKind;
  readonly inn: string;
}

export interface InternshipPeriod {
  readonly startsOn: string;
  readonly endsOn: string;
  readonly places: number;
}

export interface InternshipSiteRecord {
  readonly siteId: string;
  readonly region: string;
  readonly municipalityId: string;
  readonly name: string;
  readonly inn: string;
  readonly profile: string;
  readonly programIds: readonly string[];
  readonly periods: readonly InternshipPeriod[];
}

/** очная, смешанная, дистанционная, стажировка; "unspecified": submitted before it was recorded. */
export type ProgramFormat = 'in-person' | 'blended' | 'distance' | 'internship' | 'unspecified';

/** What a program (ДПП) is: the card a provider drafts, submits and the council reviews. */
export interface ProgramContent {
  readonly title: string;
  readonly annotation: string;
  readonly kind: ProgramKind;
  readonly hours: number;
  readonly format: ProgramFormat;
  readonly targetPositions: readonly Position[];
  readonly organizationTypes: readonly OrganizationKind[];
  readonly subjects: readonly Subject[];
  readonly workProfile: string;
  readonly competencies: readonly CompetencyCode[];
  readonly voucherEligible: boolean;
  readonly employerAssessment: boolean;
  /** Percent of hours in practice; null when not recorded (submitted as v1). */
  readonly practiceShare: number | null;
}

export interface ProgramKey {
  readonly programId: string;
  readonly providerId: string;
  readonly region: string;
}

export type ProgramDraftedV1 = ProgramKey & ProgramContent;
export type ProgramDraftEditedV1 = ProgramKey & ProgramContent;
/** The revision experts review: frozen at submission, numbered from 1. */
export type ProgramSubmittedV2 = ProgramKey & { readonly revision: number } & ProgramContent;
export type ProgramApprovedV1 = ProgramKey & { readonly revision: number } & ProgramContent;
export type ProgramReturnedV1 = ProgramKey & {
  readonly revision: number;
  readonly comments: readonly string[];
};
export type ProgramRejectedV1 = ProgramReturnedV1;
export type ProgramArchivedV1 = ProgramKey & { readonly reason: string };

export interface OfferingKey {
  readonly offeringId: string;
  readonly programId: string;
  readonly providerId: string;
  readonly region: string;
}

export interface OfferingOpenedV1 extends OfferingKey {
  readonly startsOn: string;
  readonly endsOn: string;
  readonly enrollmentDeadline: string;
  readonly online: boolean;
  /** Address of an in-person offering; empty when online. */
  readonly place: string;
  readonly capacity: number;
  readonly minimumGroupSize: number;
}
export type OfferingCancelledV1 = OfferingKey & { readonly reason: string };

type Catalog<TName extends string, TData> = EventEnvelope<`catalog.${TName}`, TData>;

// Envelopes of the current versions: what consumers get from readPublishedEvent.
export type ProviderRegistered = Catalog<'ProviderRegistered', ProviderRegisteredV3>;
export type ProviderUpdated = Catalog<'ProviderUpdated', ProviderUpdatedV1>;
export type MunicipalityRegistered = Catalog<'MunicipalityRegistered', MunicipalityRecord>;
export type MunicipalityUpdated = Catalog<'MunicipalityUpdated', MunicipalityRecord>;
export type OrganizationRegistered = Catalog<'OrganizationRegistered', OrganizationRecord>;
export type OrganizationUpdated = Catalog<'OrganizationUpdated', OrganizationRecord>;
export type InternshipSiteRegistered = Catalog<'InternshipSiteRegistered', InternshipSiteRecord>;
export type InternshipSiteUpdated = Catalog<'InternshipSiteUpdated', InternshipSiteRecord>;
export type ProgramDrafted = Catalog<'ProgramDrafted', ProgramDraftedV1>;
export type ProgramDraftEdited = Catalog<'ProgramDraftEdited', ProgramDraftEditedV1>;
export type ProgramSubmitted = Catalog<'ProgramSubmitted', ProgramSubmittedV2>;
export type ProgramApproved = Catalog<'ProgramApproved', ProgramApprovedV1>;
export type ProgramReturned = Catalog<'ProgramReturned', ProgramReturnedV1>;
export type ProgramRejected = Catalog<'ProgramRejected', ProgramRejectedV1>;
export type ProgramArchived = Catalog<'ProgramArchived', ProgramArchivedV1>;
export type OfferingOpened = Catalog<'OfferingOpened', OfferingOpenedV1>;
export type OfferingClosed = Catalog<'OfferingClosed', OfferingKey>;
export type OfferingStarted = Catalog<'OfferingStarted', OfferingKey>;
export type OfferingFinished = Catalog<'OfferingFinished', OfferingKey>;
export type OfferingCancelled = Catalog<'OfferingCancelled', OfferingCancelledV1>;
export type CatalogEvent =
  | ProviderRegistered
  | ProviderUpdated
  | MunicipalityRegistered
  | MunicipalityUpdated
  | OrganizationRegistered
  | OrganizationUpdated
  | InternshipSiteRegistered
  | InternshipSiteUpdated
  | ProgramDrafted
  | ProgramDraftEdited
  | ProgramSubmitted
  | ProgramApproved
  | ProgramReturned
  | ProgramRejected
  | ProgramArchived
  | OfferingOpened
  | OfferingClosed
  | OfferingStarted
  | OfferingFinished
  | OfferingCancelled;
