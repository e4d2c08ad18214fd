import { ForbiddenException } from '@nestjs/common';
import { assertWithinScope, type Principal, type Scope } from '@pk/auth';

/** Where a teacher's record lives, which decides who may see it. */
export interface TeacherPlace {
  readonly teacherId: string;
  readonly region: string;
  readonly organizationId: string;
  readonly municipalityId: string;
}

/**
 * Who may see what of a teacher, by role. The guard cannot decide it alone: the organization and
 * municipality are the record's, known only once it is read; so routes admit these roles at region
 * scope and the handler checks the record's place here.
 */
const READERS: Record<'record' | 'personal-data', Partial<Record<Principal['role'], Scope>>> = {
  record: {
    'ministry-admin': 'region',
    auditor: 'region',
    'municipal-operator': 'municipality',
    'school-coordinator': 'organization',
    teacher: 'own-record',
  },
  // 152-ФЗ: names and contacts only to those who work with the person, and the person
  'personal-data': {
    'ministry-admin': 'region',
    'school-coordinator': 'organization',
    teacher: 'own-record',
  },
};

/** Refuses (403) a principal that may not see this part of the teacher's record. */
export function assertMayRead(
  principal: Principal,
  place: TeacherPlace,
  what: 'record' | 'personal-data',
): void {
  const scope = READERS[what][principal.role];
  if (scope === undefined)
    throw new ForbiddenException(
      `роли ${principal.role} недоступны ${what === 'record' ? 'сведения о педагоге' : 'персональные данные педагога'}`,
    );
  assertWithinScope(
    principal,
    {
      region: place.region,
      municipality: place.municipalityId,
      organization: place.organizationId,
      subject: place.teacherId,
    },
    scope,
  );
}

/** The roles of READERS[what], for the routes' @Allow. */
export function readersOf(what: 'record' | 'personal-data'): Principal['role'][] {
  return Object.keys(READERS[what]) as Principal['role'][];
}
