import programSubmittedV1 from '../../schemas/catalog/ProgramSubmitted.v1.schema.json';
import providerRegisteredV1 from '../../schemas/catalog/ProviderRegistered.v1.schema.json';
import providerRegisteredV2 from '../../schemas/catalog/ProviderRegistered.v2.schema.json';
import type { EventHistory } from '../event-history';
import type { CatalogEvent, ProviderRegisteredV1, ProviderRegisteredV2 } from './events';

export const CATALOG_EVENTS = {
  'catalog.ProviderRegistered': {
    superseded: [
      {
        schema: providerRegisteredV1,
        // Providers registered before ownership was recorded: nothing is known, so nothing is assumed.
        upcast: (data: ProviderRegisteredV1): ProviderRegisteredV2 => ({ ...data, ownership: 'unspecified' }),
      },
    ],
    current: providerRegisteredV2,
  },
  'catalog.ProgramSubmitted': { superseded: [], current: programSubmittedV1 },
} satisfies Record<CatalogEvent['type'], EventHistory>;
