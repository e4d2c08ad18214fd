// Limits and forms of a teacher's fields, shared by the HTTP API and the bulk import.

/** The contract's maxLength of workProfile. */
export const WORK_PROFILE_MAX = 300;
export const NAME_MAX = 100;
export const EMAIL_MAX = 254;
/** An e-mail address, loosely: one @, a dot in the domain, no spaces. */
export const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/u;
/** A phone number as people type it: digits, +, spaces, brackets, dashes. */
export const PHONE = /^\+?[0-9][0-9 ()-]{4,19}$/;

const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/** Whether the text is a real day of the calendar in YYYY-MM-DD (no 2026-02-30). */
export function isCalendarDate(value: unknown): value is string {
  const parts = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (!parts) return false;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
