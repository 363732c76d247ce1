import type { Command, Event } from '../shared/decider.js';
import type { CommitmentStatus, PartnershipFacts } from '../commitments/commitment.events.js';
import type { RaisedAtMeeting } from '../meetings/meeting.events.js';
import type { ActionUpdatePublished } from '../publication/publication.events.js';
import type { PublishActionUpdate } from '../publication/publication.js';

export const ACTION_STATUSES = ['NOT_STARTED', 'ON_TRACK', 'AT_RISK', 'OFF_TRACK', 'COMPLETED', 'CANCELLED'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
/** A closed action takes no further updates until it is reopened with a reason. */
export const CLOSED_ACTION_STATUSES: readonly ActionStatus[] = ['COMPLETED', 'CANCELLED'];

/**
 * How complete an action is after an update: NOT_STARTED is 0 and COMPLETED is 100 whatever was
 * reported; any other status takes the figure reported, or keeps the last one when none is given.
 * The decider, the read model and replays of older events all use this one rule.
 */
export function percentCompleteAfter(status: ActionStatus, reported: number | null, previous: number | null): number | null {
  if (status === 'NOT_STARTED') return 0;
  if (status === 'COMPLETED') return 100;
  return reported ?? previous;
}

export const actionStreamId = (actionId: string) => `action-${actionId}`;

export type ActionPlanned = Event<
  'ActionPlanned',
  {
    actionId: string;
    /** Null only for an action raised at a meeting without a commitment (then raisedAt is given). */
    commitmentId: string | null;
    partnershipId: string;
    /** Null when a partnership owns it (owningPartnershipId). */
    owningOrganisationId: string | null;
    title: string;
    /** YYYY-MM-DD */
    dueDate: string;
    leadMemberId: string | null;
    /** Shared by the actions planned at once for several owners ("each organisation", "each Place", "key partner orgs"). */
    planId: string | null;
    /** The meeting item it was raised at (absent in older events: none). */
    raisedAt?: RaisedAtMeeting | null;
    /**
     * A partnership that owns it instead of an organisation ("ICS", "each Place"); then
     * owningOrganisationId is null. Absent in older events: owned by the organisation.
     */
    owningPartnershipId?: string | null;
    /** The body it reports to, as the framework names it ("System Executive"). Absent in older events: none. */
    reportsTo?: string | null;
    plannedAt: string;
    /** The business date it was agreed, in the partnership's calendar. Absent in older events: the partnership's date of plannedAt. */
    plannedOn?: string;
  }
>;
export type ActionRescheduled = Event<
  'ActionRescheduled',
  { actionId: string; dueDate: string; previousDueDate: string; reason: string; rescheduledAt: string }
>;
export type ActionReassigned = Event<
  'ActionReassigned',
  {
    actionId: string;
    /** Null when it moves to a partnership. */
    owningOrganisationId: string | null;
    previousOwningOrganisationId: string | null;
    /** Written only when a partnership owns it before or after; absent in older events: none. */
    owningPartnershipId?: string | null;
    previousOwningPartnershipId?: string | null;
    reason: string;
    reassignedAt: string;
  }
>;
export type ActionUpdateSubmitted = Event<
  'ActionUpdateSubmitted',
  {
    actionId: string;
    updateId: string;
    status: ActionStatus;
    previousStatus: ActionStatus;
    percentComplete: number | null;
    whatHasHappened: string;
    whatMoreIsToBeDone: string | null;
    evidenceLinks: string[];
    submittedAt: string;
    /** The business date the update reports as of. Absent in older events: the partnership's date of submittedAt. */
    reportedOn?: string;
  }
>;
export type ActionReopened = Event<
  'ActionReopened',
  {
    actionId: string;
    status: ActionStatus;
    previousStatus: ActionStatus;
    /** Where the work stood before it was closed: the last open update's figure (absent in older events: none). */
    percentComplete?: number | null;
    reason: string;
    reopenedAt: string;
  }
>;
export type ActionEvent = ActionPlanned | ActionRescheduled | ActionReassigned | ActionUpdateSubmitted | ActionReopened | ActionUpdatePublished;

/** What the handler looks up in the commitment's stream before planning; "no commitment" is { exists: false, status: null }. */
export type CommitmentFacts = Readonly<{
  exists: boolean;
  status: CommitmentStatus | null;
  partnershipId: string | null;
  /** The business date the commitment was made: its actions are not planned before it. Absent: not checked. */
  madeOn?: string | null;
}>;
/** What the handler looks up in the meeting's stream before planning an action raised there. */
export type RaisedAtMeetingFacts = Readonly<{ exists: boolean; partnershipId: string | null }>;

export type PlanAction = Command<
  'PlanAction',
  {
    actionId: string;
    /** Null only with raisedAt: an action raised at a meeting item without a commitment. */
    commitmentId: string | null;
    /** Exactly one of this and owningPartnershipId. */
    owningOrganisationId?: string | null;
    /** The partnership itself ("ICS") or one directly beneath it ("each Place"). */
    owningPartnershipId?: string | null;
    /** The body it reports to, as the framework names it ("System Executive"). */
    reportsTo?: string | null;
    title: string;
    dueDate: string;
    leadMemberId?: string | null;
    planId?: string | null;
    raisedAt?: RaisedAtMeeting | null;
    /** The business date it was agreed (YYYY-MM-DD); defaults to the partnership's today. */
    plannedOn?: string | null;
    /** Required with raisedAt: the partnership of a commitment-less action comes from its meeting. */
    meeting?: RaisedAtMeetingFacts | null;
    commitment: CommitmentFacts;
    partnership: PartnershipFacts;
  }
>;
export type RescheduleAction = Command<'RescheduleAction', { actionId: string; dueDate: string; reason: string; commitment: CommitmentFacts }>;
export type ReassignAction = Command<
  'ReassignAction',
  {
    actionId: string;
    /** Exactly one of this and owningPartnershipId, as for planning. */
    owningOrganisationId?: string | null;
    owningPartnershipId?: string | null;
    reason: string;
    commitment: CommitmentFacts;
    partnership: PartnershipFacts;
  }
>;
export type SubmitActionUpdate = Command<
  'SubmitActionUpdate',
  {
    actionId: string;
    updateId: string;
    status: string;
    percentComplete?: number | null;
    whatHasHappened: string;
    whatMoreIsToBeDone?: string | null;
    evidenceLinks?: string[] | null;
    /** The business date it reports as of (YYYY-MM-DD); defaults to the partnership's today. */
    reportedOn?: string | null;
    commitment: CommitmentFacts;
    /** Its "today": an update may not report as of a day still to come. */
    partnership: PartnershipFacts;
  }
>;
export type ReopenAction = Command<'ReopenAction', { actionId: string; reason: string; commitment: CommitmentFacts }>;
export type ActionCommand = PlanAction | RescheduleAction | ReassignAction | SubmitActionUpdate | ReopenAction | PublishActionUpdate;
