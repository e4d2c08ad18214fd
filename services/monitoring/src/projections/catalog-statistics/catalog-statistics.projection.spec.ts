import { projectionSpec, publishedEvent } from '@pk/test-kit';
import { catalogStatistics } from './catalog-statistics.projection';

const providerId = '5b1c1c7e-2f51-4f4e-9f7e-0d1f0a8b7c11';
const programId = '0f3e9a52-8d0b-4c1e-9a6c-3c2b1a0e9f21';

describe('catalog statistics projection', () => {
  const registered = publishedEvent(
    'catalog.ProviderRegistered',
    { providerId, region: '63', name: 'ГАУ ДПО СИПКРО', ownership: 'state' },
    { subject: `provider-${providerId}` },
  );
  const submitted = publishedEvent(
    'catalog.ProgramSubmitted',
    { programId, providerId, region: '63', kind: 'retraining', hours: 260 },
    { subject: `program-${programId}`, position: 1 },
  );

  it('keeps one provider document per provider and one program document per program', () => {
    projectionSpec(catalogStatistics)
      .given([registered, submitted])
      .then('providers', [{ _id: providerId, region: '63', name: 'ГАУ ДПО СИПКРО', ownership: 'state' }])
      .then('programs', [{ _id: programId, region: '63', providerId, kind: 'retraining', hours: 260 }])
      .thenRedeliveryChangesNothing();
  });

  it('counts a program once however often it is resubmitted: the later revision wins', () => {
    const resubmitted = publishedEvent(
      'catalog.ProgramSubmitted',
      { programId, providerId, region: '63', kind: 'retraining', hours: 300 },
      { subject: `program-${programId}`, position: 4 },
    );
    projectionSpec(catalogStatistics)
      .given([submitted, resubmitted])
      .then('programs', [{ _id: programId, region: '63', providerId, kind: 'retraining', hours: 300 }])
      .thenRedeliveryChangesNothing();
  });

  it('passes over catalog events it does not count', () => {
    const archived = publishedEvent('catalog.ProgramArchived', { programId }, { position: 5 });
    projectionSpec(catalogStatistics).given([archived]).then('programs', []).then('providers', []);
  });
});
