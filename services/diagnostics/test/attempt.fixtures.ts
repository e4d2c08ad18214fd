import { randomUUID } from 'node:crypto';
import { goldenExample, type TeacherRecord } from '@pk/contracts';
import type { NewEvent } from '@pk/kernel';

/**
 * For specs: a TeacherRegistered as the teacher aggregate appends it, the golden example with fresh
 * ids and the fields given, and the stream it belongs to.
 */
export function teacherRegistered(fields: Partial<TeacherRecord> = {}): {
  streamId: string;
  event: NewEvent;
  record: TeacherRecord;
} {
  const example = goldenExample('diagnostics.TeacherRegistered');
  const record: TeacherRecord = {
    ...example.data,
    teacherId: randomUUID(),
    organizationId: randomUUID(),
    municipalityId: randomUUID(),
    position: 'teacher',
    subjects: ['mathematics'],
    ...fields,
  };
  return {
    streamId: `teacher-${record.teacherId}`,
    record,
    event: {
      id: randomUUID(),
      type: example.type,
      schemaVersion: example.schemaVersion,
      data: record,
      actor: example.actor,
      correlationId: randomUUID(),
      causationId: null,
    },
  };
}
