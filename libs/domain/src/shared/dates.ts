import { ValidationError } from './errors.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD (2021-02-30 is refused); returns it unchanged. */
export function requireCalendarDate(field: string, value: string): string {
  const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (!match || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new ValidationError(field, 'isDate', `${field} must be a calendar date written YYYY-MM-DD`);
  }
  return value;
}

/** The calendar date (UTC) of an instant, as YYYY-MM-DD: compares correctly as a string. */
export const calendarDateOf = (instant: Date | string) => new Date(instant).toISOString().slice(0, 10);
