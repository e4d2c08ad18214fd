import { isWithinScope, type Principal } from '@pk/auth';
import type { TeacherPlace } from '@pk/contracts';

/**
 * Whether the caller may see or act on this teacher's diagnostics: the ministry and the auditor in
 * the teacher's region, a municipal operator in the teacher's municipality, a school coordinator in
 * the teacher's organization, the teacher itself. Callers outside are answered as if the teacher did
 * not exist, so a municipality learns nothing of another's staff.
 */
export function reachesTeacher(principal: Principal, teacher: TeacherPlace): boolean {
  const region = teacher.region;
  switch (principal.role) {
    case 'ministry-admin':
    case 'auditor':
      return isWithinScope(principal, { region }, 'region');
    case 'municipal-operator':
      return isWithinScope(principal, { region, municipality: teacher.municipalityId }, 'municipality');
    case 'school-coordinator':
      return isWithinScope(principal, { region, organization: teacher.organizationId }, 'organization');
    case 'teacher':
      return isWithinScope(principal, { region, subject: teacher.teacherId }, 'own-record');
    default:
      return false;
  }
}
