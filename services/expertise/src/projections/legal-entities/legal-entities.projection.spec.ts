import { projectionSpec, publishedEvent } from '@pk/test-kit';
import { legalEntities } from './legal-entities.projection';

const providerId = '3e9a1c74-58b2-4f06-a1d3-7c2b9e5f8a10';
const organizationId = 'c2d84f17-9b3a-4e61-8a05-7f2e6b1d9c43';
const INN = '6316000018';

describe('legal entities replica projection', () => {
  it('keeps every directory entry with its ИНН, so entries of one legal entity are found together', () => {
    projectionSpec(legalEntities)
      .given([
        publishedEvent(
          'catalog.ProviderRegistered',
          { providerId, region: '63', inn: INN, name: 'Колледж' },
          { subject: `provider-${providerId}`, position: 0 },
        ),
        publishedEvent(
          'catalog.OrganizationRegistered',
          { organizationId, region: '63', inn: INN, name: 'Колледж (ОО)' },
          { subject: `organization-${organizationId}`, position: 0 },
        ),
        publishedEvent(
          'catalog.ProviderUpdated',
          { providerId, region: '63', inn: INN, name: 'Самарский колледж' },
          { subject: `provider-${providerId}`, position: 1 },
        ),
      ])
      .then(
        'legal_entities',
        [
          { _id: providerId, directory: 'provider', region: '63', inn: INN, name: 'Самарский колледж' },
          { _id: organizationId, directory: 'organization', region: '63', inn: INN, name: 'Колледж (ОО)' },
        ].sort((a, b) => (a._id < b._id ? -1 : 1)),
      )
      .thenRedeliveryChangesNothing();
  });
});
