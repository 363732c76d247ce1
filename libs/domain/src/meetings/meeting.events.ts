import type { Command, Event } from '../shared/decider.js';
import type { PartnershipFacts } from '../commitments/commitment.events.js';
import type { CommitmentFacts } from '../actions/action.events.js';
import type { MinutesPublished } from '../publication/publication.events.js';
import type { PublishMinutes } from '../publication/publication.js';

/**
 * SCHEDULED → HELD (attendance recorded on or after the day) → MINUTES_DRAFTED (the first minute item)
 * → MINUTES_CONFIRMED ("as a correct record", at a later meeting of the same board).
 */
export const MEETING_STATUSES = ['SCHEDULED', 'HELD', 'MINUTES_DRAFTED', 'MINUTES_CONFIRMED'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** Leicester met "virtually via Zoom" in 2020-21 and at City Hall before: in person, online, or both. */
export const MEETING_FORMATS = ['IN_PERSON', 'ONLINE', 'HYBRID'] as const;
export type MeetingFormat = (typeof MEETING_FORMATS)[number];

/** How the minutes list a board member: present (voting), in attendance (officers, invitees), or apologies. */
export const PRESENCES = ['PRESENT', 'IN_ATTENDANCE', 'APOLOGIES'] as const;
export type Presence = (typeof PRESENCES)[number];

/** Private items are taken without press and public "for reasons set out in law"; the public view leaves them out. */
export const ITEM_VISIBILITIES = ['PUBLIC', 'PRIVATE'] as const;
export type ItemVisibility = (typeof ITEM_VISIBILITIES)[number];

export const RESOLUTION_KINDS = ['CONFIRM_MINUTES', 'NOTE', 'ENDORSE_COMMITMENT', 'REQUEST_UPDATE', 'OTHER'] as const;
export type ResolutionKind = (typeof RESOLUTION_KINDS)[number];

export const meetingStreamId = (meetingId: string) => `meeting-${meetingId}`;

export type AttendanceEntry = { memberId: string; presence: Presence };
/**
 * Who declared an interest (a member id, never a name) and the id its text is kept under in the
 * personal-data store: a declaration is a personal disclosure, erased with its person, so its text
 * is never in an event. (Events written while the meetings capability was new carried the text as
 * `interest`; no deployed log has them, and the read model does not copy it.)
 */
export type Declaration = { declarationId: string; memberId: string };
/** A declaration as the secretariat gives it, text included, before the handler files the text away. */
export type DeclaredInterest = { memberId: string; interest: string };

/** Who presented an item: a board member, or a role title alone ("Director of Public Health"); never a person's name. */
export type Presenter = { memberId: string; role: null } | { memberId: null; role: string };

/** What the board RESOLVED at an item. */
export type MinuteResolution =
  /** The minutes of an earlier meeting confirmed as a correct record: the handler confirms them on that meeting's stream. */
  | { kind: 'CONFIRM_MINUTES'; meetingId: string }
  | { kind: 'NOTE' }
  /** The handler endorses the commitment with this meeting's id and date. */
  | { kind: 'ENDORSE_COMMITMENT'; commitmentId: string }
  /** "Mental Health Friendly City update by 2021-03-31", optionally from one organisation. */
  | { kind: 'REQUEST_UPDATE'; byDate: string; fromOrganisationId: string | null }
  | { kind: 'OTHER'; text: string };

/**
 * An ACTION minuted at an item, recorded so the handler can plan it through the action model: one
 * action for one owner, or one per member organisation ("All Board members to take this conversation
 * back to their organisations"), the owners listed as they were when the item was recorded so an
 * interrupted plan is completed from this record, never re-derived from a membership that has moved on.
 */
export type ActionRaised = {
  /** Unique in the meeting: the action's id when it has one owner, the plan id shared by every member organisation's action otherwise. */
  actionRef: string;
  title: string;
  everyMemberOrganisation: boolean;
  owningOrganisationIds: string[];
  leadMemberId: string | null;
  /** YYYY-MM-DD, on or after the meeting. */
  dueDate: string;
  commitmentId: string | null;
};

/** Where an action raised at a meeting came from, for the action model to carry and the action log to show. */
export type RaisedAtMeeting = Readonly<{ meetingId: string; itemNumber: string; actionRef: string }>;

export type MeetingScheduled = Event<
  'MeetingScheduled',
  {
    meetingId: string;
    partnershipId: string;
    /** YYYY-MM-DD, the partnership's calendar date. */
    date: string;
    /** HH:MM, local time where the partnership is. */
    startTime: string;
    format: MeetingFormat;
    /** Where to go: given for IN_PERSON and HYBRID. */
    place: string | null;
    /** How to join: given for ONLINE and HYBRID. */
    link: string | null;
    title: string | null;
    scheduledAt: string;
  }
>;
/** The whole attendance record each time: a correction replaces the one before. */
export type AttendanceRecorded = Event<
  'AttendanceRecorded',
  { meetingId: string; attendance: AttendanceEntry[]; declarations: Declaration[]; correction: boolean; recordedAt: string }
>;
export type MinuteItemRecorded = Event<
  'MinuteItemRecorded',
  {
    meetingId: string;
    /** As the minutes print it: "9", "12", "14(b)". */
    number: string;
    /** 1 for the first item recorded, and so on: the order the minutes read in. */
    position: number;
    title: string;
    presenter: Presenter;
    visibility: ItemVisibility;
    text: string;
    resolution: MinuteResolution;
    actionsRaised: ActionRaised[];
    recordedAt: string;
  }
>;
export type MinutesConfirmed = Event<
  'MinutesConfirmed',
  { meetingId: string; confirmedAtMeetingId: string; confirmedOn: string; confirmedAt: string }
>;
export type MeetingEvent = MeetingScheduled | AttendanceRecorded | MinuteItemRecorded | MinutesConfirmed | MinutesPublished;

/** What the handler looks up in another meeting's stream before deciding; `meetingFacts` builds it. */
export type MeetingFacts = Readonly<{
  exists: boolean;
  partnershipId: string | null;
  date: string | null;
  status: MeetingStatus | null;
  /** The meetings whose minutes this one's items confirmed: lets a confirmation interrupted part-way be completed. */
  confirmsMinutesOf: readonly string[];
}>;

export type ScheduleMeeting = Command<
  'ScheduleMeeting',
  {
    meetingId: string;
    partnershipId: string;
    date: string;
    startTime: string;
    format: string;
    place?: string | null;
    link?: string | null;
    title?: string | null;
    partnership: PartnershipFacts;
  }
>;
export type RecordAttendance = Command<
  'RecordAttendance',
  {
    meetingId: string;
    attendance: readonly Readonly<{ memberId: string; presence: string }>[];
    declarations?: readonly Readonly<{ declarationId: string; memberId: string }>[] | null;
    partnership: PartnershipFacts;
  }
>;
/** The resolution as a client sends it: `kind` and the fields that kind takes, every other one left out. */
export type MinuteResolutionInput = Readonly<{
  kind: string;
  meetingId?: string | null;
  commitmentId?: string | null;
  byDate?: string | null;
  fromOrganisationId?: string | null;
  text?: string | null;
}>;
export type ActionRaisedInput = Readonly<{
  actionRef: string;
  title: string;
  /** Exactly one of an owner and everyMemberOrganisation. */
  owningOrganisationId?: string | null;
  everyMemberOrganisation?: boolean | null;
  leadMemberId?: string | null;
  dueDate: string;
  commitmentId?: string | null;
}>;
export type RecordMinuteItem = Command<
  'RecordMinuteItem',
  {
    meetingId: string;
    number: string;
    title: string;
    /** Exactly one of a board member and a role title. */
    presenter: Readonly<{ memberId?: string | null; role?: string | null }>;
    visibility: string;
    text: string;
    resolution: MinuteResolutionInput;
    actionsRaised?: readonly ActionRaisedInput[] | null;
    partnership: PartnershipFacts;
    /** For CONFIRM_MINUTES: the meeting whose minutes are confirmed. */
    earlierMeeting?: MeetingFacts | null;
    /** Every commitment the item names (endorsed, or linked to an action raised), by id. */
    commitments?: Readonly<Record<string, CommitmentFacts>> | null;
  }
>;
export type ConfirmMinutes = Command<
  'ConfirmMinutes',
  {
    meetingId: string;
    confirmedAtMeetingId: string;
    /** The date of the confirming meeting. */
    confirmedOn: string;
    confirmingMeeting: MeetingFacts;
  }
>;
export type MeetingCommand = ScheduleMeeting | RecordAttendance | RecordMinuteItem | ConfirmMinutes | PublishMinutes;
