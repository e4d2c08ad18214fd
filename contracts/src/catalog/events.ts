import type { EventEnvelope } from '../envelope';

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

// Envelopes of the current versions: what consumers get from readPublishedEvent.
export type ProviderRegistered = EventEnvelope<'catalog.ProviderRegistered', ProviderRegisteredV2>;
export type ProgramSubmitted = EventEnvelope<'catalog.ProgramSubmitted', ProgramSubmittedV1>;
export type CatalogEvent = ProviderRegistered | ProgramSubmitted;
