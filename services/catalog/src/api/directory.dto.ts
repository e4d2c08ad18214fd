import { Matches, ValidateBy, type ValidationOptions } from 'class-validator';

// Rules several directory DTOs share, worded so the import's report can name them in Russian too.

/** ИНН of an organization: 10 digits. */
export const ORGANIZATION_INN = /^[0-9]{10}$/;
/** ИНН of a provider: 10 digits (organization) or 12 (individual entrepreneur). */
export const PROVIDER_INN = /^([0-9]{10}|[0-9]{12})$/;
/** ОКТМО of a municipality: 8 digits. */
export const OKTMO = /^[0-9]{8}$/;
/** A calendar date as the contracts' `format: date` takes it. */
const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

export function OrganizationInn(options?: ValidationOptions): PropertyDecorator {
  return Matches(ORGANIZATION_INN, { message: '$property: ИНН организации состоит из 10 цифр', ...options });
}

export function Oktmo(options?: ValidationOptions): PropertyDecorator {
  return Matches(OKTMO, { message: '$property: ожидается код ОКТМО из 8 цифр', ...options });
}

/** Whether the text is a real day of the calendar in YYYY-MM-DD (no 2026-02-30). */
export function isCalendarDate(value: unknown): value is string {
  const parts = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (!parts) return false;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function CalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'calendarDate',
      validator: {
        validate: isCalendarDate,
        defaultMessage: (args) => `${args?.property}: ожидается дата, например 2026-03-02`,
      },
    },
    options,
  );
}
