import { type CatalogEvent, COMPETENCY_FRAMEWORK, publicTopic } from '@pk/contracts';
import { type DocumentChange, defineProjection } from '@pk/projections';
import { Schema } from 'mongoose';

// Diagnostics' replica of the catalog's register, for trajectories: what it must know of the
// approved programs (the whole card of catalog.ProgramApproved) and of organizations (their kind,
// for the voucher fit). Every document follows one catalog stream (docs/read-models.md, rule 1):
// a program's documents its program stream, an organization's its organization stream.
//
// Besides one document per program, a program has one coverage document per competency of the
// framework, `covering` when the approved program works on it. "Which approved programs cover R/01
// in region 63" is then an equality on indexed fields that matches those programs only, and "does
// any" is one such read — never a counter of programs per competency, which many program streams
// would write at once (FerretDB loses such updates). A document per framework competency, rather
// than per competency the program names, because ProgramArchived names no competencies and a new
// revision may name others: every approval and archival rewrites all of the program's documents.
// Codes outside the framework are not kept: deficits are found only in framework competencies.
// Collection names carry the part's prefix: the service's read store is shared by its parts.

const programs = new Schema(
  {
    _id: String,
    region: String,
    providerId: String,
    revision: Number,
    title: String,
    kind: String,
    hours: Number,
    format: String,
    targetPositions: [String],
    organizationTypes: [String],
    subjects: [String],
    competencies: [String],
    voucherEligible: Boolean,
    /** In the register: approved and not archived. */
    approved: Boolean,
  },
  { versionKey: false },
);

const coverage = new Schema(
  {
    _id: String,
    programId: String,
    region: String,
    competency: String,
    /** The program is approved and works on this competency. */
    covering: Boolean,
    // the card's fields the recommendation ranks by, so a covering program needs no second read
    title: String,
    kind: String,
    hours: Number,
    competencies: [String],
    targetPositions: [String],
    organizationTypes: [String],
    voucherEligible: Boolean,
  },
  { versionKey: false },
).index({ region: 1, competency: 1, covering: 1 });

const organizations = new Schema({ _id: String, region: String, kind: String }, { versionKey: false });

/** The competency codes every program has a coverage document for. */
export const FRAMEWORK_CODES = Object.keys(COMPETENCY_FRAMEWORK.competencies);

export const coverageId = (programId: string, competency: string) => `${programId}/${competency}`;

type Collection = 'trajectory_programs' | 'trajectory_program_coverage' | 'trajectory_organizations';

export const programReplica = defineProjection<CatalogEvent>()({
  name: 'program-replica',
  topics: [publicTopic('catalog')],
  eventTypes: [
    'catalog.ProgramApproved',
    'catalog.ProgramArchived',
    'catalog.OrganizationRegistered',
    'catalog.OrganizationUpdated',
  ],
  collections: {
    trajectory_programs: programs,
    trajectory_program_coverage: coverage,
    trajectory_organizations: organizations,
  },

  project(event): DocumentChange<Collection>[] {
    const position = event.streamPosition;
    switch (event.type) {
      case 'catalog.ProgramApproved': {
        const p = event.data;
        const card = {
          title: p.title,
          kind: p.kind,
          hours: p.hours,
          competencies: p.competencies,
          targetPositions: p.targetPositions,
          organizationTypes: p.organizationTypes,
          voucherEligible: p.voucherEligible,
        };
        return [
          {
            collection: 'trajectory_programs',
            id: p.programId,
            position,
            set: {
              ...card,
              region: p.region,
              providerId: p.providerId,
              revision: p.revision,
              format: p.format,
              subjects: p.subjects,
              approved: true,
            },
          },
          ...FRAMEWORK_CODES.map((competency) => {
            const covering = (p.competencies as readonly string[]).includes(competency);
            return {
              collection: 'trajectory_program_coverage' as const,
              id: coverageId(p.programId, competency),
              position,
              set: {
                programId: p.programId,
                region: p.region,
                competency,
                covering,
                ...(covering ? card : {}),
              },
            };
          }),
        ];
      }
      case 'catalog.ProgramArchived': {
        const { programId, region } = event.data;
        return [
          { collection: 'trajectory_programs', id: programId, position, set: { approved: false } },
          ...FRAMEWORK_CODES.map((competency) => ({
            collection: 'trajectory_program_coverage' as const,
            id: coverageId(programId, competency),
            position,
            set: { programId, region, competency, covering: false },
          })),
        ];
      }
      case 'catalog.OrganizationRegistered':
      case 'catalog.OrganizationUpdated': {
        const { organizationId, region, kind } = event.data;
        return [
          { collection: 'trajectory_organizations', id: organizationId, position, set: { region, kind } },
        ];
      }
      default:
        return [];
    }
  },
});
