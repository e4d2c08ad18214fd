import { type DiagnosticsEvent, publicTopic } from '@pk/contracts';
import { type DocumentChange, defineProjection } from '@pk/projections';
import { Schema } from 'mongoose';

// What trajectories need of the rest of diagnostics, read from the service's public topic like any
// consumer (the parts that publish these share no code with this one): a teacher's place and
// position (TeacherRegistered/Updated/Erased, its teacher stream) and its open deficits
// (DeficitFound/Resolved, its profile stream `profile-<teacherId>`, the events' subject).
//
// One deficit document per (teacher, competency), following the profile stream: a teacher's open
// deficits are an equality on (teacherId, open), and how many teachers of a region have an open
// deficit in a competency is a count of documents on (region, competency, open) — exact, and
// written by one stream each, never a counter fed from many.

const teachers = new Schema(
  {
    _id: String,
    region: String,
    organizationId: String,
    municipalityId: String,
    position: String,
    erased: Boolean,
  },
  { versionKey: false },
);

const deficits = new Schema(
  {
    _id: String,
    teacherId: String,
    region: String,
    organizationId: String,
    municipalityId: String,
    competency: String,
    open: Boolean,
  },
  { versionKey: false },
)
  .index({ teacherId: 1, open: 1 })
  .index({ region: 1, competency: 1, open: 1 });

export const deficitId = (teacherId: string, competency: string) => `${teacherId}/${competency}`;

type Collection = 'trajectory_teachers' | 'trajectory_deficits';

export const trajectoryReplicas = defineProjection<DiagnosticsEvent>()({
  name: 'trajectory-replicas',
  topics: [publicTopic('diagnostics')],
  eventTypes: [
    'diagnostics.TeacherRegistered',
    'diagnostics.TeacherUpdated',
    'diagnostics.TeacherErased',
    'diagnostics.DeficitFound',
    'diagnostics.DeficitResolved',
  ],
  collections: { trajectory_teachers: teachers, trajectory_deficits: deficits },

  project(event): DocumentChange<Collection>[] {
    const position = event.streamPosition;
    switch (event.type) {
      case 'diagnostics.TeacherRegistered':
      case 'diagnostics.TeacherUpdated': {
        const { teacherId, region, organizationId, municipalityId, position: held } = event.data;
        return [
          {
            collection: 'trajectory_teachers',
            id: teacherId,
            position,
            set: { region, organizationId, municipalityId, position: held, erased: false },
          },
        ];
      }
      case 'diagnostics.TeacherErased':
        return [
          {
            collection: 'trajectory_teachers',
            id: event.data.teacherId,
            position,
            // the place and position go with the erased person (see the teacher roster)
            set: {
              region: event.data.region,
              organizationId: null,
              municipalityId: null,
              position: null,
              erased: true,
            },
          },
        ];
      case 'diagnostics.DeficitFound':
      case 'diagnostics.DeficitResolved': {
        const { teacherId, region, organizationId, municipalityId, competency } = event.data;
        return [
          {
            collection: 'trajectory_deficits',
            id: deficitId(teacherId, competency),
            position,
            set: {
              teacherId,
              region,
              organizationId,
              municipalityId,
              competency,
              open: event.type === 'diagnostics.DeficitFound',
            },
          },
        ];
      }
      default:
        return [];
    }
  },
});
