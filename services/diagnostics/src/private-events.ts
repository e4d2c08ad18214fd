/**
 * Events the diagnostics store keeps and never publishes: personal data (encrypted under the
 * teacher's key, 152-ФЗ), burnout screening, which only the teacher and the ministry see, and the
 * profile's record of every result it weighed (the public events carry only deficits found and
 * resolved).
 */
export const PRIVATE_EVENTS = [
  'diagnostics.TeacherPersonalDataRecorded',
  'diagnostics.BurnoutScreened',
  'diagnostics.ProfileScoresRecorded',
] as const;
