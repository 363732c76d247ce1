import { describe, it, expect } from '@jest/globals';
import { isReviewedAt, isSinceLastMeeting, progressWindow, type MeetingOnRecord } from './progress.js';

const leicester = '0190a1b2-0000-7000-8000-000000000001';
const llr = '0190a1b2-0000-7000-8000-000000000002';
const september: MeetingOnRecord = { meetingId: '0190a1b2-0000-7000-8000-0000000b0924', partnershipId: leicester, date: '2020-09-24', status: 'MINUTES_CONFIRMED' };
const november: MeetingOnRecord = { meetingId: '0190a1b2-0000-7000-8000-0000000b1119', partnershipId: leicester, date: '2020-11-19', status: 'MINUTES_CONFIRMED' };
// Scheduled for 28 January 2021 and never held: its attendance was never recorded.
const january: MeetingOnRecord = { meetingId: '0190a1b2-0000-7000-8000-0000000b0128', partnershipId: leicester, date: '2021-01-28', status: 'SCHEDULED' };
const march: MeetingOnRecord = { meetingId: '0190a1b2-0000-7000-8000-0000000b0325', partnershipId: leicester, date: '2021-03-25', status: 'HELD' };
const llrFebruary: MeetingOnRecord = { meetingId: '0190a1b2-0000-7000-8000-0000000c0211', partnershipId: llr, date: '2021-02-11', status: 'HELD' };
const all = [march, llrFebruary, september, january, november];

const marchWindow = progressWindow(march, all);

describe('the previous meeting', () => {
  it("is the partnership's latest earlier meeting that was held, passing over one never held and another board's", () =>
    expect(marchWindow).toEqual({
      meetingId: march.meetingId,
      partnershipId: leicester,
      date: '2021-03-25',
      previousMeetingId: november.meetingId,
      previousMeetingDate: '2020-11-19',
    }));

  it('is the one before for an earlier meeting', () => expect(progressWindow(november, all).previousMeetingId).toBe(september.meetingId));

  it("is none for a board's first meeting", () =>
    expect(progressWindow(september, all)).toMatchObject({ previousMeetingId: null, previousMeetingDate: null }));
});

describe('since the last meeting', () => {
  it.each([
    ['2020-11-19', false],
    ['2020-11-20', true],
    ['2021-03-25', true],
    ['2021-03-26', false],
  ])('%s is %p for the meeting of 25 March 2021', (date, within) => expect(isSinceLastMeeting(marchWindow, date)).toBe(within));

  it("counts everything up to a board's first meeting", () => expect(isSinceLastMeeting(progressWindow(september, all), '1999-01-01')).toBe(true));
});

describe('the actions on the review', () => {
  it('takes every open action raised at an earlier meeting, whenever it is due', () => {
    expect(isReviewedAt(marchWindow, { status: 'NOT_STARTED', dueDate: '2021-01-28', raisedOn: '2020-11-19' })).toBe(true);
    expect(isReviewedAt(marchWindow, { status: 'AT_RISK', dueDate: '2021-12-31', raisedOn: '2020-09-24' })).toBe(true);
  });

  it('takes an open action raised elsewhere only when it fell due since the last meeting', () => {
    expect(isReviewedAt(marchWindow, { status: 'ON_TRACK', dueDate: '2021-03-01', raisedOn: null })).toBe(true);
    expect(isReviewedAt(marchWindow, { status: 'ON_TRACK', dueDate: '2021-10-30', raisedOn: null })).toBe(false);
    expect(isReviewedAt(marchWindow, { status: 'OFF_TRACK', dueDate: '2020-10-01', raisedOn: null })).toBe(false);
  });

  it('leaves out actions raised at this meeting', () =>
    expect(isReviewedAt(marchWindow, { status: 'NOT_STARTED', dueDate: '2021-03-25', raisedOn: '2021-03-25' })).toBe(false));

  it.each(['COMPLETED', 'CANCELLED'] as const)('leaves out an action %s', (status) =>
    expect(isReviewedAt(marchWindow, { status, dueDate: '2021-01-28', raisedOn: '2020-11-19' })).toBe(false));
});
