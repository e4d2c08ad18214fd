import { eventHistories } from '../event-history';
import { CATALOG_SCHEMAS, type CatalogVersions } from './events.generated';

export const CATALOG_EVENTS = eventHistories<CatalogVersions>(CATALOG_SCHEMAS, {
  'catalog.ProviderRegistered': [
    // Providers registered before ownership was recorded: nothing is known, so nothing is assumed.
    (data) => ({ ...data, ownership: 'unspecified' }),
    (data) => ({ ...data, kind: 'unspecified' }),
  ],
  'catalog.ProgramSubmitted': [
    // Submitted before the program card had more than title, kind and hours: the first revision,
    // and what was not recorded is empty or "unspecified", never guessed.
    (data) => ({
      ...data,
      revision: 1,
      annotation: '',
      format: 'unspecified',
      targetPositions: [],
      organizationTypes: [],
      subjects: [],
      workProfile: '',
      competencies: [],
      voucherEligible: false,
      employerAssessment: false,
      practiceShare: null,
    }),
  ],
});
