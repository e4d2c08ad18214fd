import { type CatalogEvent, type DiagnosticsEvent, type ExpertiseEvent, publicTopic } from '@pk/contracts';
import { type DocumentChange, defineProjection } from '@pk/projections';
import { Schema } from 'mongoose';
import { regionYearOf } from '../region-year';

// The region in figures (seed 000, «Региональная система ПК в цифрах»): one document per teacher,
// organization, provider, program, internship site, expert and review decision, so a count is exact
// whatever was redelivered, and every document follows the one stream its facts come from.

const teachers = new Schema(
  {
    _id: String,
    region: String,
    municipalityId: String,
    organizationId: String,
    position: String,
    category: String,
    education: String,
  },
  { versionKey: false },
)
  .index({ region: 1 })
  .index({ municipalityId: 1 });

const municipalities = new Schema(
  { _id: String, region: String, name: String, kind: String },
  { versionKey: false },
).index({ region: 1 });

const organizations = new Schema(
  { _id: String, region: String, municipalityId: String, kind: String },
  { versionKey: false },
)
  .index({ region: 1 })
  .index({ municipalityId: 1 });

const providers = new Schema({ _id: String, region: String, ownership: String }, { versionKey: false }).index(
  { region: 1 },
);

/** A program at its latest revision; `competencies` are what the coverage indicators match. */
const programs = new Schema(
  {
    _id: String,
    region: String,
    providerId: String,
    kind: String,
    hours: Number,
    format: String,
    competencies: [String],
    status: String,
  },
  { versionKey: false },
).index({ region: 1, status: 1 });

const internshipSites = new Schema(
  { _id: String, region: String, municipalityId: String },
  { versionKey: false },
)
  .index({ region: 1 })
  .index({ municipalityId: 1 });

const experts = new Schema(
  { _id: String, region: String, organizationId: String, active: Boolean },
  { versionKey: false },
).index({ region: 1, active: 1 });

/** One document per review case: its outcome and the year it was decided in. */
const reviews = new Schema(
  { _id: String, region: String, programId: String, providerId: String, outcome: String, year: Number },
  { versionKey: false },
).index({ region: 1, year: 1, outcome: 1 });

export type RegionFiguresCollection =
  | 'municipalities'
  | 'teachers'
  | 'organizations'
  | 'providers'
  | 'programs'
  | 'internshipSites'
  | 'experts'
  | 'reviews';

type RegionFiguresEvent = CatalogEvent | DiagnosticsEvent | ExpertiseEvent;

export const regionFigures = defineProjection<RegionFiguresEvent>()({
  name: 'monitoring-region-figures',
  topics: [publicTopic('catalog'), publicTopic('diagnostics'), publicTopic('expertise')],
  eventTypes: [
    'diagnostics.TeacherRegistered',
    'diagnostics.TeacherUpdated',
    'catalog.MunicipalityRegistered',
    'catalog.MunicipalityUpdated',
    'catalog.OrganizationRegistered',
    'catalog.OrganizationUpdated',
    'catalog.ProviderRegistered',
    'catalog.ProviderUpdated',
    'catalog.ProgramSubmitted',
    'catalog.ProgramApproved',
    'catalog.ProgramReturned',
    'catalog.ProgramRejected',
    'catalog.ProgramArchived',
    'catalog.InternshipSiteRegistered',
    'catalog.InternshipSiteUpdated',
    'expertise.ExpertRegistered',
    'expertise.ExpertDeactivated',
    'expertise.ExpertReactivated',
    'expertise.ReviewDecided',
  ],
  collections: {
    municipalities,
    teachers,
    organizations,
    providers,
    programs,
    internshipSites,
    experts,
    reviews,
  },

  project(event): DocumentChange<RegionFiguresCollection>[] {
    const change = (collection: RegionFiguresCollection, id: string, set: Record<string, unknown>) => [
      { collection, id, position: event.streamPosition, set },
    ];
    switch (event.type) {
      case 'diagnostics.TeacherRegistered':
      case 'diagnostics.TeacherUpdated': {
        const { teacherId, region, municipalityId, organizationId, position, category, education } =
          event.data;
        return change('teachers', teacherId, {
          region,
          municipalityId,
          organizationId,
          position,
          category,
          education,
        });
      }
      case 'catalog.MunicipalityRegistered':
      case 'catalog.MunicipalityUpdated': {
        const { municipalityId, region, name, kind } = event.data;
        return change('municipalities', municipalityId, { region, name, kind });
      }
      case 'catalog.OrganizationRegistered':
      case 'catalog.OrganizationUpdated': {
        const { organizationId, region, municipalityId, kind } = event.data;
        return change('organizations', organizationId, { region, municipalityId, kind });
      }
      case 'catalog.ProviderRegistered':
      case 'catalog.ProviderUpdated': {
        const { providerId, region, ownership } = event.data;
        return change('providers', providerId, { region, ownership });
      }
      case 'catalog.ProgramSubmitted':
      case 'catalog.ProgramApproved': {
        const { programId, region, providerId, kind, hours, format, competencies } = event.data;
        const status = event.type === 'catalog.ProgramApproved' ? 'approved' : 'submitted';
        return change('programs', programId, {
          region,
          providerId,
          kind,
          hours,
          format,
          competencies: [...competencies],
          status,
        });
      }
      case 'catalog.ProgramReturned':
        return change('programs', event.data.programId, { region: event.data.region, status: 'returned' });
      case 'catalog.ProgramRejected':
        return change('programs', event.data.programId, { region: event.data.region, status: 'rejected' });
      case 'catalog.ProgramArchived':
        return change('programs', event.data.programId, { region: event.data.region, status: 'archived' });
      case 'catalog.InternshipSiteRegistered':
      case 'catalog.InternshipSiteUpdated': {
        const { siteId, region, municipalityId } = event.data;
        return change('internshipSites', siteId, { region, municipalityId });
      }
      case 'expertise.ExpertRegistered': {
        const { expertId, region, organizationId } = event.data;
        return change('experts', expertId, { region, organizationId, active: true });
      }
      case 'expertise.ExpertDeactivated':
      case 'expertise.ExpertReactivated': {
        const { expertId, region } = event.data;
        return change('experts', expertId, { region, active: event.type === 'expertise.ExpertReactivated' });
      }
      case 'expertise.ReviewDecided': {
        const { caseId, region, programId, providerId, outcome } = event.data;
        return change('reviews', caseId, {
          region,
          programId,
          providerId,
          outcome,
          year: regionYearOf(region, event.time),
        });
      }
      default:
        return [];
    }
  },
});
