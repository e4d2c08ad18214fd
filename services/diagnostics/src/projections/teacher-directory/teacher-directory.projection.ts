import { type CatalogEvent, publicTopic } from '@pk/contracts';
import { type DocumentChange, defineProjection } from '@pk/projections';
import { Schema } from 'mongoose';

// The teachers' replica of the catalog's directory: which municipalities and organizations exist,
// in which region, and an organization's municipality — what a teacher's record is checked against
// (a typo in an organization's id would otherwise make a teacher nobody's). Ids and places only,
// no names. Each document follows one catalog stream (docs/read-models.md, rule 1). Apart from the
// trajectories' replica of the register: the two parts of the service need different facts and
// rebuild on their own.

const municipalities = new Schema({ _id: String, region: String }, { versionKey: false });
const organizations = new Schema(
  { _id: String, region: String, municipalityId: String },
  { versionKey: false },
);

type Collection = 'teacher_municipalities' | 'teacher_organizations';

export const teacherDirectory = defineProjection<CatalogEvent>()({
  name: 'teacher-directory',
  topics: [publicTopic('catalog')],
  eventTypes: [
    'catalog.MunicipalityRegistered',
    'catalog.MunicipalityUpdated',
    'catalog.OrganizationRegistered',
    'catalog.OrganizationUpdated',
  ],
  collections: { teacher_municipalities: municipalities, teacher_organizations: organizations },

  project(event): DocumentChange<Collection>[] {
    const position = event.streamPosition;
    switch (event.type) {
      case 'catalog.MunicipalityRegistered':
      case 'catalog.MunicipalityUpdated': {
        const { municipalityId, region } = event.data;
        return [{ collection: 'teacher_municipalities', id: municipalityId, position, set: { region } }];
      }
      case 'catalog.OrganizationRegistered':
      case 'catalog.OrganizationUpdated': {
        const { organizationId, region, municipalityId } = event.data;
        return [
          {
            collection: 'teacher_organizations',
            id: organizationId,
            position,
            set: { region, municipalityId },
          },
        ];
      }
      default:
        return [];
    }
  },
});
