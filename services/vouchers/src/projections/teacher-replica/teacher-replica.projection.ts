import { type DiagnosticsEvent, publicTopic } from '@pk/contracts';
import { type DocumentChange, defineProjection } from '@pk/projections';
import { Schema } from 'mongoose';

// Vouchers' replica of diagnostics' teachers: the professional facts a voucher's issue is decided on
// (position, organization, municipality, subjects, work profile). One document per teacher stream.
// An erased teacher keeps its id, region and the fact, and nothing else: no voucher is issued to them,
// and their vouchers keep their history (which never had a name in it).

const teachers = new Schema(
  {
    _id: String,
    region: String,
    organizationId: String,
    municipalityId: String,
    position: String,
    subjects: [String],
    workProfile: String,
    erased: Boolean,
  },
  { versionKey: false },
).index({ region: 1, municipalityId: 1 });

export const teacherReplica = defineProjection<DiagnosticsEvent>()({
  name: 'vouchers-teacher-replica',
  topics: [publicTopic('diagnostics')],
  eventTypes: ['diagnostics.TeacherRegistered', 'diagnostics.TeacherUpdated', 'diagnostics.TeacherErased'],
  collections: { replica_teachers: teachers },

  project(event): DocumentChange<'replica_teachers'>[] {
    const position = event.streamPosition;
    switch (event.type) {
      case 'diagnostics.TeacherRegistered':
      case 'diagnostics.TeacherUpdated': {
        const t = event.data;
        return [
          {
            collection: 'replica_teachers',
            id: t.teacherId,
            position,
            set: {
              region: t.region,
              organizationId: t.organizationId,
              municipalityId: t.municipalityId,
              position: t.position,
              subjects: t.subjects,
              workProfile: t.workProfile,
              erased: false,
            },
          },
        ];
      }
      case 'diagnostics.TeacherErased': {
        const { teacherId, region } = event.data;
        return [
          {
            collection: 'replica_teachers',
            id: teacherId,
            position,
            set: {
              region,
              organizationId: null,
              municipalityId: null,
              position: null,
              subjects: [],
              workProfile: '',
              erased: true,
            },
          },
        ];
      }
      default:
        return [];
    }
  },
});
