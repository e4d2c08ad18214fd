import { goldenExample } from '@pk/contracts';
import { projectionSpec, publishedEvent } from '@pk/test-kit';
import { wordsOf } from '../register/register.projection';
import { directories } from './directories.projection';

const at = (subject: string, position: number, time: string) => ({ subject, position, time });
const keys = (name: string, id: string) => ({
  words: wordsOf(name),
  sortKey: `${name.toLocaleLowerCase('ru').replaceAll('ё', 'е')}\u0001${id}`,
});

// One document per directory entry, its whole record as the last event left it, with the keys the
// directory's list pages and searches on.
describe('directories projection', () => {
  it('keeps each entry’s record as its last event left it, with the keys of listing', () => {
    const provider = goldenExample('catalog.ProviderRegistered').data;
    const municipality = goldenExample('catalog.MunicipalityRegistered').data;
    const school = goldenExample('catalog.OrganizationRegistered').data;
    const site = goldenExample('catalog.InternshipSiteRegistered').data;
    const renamed = { ...school, name: 'МБОУ «Школа № 93 имени Ёлкина»' };
    const spec = projectionSpec(directories).given([
      publishedEvent(
        'catalog.ProviderRegistered',
        provider,
        at(`provider-${provider.providerId}`, 0, '2026-09-01T09:00:00.000Z'),
      ),
      publishedEvent(
        'catalog.MunicipalityRegistered',
        municipality,
        at(`municipality-${municipality.municipalityId}`, 0, '2026-09-01T09:00:01.000Z'),
      ),
      publishedEvent(
        'catalog.OrganizationRegistered',
        school,
        at(`organization-${school.organizationId}`, 0, '2026-09-01T09:00:02.000Z'),
      ),
      publishedEvent(
        'catalog.OrganizationUpdated',
        renamed,
        at(`organization-${school.organizationId}`, 1, '2026-09-02T10:00:00.000Z'),
      ),
      publishedEvent(
        'catalog.InternshipSiteRegistered',
        site,
        at(`internship-site-${site.siteId}`, 0, '2026-09-01T09:00:03.000Z'),
      ),
    ]);
    spec.then('providers', [
      {
        _id: provider.providerId,
        region: provider.region,
        name: provider.name,
        inn: provider.inn,
        kind: provider.kind,
        ownership: provider.ownership,
        ...keys(provider.name, provider.providerId),
        updatedAt: '2026-09-01T09:00:00.000Z',
      },
    ]);
    spec.thenDocument('municipalities', municipality.municipalityId, {
      oktmo: municipality.oktmo,
      ...keys(municipality.name, municipality.municipalityId),
    });
    spec.then('organizations', [
      {
        _id: school.organizationId,
        region: school.region,
        name: renamed.name,
        inn: school.inn,
        kind: school.kind,
        municipalityId: school.municipalityId,
        ...keys(renamed.name, school.organizationId),
        updatedAt: '2026-09-02T10:00:00.000Z',
      },
    ]);
    spec.thenDocument('sites', site.siteId, {
      inn: site.inn,
      municipalityId: site.municipalityId,
      profile: site.profile,
      programIds: site.programIds,
      periods: site.periods,
    });
  });
});
