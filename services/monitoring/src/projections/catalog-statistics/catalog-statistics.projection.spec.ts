import { publishedProviderRegistered } from '@pk/test-kit';
import { catalogStatistics } from './catalog-statistics.projection';

describe('catalog statistics projection', () => {
  it('keeps one provider document per provider, at the position of its event', () => {
    const event = publishedProviderRegistered('63', '5b1c1c7e-2f51-4f4e-9f7e-0d1f0a8b7c11', 0);
    expect(catalogStatistics.project(event)).toEqual([
      {
        collection: 'providers',
        id: '5b1c1c7e-2f51-4f4e-9f7e-0d1f0a8b7c11',
        position: 0,
        set: { region: '63', name: event.data.name, ownership: 'state' },
      },
    ]);
  });

  it('keeps one program document per program with what the counts need', () => {
    const submitted = {
      ...publishedProviderRegistered('63'),
      type: 'catalog.ProgramSubmitted',
      subject: 'program-0f3e9a52-8d0b-4c1e-9a6c-3c2b1a0e9f21',
      data: {
        programId: '0f3e9a52-8d0b-4c1e-9a6c-3c2b1a0e9f21',
        providerId: '5b1c1c7e-2f51-4f4e-9f7e-0d1f0a8b7c11',
        region: '63',
        title: 'Профессиональная переподготовка',
        kind: 'retraining',
        hours: 260,
      },
    };
    expect(catalogStatistics.project(submitted)).toEqual([
      {
        collection: 'programs',
        id: '0f3e9a52-8d0b-4c1e-9a6c-3c2b1a0e9f21',
        position: 0,
        set: {
          region: '63',
          providerId: '5b1c1c7e-2f51-4f4e-9f7e-0d1f0a8b7c11',
          kind: 'retraining',
          hours: 260,
        },
      },
    ]);
  });
});
