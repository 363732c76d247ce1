import { describe, expect, it } from '@jest/globals';
import { calendarDateIn } from './dates.js';

/** What the runtime's own formatter says, with no cache: what calendarDateIn must always equal. */
function uncached(timeZone: string, instant: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(instant)).map((part) => [part.type, part.value]),
  );
  return `${parts.year!.padStart(4, '0')}-${parts.month}-${parts.day}`;
}

describe('calendarDateIn', () => {
  // Asked in this order so each answer may come from the minute kept by the one before.
  const london: [string, string][] = [
    // Clocks go forward at 01:00 GMT on 29 March 2026: midnight before is GMT, midnight after is BST.
    ['2026-03-28T23:59:00.000Z', '2026-03-28'],
    ['2026-03-28T23:59:59.999Z', '2026-03-28'],
    ['2026-03-29T00:00:00.000Z', '2026-03-29'],
    ['2026-03-29T00:59:59.999Z', '2026-03-29'],
    ['2026-03-29T01:00:00.000Z', '2026-03-29'],
    ['2026-03-29T22:59:59.999Z', '2026-03-29'],
    ['2026-03-29T23:00:00.000Z', '2026-03-30'],
    // Clocks go back at 01:00 GMT on 25 October 2026: midnight before is BST, midnight after is GMT.
    ['2026-10-24T22:59:30.000Z', '2026-10-24'],
    ['2026-10-24T22:59:59.999Z', '2026-10-24'],
    ['2026-10-24T23:00:00.000Z', '2026-10-25'],
    ['2026-10-25T00:59:59.999Z', '2026-10-25'],
    ['2026-10-25T01:00:00.000Z', '2026-10-25'],
    ['2026-10-25T01:30:00.000Z', '2026-10-25'],
    ['2026-10-25T23:59:59.999Z', '2026-10-25'],
    ['2026-10-26T00:00:00.000Z', '2026-10-26'],
    // Back to a minute asked before: the kept minute has moved on, the answer has not.
    ['2026-03-28T23:59:59.999Z', '2026-03-28'],
  ];

  it.each(london)('gives %s in Europe/London as %s across both DST changes of 2026', (instant, date) => {
    expect(calendarDateIn('Europe/London', instant)).toBe(date);
    expect(calendarDateIn('Europe/London', new Date(instant))).toBe(date);
  });

  it('keeps a minute per time zone: the same instant is another date in another zone', () => {
    expect(calendarDateIn('Europe/London', '2026-10-25T03:30:00.000Z')).toBe('2026-10-25');
    expect(calendarDateIn('America/New_York', '2026-10-25T03:30:00.000Z')).toBe('2026-10-24');
    expect(calendarDateIn('Pacific/Kiritimati', '2026-10-25T03:30:00.000Z')).toBe('2026-10-25');
    expect(calendarDateIn('Pacific/Kiritimati', '2026-10-25T10:30:00.000Z')).toBe('2026-10-26');
    expect(calendarDateIn('Europe/London', '2026-10-25T03:30:30.000Z')).toBe('2026-10-25');
  });

  it('splits a minute that midnight falls inside: London kept its local mean time, 75 seconds behind GMT, until 1847', () => {
    // The minute 00:01 UTC on 1 January 1840 holds London's midnight at 00:01:15.
    expect(calendarDateIn('Europe/London', '1840-01-01T00:01:00.000Z')).toBe('1839-12-31');
    expect(calendarDateIn('Europe/London', '1840-01-01T00:01:14.999Z')).toBe('1839-12-31');
    expect(calendarDateIn('Europe/London', '1840-01-01T00:01:15.000Z')).toBe('1840-01-01');
    expect(calendarDateIn('Europe/London', '1840-01-01T00:01:00.000Z')).toBe('1839-12-31');
  });

  it('agrees with the runtime formatter minute by minute over a day with a DST change, in several zones', () => {
    for (const timeZone of ['Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'UTC']) {
      for (let time = Date.parse('2026-10-24T00:00:00.000Z'); time < Date.parse('2026-10-27T00:00:00.000Z'); time += 7 * 60_000 + 13_000) {
        const instant = new Date(time).toISOString();
        expect([timeZone, instant, calendarDateIn(timeZone, instant)]).toEqual([timeZone, instant, uncached(timeZone, instant)]);
      }
    }
  });
});
