import { type CatalogEvent, publicTopic } from '@pk/contracts';
import { type DocumentChange, defineProjection } from '@pk/projections';
import { Schema } from 'mongoose';

// Vouchers' replica of the catalog: the register's programs (the whole card travels in
// catalog.ProgramApproved) and the kind of each educational organization. A program's document
// follows its program stream, an organization's its organization stream (docs/read-models.md, rule 1).

const programs = new Schema(
  {
    _id: String,
    region: String,
    providerId: String,
    kind: String,
    hours: Number,
    format: String,
    targetPositions: [String],
    organizationTypes: [String],
    subjects: [String],
    workProfile: String,
    voucherEligible: Boolean,
    /** In the register: approved and not archived. */
    inRegister: Boolean,
  },
  { versionKey: false },
);

// indexed by region: a bulk issue's list reads the kinds of a region's organizations at once; by ИНН:
// the fraud signals ask which organizations a contracted provider is (a school that is itself one)
const organizations = new Schema(
  { _id: String, region: String, kind: String, inn: String },
  { versionKey: false },
)
  .index({ region: 1 })
  .index({ inn: 1 });

type Collection = 'replica_programs' | 'replica_organizations';

export const catalogReplica = defineProjection<CatalogEvent>()({
  name: 'vouchers-catalog-replica',
  topics: [publicTopic('catalog')],
  eventTypes: [
    'catalog.ProgramApproved',
    'catalog.ProgramArchived',
    'catalog.OrganizationRegistered',
    'catalog.OrganizationUpdated',
  ],
  collections: { replica_programs: programs, replica_organizations: organizations },

  project(event): DocumentChange<Collection>[] {
    const position = event.streamPosition;
    switch (event.type) {
      case 'catalog.ProgramApproved': {
        const p = event.data;
        return [
          {
            collection: 'replica_programs',
            id: p.programId,
            position,
            set: {
              region: p.region,
              providerId: p.providerId,
              kind: p.kind,
              hours: p.hours,
              format: p.format,
              targetPositions: p.targetPositions,
              organizationTypes: p.organizationTypes,
              subjects: p.subjects,
              workProfile: p.workProfile,
              voucherEligible: p.voucherEligible,
              inRegister: true,
            },
          },
        ];
      }
      case 'catalog.ProgramArchived': {
        const { programId, region, providerId } = event.data;
        return [
          {
            collection: 'replica_programs',
            id: programId,
            position,
            set: { region, providerId, inRegister: false },
          },
        ];
      }
      case 'catalog.OrganizationRegistered':
      case 'catalog.OrganizationUpdated': {
        const { organizationId, region, kind, inn } = event.data;
        return [
          { collection: 'replica_organizations', id: organizationId, position, set: { region, kind, inn } },
        ];
      }
      default:
        return [];
    }
  },
});
