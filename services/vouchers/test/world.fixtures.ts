import { randomUUID } from 'node:crypto';
import type { EventEnvelope, OrganizationKind, Position, Subject } from '@pk/contracts';
import { publishedEvent } from '@pk/test-kit';

// The other services' facts vouchers decides on, as their topics carry them: a teacher from
// diagnostics, an organization and an approved program from the catalog.

export interface Place {
  readonly region: string;
  readonly municipalityId: string;
  readonly organizationId: string;
  readonly kind: OrganizationKind;
}

export function place(fields: Partial<Place> = {}): Place {
  return {
    region: '63',
    municipalityId: randomUUID(),
    organizationId: randomUUID(),
    kind: 'school',
    ...fields,
  };
}

export function organizationRegistered(at: Place): EventEnvelope {
  const { organizationId, municipalityId, region, kind } = at;
  return publishedEvent(
    'catalog.OrganizationRegistered',
    { organizationId, municipalityId, region, kind },
    { subject: `organization-${organizationId}` },
  );
}

/** A teacher as diagnostics publishes it: what vouchers' teacher replica reads. */
export function teacherRegistered(
  at: Place,
  fields: { teacherId?: string; position?: Position; subjects?: Subject[]; workProfile?: string } = {},
) {
  const teacherId = fields.teacherId ?? randomUUID();
  return publishedEvent(
    'diagnostics.TeacherRegistered',
    {
      teacherId,
      region: at.region,
      organizationId: at.organizationId,
      municipalityId: at.municipalityId,
      position: fields.position ?? 'teacher',
      subjects: fields.subjects ?? ['mathematics'],
      workProfile: fields.workProfile ?? '',
    },
    { subject: `teacher-${teacherId}` },
  );
}

/** An approved program of the register (the whole card), 36 hours for school teachers of mathematics. */
export function programApproved(
  fields: {
    programId?: string;
    providerId?: string;
    region?: string;
    hours?: number;
    format?: 'in-person' | 'blended' | 'distance' | 'internship';
    subjects?: Subject[];
    voucherEligible?: boolean;
  } = {},
) {
  const programId = fields.programId ?? randomUUID();
  return publishedEvent(
    'catalog.ProgramApproved',
    {
      programId,
      providerId: fields.providerId ?? randomUUID(),
      region: fields.region ?? '63',
      kind: 'advanced-training',
      hours: fields.hours ?? 36,
      format: fields.format ?? 'blended',
      targetPositions: ['teacher', 'industrial-training-master', 'special-discipline-lecturer'],
      organizationTypes: ['school', 'vocational-college'],
      subjects: fields.subjects ?? ['mathematics'],
      workProfile: '',
      voucherEligible: fields.voucherEligible ?? true,
    },
    { subject: `program-${programId}`, position: 6 },
  );
}
