import { CLOSED_ACTION_STATUSES, type ActionStatus } from '../actions/action.events.js';
import type { MeetingStatus, RaisedAtMeeting } from './meeting.events.js';

/**
 * "Progress against actions of previous meeting", the item boards run every time: the rules that say
 * which meeting was the previous one and which actions and updates belong on the review, kept here so
 * the read model and its tests apply the same ones.
 */

/** A meeting as the review sees it: a row of the meetings read model will do. */
export type MeetingOnRecord = Readonly<{ meetingId: string; partnershipId: string; date: string; status: MeetingStatus }>;

/** What the review covers: from the day after the previous meeting through the day of this one. */
export type ProgressWindow = Readonly<{
  meetingId: string;
  partnershipId: string;
  date: string;
  previousMeetingId: string | null;
  /** Null for a board's first meeting: everything up to this one counts. */
  previousMeetingDate: string | null;
}>;

/**
 * The previous meeting is the latest of the same partnership on an earlier day that was held: a
 * meeting scheduled and never held (its attendance never recorded) reviewed nothing.
 */
export function progressWindow(meeting: MeetingOnRecord, meetings: readonly MeetingOnRecord[]): ProgressWindow {
  let previous: MeetingOnRecord | null = null;
  for (const other of meetings) {
    const earlierAndHeld = other.partnershipId === meeting.partnershipId && other.date < meeting.date && other.status !== 'SCHEDULED';
    if (earlierAndHeld && (!previous || other.date > previous.date)) previous = other;
  }
  return {
    meetingId: meeting.meetingId,
    partnershipId: meeting.partnershipId,
    date: meeting.date,
    previousMeetingId: previous?.meetingId ?? null,
    previousMeetingDate: previous?.date ?? null,
  };
}

/** A calendar date (an update's submission, a due date) after the previous meeting's day and no later than this meeting's. */
export const isSinceLastMeeting = (window: ProgressWindow, date: string): boolean =>
  (window.previousMeetingDate === null || date > window.previousMeetingDate) && date <= window.date;

/** An action as the review needs it; `raisedOn` is the date of the meeting it was raised at, null for any other action. */
export type ActionUnderReview = Readonly<{ status: ActionStatus; dueDate: string; raisedOn: string | null }>;

/**
 * On the review: every open action raised at an earlier meeting, or due since the previous meeting.
 * An action raised at this meeting (or a later one) is not yet reviewed here.
 */
export function isReviewedAt(window: ProgressWindow, action: ActionUnderReview): boolean {
  if (CLOSED_ACTION_STATUSES.includes(action.status)) return false;
  if (action.raisedOn !== null) return action.raisedOn < window.date;
  return isSinceLastMeeting(window, action.dueDate);
}

/** The shape of `progressSinceLastMeeting(meetingId)`. */
export type ProgressUpdate = Readonly<{
  updateId: string;
  status: ActionStatus;
  /** The partnership's calendar date the update was submitted. */
  submittedOn: string;
  whatHasHappened: string;
  whatMoreIsToBeDone: string | null;
}>;
export type ActionProgress = Readonly<{
  actionId: string;
  title: string;
  dueDate: string;
  status: ActionStatus;
  commitmentId: string | null;
  raisedAt: RaisedAtMeeting | null;
  /** The updates submitted since the previous meeting, oldest first. */
  updates: readonly ProgressUpdate[];
  /** No update since the previous meeting. */
  silent: boolean;
}>;
export type OrganisationProgress = Readonly<{ organisationId: string; actions: readonly ActionProgress[] }>;
/** The actions a partnership owns ("ICS", a place), reviewed like an organisation's. */
export type PartnershipProgress = Readonly<{ partnershipId: string; actions: readonly ActionProgress[] }>;
export type ProgressSinceLastMeeting = Readonly<{
  window: ProgressWindow;
  organisations: readonly OrganisationProgress[];
  partnerships: readonly PartnershipProgress[];
}>;
