import { type EnrollmentEvent, publicTopic } from '@pk/contracts';
import { type DocumentChange, defineProjection } from '@pk/projections';
import { Schema } from 'mongoose';

// Completions of courses (enrollment.CourseCompleted), kept for the export to the federal register
// of education documents (ФИС ФРДО, see services/diagnostics/README.md). One document per
// enrollment, written by that completion alone (docs/read-models.md, rule 1). Identifiers and the
// document's facts only: the learner's names and СНИЛС stay sealed in the teacher's stream and are
// opened when the file is made, never copied here.

const completions = new Schema(
  {
    _id: String,
    region: String,
    teacherId: String,
    organizationId: String,
    offeringId: String,
    programId: String,
    providerId: String,
    kind: String,
    hours: Number,
    completedOn: String,
    certificateNumber: String,
    /** YYYY-MM of completedOn: a period's export reads its months by equality (rule 4). */
    month: String,
  },
  { versionKey: false },
)
  .index({ region: 1 })
  .index({ month: 1 })
  .index({ providerId: 1 });

export const frdoCompletions = defineProjection<EnrollmentEvent>()({
  name: 'frdo-completions',
  topics: [publicTopic('enrollment')],
  eventTypes: ['enrollment.CourseCompleted'],
  collections: { frdo_completions: completions },

  project(event): DocumentChange<'frdo_completions'>[] {
    if (event.type !== 'enrollment.CourseCompleted') return [];
    const { enrollmentId, ...fields } = event.data;
    return [
      {
        collection: 'frdo_completions',
        id: enrollmentId,
        position: event.streamPosition,
        set: { ...fields, month: fields.completedOn.slice(0, 7) },
      },
    ];
  },
});
