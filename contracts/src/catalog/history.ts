import internshipSiteRegisteredV1 from '../../schemas/catalog/InternshipSiteRegistered.v1.schema.json';
import internshipSiteUpdatedV1 from '../../schemas/catalog/InternshipSiteUpdated.v1.schema.json';
import municipalityRegisteredV1 from '../../schemas/catalog/MunicipalityRegistered.v1.schema.json';
import municipalityUpdatedV1 from '../../schemas/catalog/MunicipalityUpdated.v1.schema.json';
import offeringCancelledV1 from '../../schemas/catalog/OfferingCancelled.v1.schema.json';
import offeringClosedV1 from '../../schemas/catalog/OfferingClosed.v1.schema.json';
import offeringFinishedV1 from '../../schemas/catalog/OfferingFinished.v1.schema.json';
import offeringOpenedV1 from '../../schemas/catalog/OfferingOpened.v1.schema.json';
import offeringStartedV1 from '../../schemas/catalog/OfferingStarted.v1.schema.json';
import organizationRegisteredV1 from '../../schemas/catalog/OrganizationRegistered.v1.schema.json';
import organizationUpdatedV1 from '../../schemas/catalog/OrganizationUpdated.v1.schema.json';
import programApprovedV1 from '../../schemas/catalog/ProgramApproved.v1.schema.json';
import programArchivedV1 from '../../schemas/catalog/ProgramArchived.v1.schema.json';
import programDraftEditedV1 from '../../schemas/catalog/ProgramDraftEdited.v1.schema.json';
import programDraftedV1 from '../../schemas/catalog/ProgramDrafted.v1.schema.json';
import programRejectedV1 from '../../schemas/catalog/ProgramRejected.v1.schema.json';
import programReturnedV1 from '../../schemas/catalog/ProgramReturned.v1.schema.json';
import programSubmittedV1 from '../../schemas/catalog/ProgramSubmitted.v1.schema.json';
import programSubmittedV2 from '../../schemas/catalog/ProgramSubmitted.v2.schema.json';
import providerRegisteredV1 from '../../schemas/catalog/ProviderRegistered.v1.schema.json';
import providerRegisteredV2 from '../../schemas/catalog/ProviderRegistered.v2.schema.json';
import providerRegisteredV3 from '../../schemas/catalog/ProviderRegistered.v3.schema.json';
import providerUpdatedV1 from '../../schemas/catalog/ProviderUpdated.v1.schema.json';
import type { EventHistory } from '../event-history';
import type {
  CatalogEvent,
  ProgramSubmittedV1,
  ProgramSubmittedV2,
  ProviderRegisteredV1,
  ProviderRegisteredV2,
  ProviderRegisteredV3,
} from './events';

const only = (current: EventHistory['current']): EventHistory => ({ superseded: [], current });

export const CATALOG_EVENTS = {
  'catalog.ProviderRegistered': {
    superseded: [
      {
        schema: providerRegisteredV1,
        // Providers registered before ownership was recorded: nothing is known, so nothing is assumed.
        upcast: (data: ProviderRegisteredV1): ProviderRegisteredV2 => ({ ...data, ownership: 'unspecified' }),
      },
      {
        schema: providerRegisteredV2,
        upcast: (data: ProviderRegisteredV2): ProviderRegisteredV3 => ({ ...data, kind: 'unspecified' }),
      },
    ],
    current: providerRegisteredV3,
  },
  'catalog.ProviderUpdated': only(providerUpdatedV1),
  'catalog.MunicipalityRegistered': only(municipalityRegisteredV1),
  'catalog.MunicipalityUpdated': only(municipalityUpdatedV1),
  'catalog.OrganizationRegistered': only(organizationRegisteredV1),
  'catalog.OrganizationUpdated': only(organizationUpdatedV1),
  'catalog.InternshipSiteRegistered': only(internshipSiteRegisteredV1),
  'catalog.InternshipSiteUpdated': only(internshipSiteUpdatedV1),
  'catalog.ProgramDrafted': only(programDraftedV1),
  'catalog.ProgramDraftEdited': only(programDraftEditedV1),
  'catalog.ProgramSubmitted': {
    superseded: [
      {
        schema: programSubmittedV1,
        // Submitted before the program card had more than title, kind and hours: the first revision,
        // and what was not recorded is empty or "unspecified", never guessed.
        upcast: (data: ProgramSubmittedV1): ProgramSubmittedV2 => ({
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
      },
    ],
    current: programSubmittedV2,
  },
  'catalog.ProgramApproved': only(programApprovedV1),
  'catalog.ProgramReturned': only(programReturnedV1),
  'catalog.ProgramRejected': only(programRejectedV1),
  'catalog.ProgramArchived': only(programArchivedV1),
  'catalog.OfferingOpened': only(offeringOpenedV1),
  'catalog.OfferingClosed': only(offeringClosedV1),
  'catalog.OfferingStarted': only(offeringStartedV1),
  'catalog.OfferingFinished': only(offeringFinishedV1),
  'catalog.OfferingCancelled': only(offeringCancelledV1),
} satisfies Record<CatalogEvent['type'], EventHistory>;
