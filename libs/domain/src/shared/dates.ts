import { ValidationError } from './errors.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The dates the ledger accepts at all: from 1900 (the oldest health data a board would cite) to the
 * end of 2199. A typo such as 9999-12-31 would otherwise sort first forever ("latest reading").
 */
export const EARLIEST_DATE = '1900-01-01';
export const LATEST_DATE = '2199-12-31';

/** A real calendar date written YYYY-MM-DD (2021-02-30 is refused) within the ledger's window; returns it unchanged. */
export function requireCalendarDate(field: string, value: string): string {
  const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (!match || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new ValidationError(field, 'isDate', `${field} must be a calendar date written YYYY-MM-DD`);
  }
  if (value < EARLIEST_DATE || value > LATEST_DATE) {
    throw new ValidationError(field, 'dateRange', `${field} must be from ${EARLIEST_DATE} to ${LATEST_DATE}`);
  }
  return value;
}

/** A date that has already begun where the partnership is: `today` is the partnership's calendar date. */
export function requireNotAfterToday(field: string, date: string, today: string): string {
  if (date > today) throw new ValidationError(field, 'notInFuture', `${field} may not be in the future (today is ${today})`);
  return date;
}

/**
 * The business date a command records as of (madeOn, plannedOn, reportedOn): the partnership's
 * `today` when none is given, otherwise a calendar date that has already begun there. Recorded
 * time (madeAt, plannedAt…) stays the clock's; "not before" rules compare these dates instead.
 */
export function requireBusinessDate(field: string, value: string | null | undefined, today: string): string {
  if (value === null || value === undefined) return today;
  return requireNotAfterToday(field, requireCalendarDate(field, value), today);
}

/** English boards' time zone: partnerships formed without one, and before partnerships had one, use it. */
export const DEFAULT_TIME_ZONE = 'Europe/London';

/** An IANA name (Europe/London, UTC, America/St_Johns), never a bare offset such as +01:00. */
const TIME_ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormatIn(timeZone: string): Intl.DateTimeFormat {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, format);
  }
  return format;
}

/** The canonical spelling of an IANA time zone the runtime knows ("europe/london" → "Europe/London"), or null. */
export function canonicalTimeZone(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 64 || !TIME_ZONE_NAME.test(value)) return null;
  try {
    return dateFormatIn(value).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export function requireTimeZone(field: string, value: string): string {
  const timeZone = canonicalTimeZone(value);
  if (!timeZone) throw new ValidationError(field, 'timeZone', `${field} must be an IANA time zone name such as Europe/London`);
  return timeZone;
}

/** Per time zone, the last UTC minute asked about and its calendar date there. */
const minuteDates = new Map<string, { minute: number; date: string }>();

/**
 * The calendar date, YYYY-MM-DD, of an instant in a time zone: compares correctly as a string.
 * "Today" is asked for with the same clock by every command of a minute, and formatting costs
 * microseconds (8% of decide in the national generator's profile), so each zone keeps its last
 * minute's date — when the whole minute falls on one date there (a minute containing midnight, or
 * a historic offset with seconds, is worked out for its instant each time).
 */
export function calendarDateIn(timeZone: string, instant: Date | string): string {
  const time = new Date(instant).getTime();
  const minute = Math.floor(time / 60_000);
  const kept = minuteDates.get(timeZone);
  if (kept?.minute === minute) return kept.date;
  const format = dateFormatIn(timeZone);
  const first = formatDate(format, minute * 60_000);
  // Each date runs unbroken, so a minute that starts and ends on one date is on it throughout.
  if (first !== formatDate(format, minute * 60_000 + 59_999)) return formatDate(format, time);
  minuteDates.set(timeZone, { minute, date: first });
  return first;
}

/** `format` is en-GB, day/month/year: a third of formatToParts' cost. */
function formatDate(format: Intl.DateTimeFormat, time: number): string {
  const [day, month, year] = format.format(time).split('/');
  return `${year!.padStart(4, '0')}-${month}-${day}`;
}
