/**
 * Events the diagnostics store keeps and never publishes: personal data (encrypted under the
 * teacher's key, 152-ФЗ) and burnout screening, which only the teacher and the roles that need it see.
 */
export const PRIVATE_EVENTS = [
  'diagnostics.TeacherPersonalDataRecorded',
  'diagnostics.BurnoutScreened',
] as const;
