import { describe, expect, it } from '@jest/globals';
import type { ActionStatus } from '../actions/action.events.js';
import { addDays, daysBetween, ragOf, type Rag } from './rag.js';

const today = '2026-11-24';
const thresholds = { amberWithinDays: 14 };
const rag = (status: ActionStatus, dueDate: string, completedOn: string | null = null, commitmentClosed = false) =>
  ragOf({ status, dueDate, completedOn, commitmentClosed }, today, thresholds);

describe('an action’s RAG on the partnership’s today', () => {
  const cases: [string, Rag | null, ReturnType<typeof rag>][] = [
    ['ON_TRACK and not yet due is green', 'GREEN', rag('ON_TRACK', '2026-12-31')],
    ['ON_TRACK but past its due date is red: overdue outranks a hopeful status', 'RED', rag('ON_TRACK', '2026-11-23')],
    ['due today is not yet overdue', 'GREEN', rag('ON_TRACK', today)],
    ['OFF_TRACK is red even before its due date', 'RED', rag('OFF_TRACK', '2027-06-30')],
    ['AT_RISK is amber', 'AMBER', rag('AT_RISK', '2027-06-30')],
    ['NOT_STARTED due on the last day of the amber window is amber', 'AMBER', rag('NOT_STARTED', '2026-12-08')],
    ['NOT_STARTED due the day after the amber window is grey', 'GREY', rag('NOT_STARTED', '2026-12-09')],
    ['NOT_STARTED and overdue is red', 'RED', rag('NOT_STARTED', '2026-01-01')],
    ['COMPLETED on its due date is green', 'GREEN', rag('COMPLETED', '2026-06-30', '2026-06-30')],
    ['COMPLETED after its due date is amber: done, but late', 'AMBER', rag('COMPLETED', '2026-06-30', '2026-07-01')],
    ['CANCELLED has no light', null, rag('CANCELLED', '2026-01-01')],
    ['open under a closed commitment has no light', null, rag('OFF_TRACK', '2026-01-01', null, true)],
    ['COMPLETED under a closed commitment keeps its light', 'GREEN', rag('COMPLETED', '2026-06-30', '2026-06-01', true)],
  ];
  it.each(cases)('%s', (_name, expected, actual) => expect(actual).toBe(expected));

  it('takes the amber window from the partnership’s settings', () => {
    expect(ragOf({ status: 'NOT_STARTED', dueDate: '2026-12-01', completedOn: null, commitmentClosed: false }, today, { amberWithinDays: 3 })).toBe('GREY');
  });
});

describe('calendar arithmetic', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2026-11-24', 14)).toBe('2026-12-08');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });

  it('counts whole days between dates, whatever daylight saving does', () => {
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-11-24', '2026-10-25')).toBe(-30);
  });
});
