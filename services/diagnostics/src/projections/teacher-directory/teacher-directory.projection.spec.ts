import { projectionSpec, publishedEvent } from '@pk/test-kit';
import { teacherDirectory } from './teacher-directory.projection';

const organizationId = 'c2d84f17-9b3a-4e61-8a05-7f2e6b1d9c43';
const municipalityId = '6a1f3d92-4c7e-4b25-9e08-1d5c7a3f2b64';
const otherMunicipalityId = '9d3e5f1a-7b2c-4d8e-a6f0-1c3b5d7e9f24';

describe('teachers’ replica of the catalog directory', () => {
  it('keeps where each municipality and organization is, no names, and follows a school that moves', () => {
    projectionSpec(teacherDirectory)
      .given([
        publishedEvent(
          'catalog.MunicipalityRegistered',
          { municipalityId, region: '63' },
          { subject: `municipality-${municipalityId}` },
        ),
        publishedEvent(
          'catalog.OrganizationRegistered',
          { organizationId, municipalityId, region: '63' },
          { subject: `organization-${organizationId}` },
        ),
        publishedEvent(
          'catalog.OrganizationUpdated',
          { organizationId, municipalityId: otherMunicipalityId, region: '63' },
          { subject: `organization-${organizationId}`, position: 1 },
        ),
      ])
      .then('teacher_municipalities', [{ _id: municipalityId, region: '63' }])
      .then('teacher_organizations', [
        { _id: organizationId, region: '63', municipalityId: otherMunicipalityId },
      ])
      .thenRedeliveryChangesNothing();
  });
});
