import type { Decider } from '../shared/decider.js';
import { calendarDateIn, requireCalendarDate } from '../shared/dates.js';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors.js';
import { optionalName, requireHttpUrl, requireLongText, requireName, requireOneOf, requireUuid } from '../shared/rules.js';
import type { PartnershipFacts } from '../commitments/commitment.events.js';
import type { CommitmentFacts } from '../actions/action.events.js';
import {
  ITEM_VISIBILITIES,
  MEETING_FORMATS,
  PRESENCES,
  RESOLUTION_KINDS,
  type ActionRaised,
  type AttendanceEntry,
  type Declaration,
  type DeclaredInterest,
  type MeetingCommand,
  type MeetingEvent,
  type MeetingFacts,
  type MeetingFormat,
  type MeetingStatus,
  type MinuteResolution,
  type MinuteResolutionInput,
  type Presenter,
  type RecordAttendance,
  type RecordMinuteItem,
  type ResolutionKind,
} from './meeting.events.js';
import { meetingStreamId } from './meeting.events.js';
import { publishesAutomatically, requirePublicPages } from '../publication/publication.js';

/** "9", "12", "14(b)": how the minutes number an item. */
export const ITEM_NUMBER_MAX_LENGTH = 20;
/** A minute item runs to several paragraphs, more than the ledger's usual narrative text. */
export const MINUTE_TEXT_MAX_LENGTH = 10_000;
const INTEREST_MAX_LENGTH = 1000;
const RESOLUTION_TEXT_MAX_LENGTH = 1000;
const DECLARATIONS_MAX_ITEMS = 100;
const ACTIONS_RAISED_MAX_ITEMS = 20;

/** 24-hour HH:MM, as agendas print it ("5:30 pm" is written 17:30). */
const START_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * Minutes name presenters as "Cllr Dempster" or "Dr Ivan Browne"; the ledger keeps a role title or a
 * member id instead. A role beginning with an honorific and a capitalised word is refused: a guard
 * against the usual way a name slips in, not a promise that no name can.
 */
const HONORIFICS = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'cllr', 'councillor', 'prof', 'professor', 'sir', 'dame', 'rev', 'revd']);
const LEADING_WORDS = /^(\S+?)\.?\s+(\S)/u;
const CAPITAL = /^\p{Lu}$/u;

export type MinuteItemSummary = Readonly<{ number: string; resolution: MinuteResolution; actionRefs: readonly string[] }>;

export type Meeting =
  | { status: 'NotScheduled' }
  | {
      status: MeetingStatus;
      meetingId: string;
      partnershipId: string;
      /** YYYY-MM-DD */
      date: string;
      startTime: string;
      format: MeetingFormat;
      attendance: readonly AttendanceEntry[];
      declarations: readonly Declaration[];
      items: readonly MinuteItemSummary[];
      confirmedAtMeetingId: string | null;
      /** Its PUBLIC items with a position up to this one are published; 0: none. */
      publishedThrough: number;
    };

type ScheduledMeeting = Exclude<Meeting, { status: 'NotScheduled' }>;

/** What other meetings' commands and the handlers need to know about a meeting; a handler builds it from the loaded state. */
export function meetingFacts(state: Meeting): MeetingFacts {
  if (state.status === 'NotScheduled') return { exists: false, partnershipId: null, date: null, status: null, confirmsMinutesOf: [] };
  return {
    exists: true,
    partnershipId: state.partnershipId,
    date: state.date,
    status: state.status,
    confirmsMinutesOf: state.items.flatMap(({ resolution }) => (resolution.kind === 'CONFIRM_MINUTES' ? [resolution.meetingId] : [])),
  };
}

function requireScheduled(state: Meeting, meetingId: string): ScheduledMeeting {
  if (state.status === 'NotScheduled') throw new NotFoundError('Meeting', meetingId, 'meetingId');
  return state;
}

/** Confirmed minutes are the record: attendance and items no longer change. */
function requireMinutesOpen(meeting: ScheduledMeeting) {
  if (meeting.status === 'MINUTES_CONFIRMED') {
    throw new IllegalStateError(`The minutes of this meeting were confirmed at meeting ${meeting.confirmedAtMeetingId}: they no longer change`);
  }
}

/** Left out, null and blank are all "not given", as optional text is everywhere in the ledger. */
const isGiven = <T>(value: T | null | undefined): value is T =>
  value !== null && value !== undefined && !(typeof value === 'string' && value.trim() === '');

function requireBoardMember(field: string, memberId: string, partnership: PartnershipFacts): string {
  const id = requireUuid(field, memberId);
  if (!partnership.memberIds.includes(id)) {
    throw new ValidationError(field, 'boardMember', `Member ${id} does not sit on the partnership's board`);
  }
  return id;
}

function requireMemberOrganisation(field: string, organisationId: string, partnership: PartnershipFacts): string {
  const id = requireUuid(field, organisationId);
  if (!partnership.organisationIds.includes(id)) {
    throw new ValidationError(field, 'partnershipMember', `Organisation ${id} is not a member of the partnership`);
  }
  return id;
}

/** A date the meeting sets for later (an update, an action): the meeting's own day or after. */
function requireFromMeetingDate(field: string, value: string, meeting: ScheduledMeeting): string {
  const date = requireCalendarDate(field, value);
  if (date < meeting.date) {
    throw new ValidationError(field, 'notBeforeMeeting', `${field} may not precede ${meeting.date}, the date of the meeting`);
  }
  return date;
}

/** In person needs a place, online a link, hybrid both; neither is kept where the format has no use for it. */
function requireVenue(format: MeetingFormat, place: string | null | undefined, link: string | null | undefined) {
  const needsPlace = format !== 'ONLINE';
  const needsLink = format !== 'IN_PERSON';
  if (needsPlace && !isGiven(place)) throw new ValidationError('place', 'required', `${format} meetings need a place`);
  if (!needsPlace && isGiven(place)) throw new ValidationError('place', 'notAllowed', `${format} meetings have no place: leave place out`);
  if (needsLink && !isGiven(link)) throw new ValidationError('link', 'required', `${format} meetings need a link to join them`);
  if (!needsLink && isGiven(link)) throw new ValidationError('link', 'notAllowed', `${format} meetings have no link to join: leave link out`);
  return {
    place: needsPlace ? requireName('place', place!) : null,
    link: needsLink ? requireHttpUrl('link', link!) : null,
  };
}

function requireAttendance(entries: RecordAttendance['data']['attendance'], partnership: PartnershipFacts): AttendanceEntry[] {
  const attendance: AttendanceEntry[] = [];
  (entries ?? []).forEach((entry, index) => {
    const memberId = requireBoardMember(`attendance.${index}.memberId`, entry?.memberId, partnership);
    if (attendance.some((listed) => listed.memberId === memberId)) {
      throw new ValidationError(`attendance.${index}.memberId`, 'distinct', `Member ${memberId} is listed twice in the attendance`);
    }
    attendance.push({ memberId, presence: requireOneOf(`attendance.${index}.presence`, entry.presence, PRESENCES) });
  });
  // A meeting nobody attended was not held: it stays scheduled.
  if (!attendance.some(({ presence }) => presence === 'PRESENT')) {
    throw new ValidationError('attendance', 'someonePresent', 'The attendance must list at least one board member as PRESENT');
  }
  return attendance;
}

/**
 * The texts of the interests declared, checked before the handler keeps them in the personal-data
 * store (the decider never sees them): each non-empty, and no member declaring the same one twice.
 */
export function requireDeclaredInterests(entries: readonly Readonly<DeclaredInterest>[] | null | undefined): DeclaredInterest[] {
  const given = requireDeclarationCount(entries);
  const declared: DeclaredInterest[] = [];
  given.forEach((entry, index) => {
    const memberId = requireUuid(`declarations.${index}.memberId`, entry?.memberId);
    const interest = requireLongText(`declarations.${index}.interest`, entry.interest, INTEREST_MAX_LENGTH);
    if (declared.some((earlier) => earlier.memberId === memberId && earlier.interest === interest)) {
      throw new ValidationError(`declarations.${index}.interest`, 'distinct', `Member ${memberId} declares the same interest twice`);
    }
    declared.push({ memberId, interest });
  });
  return declared;
}

function requireDeclarationCount<T>(entries: readonly T[] | null | undefined): readonly T[] {
  const given = entries ?? [];
  if (given.length > DECLARATIONS_MAX_ITEMS) {
    throw new ValidationError('declarations', 'maxItems', `At most ${DECLARATIONS_MAX_ITEMS} declarations of interest per meeting`);
  }
  return given;
}

/** Interests are declared at the meeting, so only by a member there (present or in attendance), each declaration once. */
function requireDeclarations(entries: RecordAttendance['data']['declarations'], attendance: readonly AttendanceEntry[]): Declaration[] {
  const declarations: Declaration[] = [];
  requireDeclarationCount(entries).forEach((entry, index) => {
    const memberId = requireUuid(`declarations.${index}.memberId`, entry?.memberId);
    const presence = attendance.find((listed) => listed.memberId === memberId)?.presence;
    if (presence !== 'PRESENT' && presence !== 'IN_ATTENDANCE') {
      throw new ValidationError(
        `declarations.${index}.memberId`,
        'attending',
        `Member ${memberId} is not listed as PRESENT or IN_ATTENDANCE, so cannot have declared an interest at the meeting`,
      );
    }
    const declarationId = requireUuid(`declarations.${index}.declarationId`, entry.declarationId);
    if (declarations.some((declared) => declared.declarationId === declarationId)) {
      throw new ValidationError(`declarations.${index}.declarationId`, 'distinct', `Declaration ${declarationId} is listed twice`);
    }
    declarations.push({ declarationId, memberId });
  });
  return declarations;
}

/** Attendance is a set: the same members with the same presence, in any order, and the same declarations, is no correction. */
const attendanceKey = (attendance: readonly AttendanceEntry[], declarations: readonly Declaration[]) =>
  JSON.stringify([
    attendance.map(({ memberId, presence }) => `${memberId}:${presence}`).sort(),
    declarations.map(({ declarationId, memberId }) => `${declarationId}:${memberId}`).sort(),
  ]);

function requirePresenter(presenter: RecordMinuteItem['data']['presenter'], partnership: PartnershipFacts): Presenter {
  const memberId = presenter?.memberId;
  const role = presenter?.role;
  if (isGiven(memberId) && isGiven(role)) {
    throw new ValidationError('presenter', 'oneOf', 'A presenter is a board member (presenter.memberId) or a role title (presenter.role), not both');
  }
  if (isGiven(memberId)) return { memberId: requireBoardMember('presenter.memberId', memberId, partnership), role: null };
  if (!isGiven(role)) {
    throw new ValidationError('presenter', 'required', 'Name who presented the item: a board member (presenter.memberId) or a role title (presenter.role)');
  }
  const title = requireName('presenter.role', role);
  const leading = LEADING_WORDS.exec(title);
  if (leading && HONORIFICS.has(leading[1]!.toLowerCase()) && CAPITAL.test(leading[2]!)) {
    throw new ValidationError(
      'presenter.role',
      'notPersonalName',
      'presenter.role must be a role title such as "Director of Public Health", not a person\'s name; name a board member by presenter.memberId',
    );
  }
  return { memberId: null, role: title };
}

/** The fields each kind of resolution takes; a field given for another kind is refused rather than dropped. */
const RESOLUTION_FIELDS: Record<ResolutionKind, readonly (keyof MinuteResolutionInput)[]> = {
  CONFIRM_MINUTES: ['meetingId'],
  NOTE: [],
  ENDORSE_COMMITMENT: ['commitmentId'],
  REQUEST_UPDATE: ['byDate', 'fromOrganisationId'],
  OTHER: ['text'],
};
const RESOLUTION_INPUT_FIELDS = ['meetingId', 'commitmentId', 'byDate', 'fromOrganisationId', 'text'] as const;

function requireResolutionField(kind: ResolutionKind, input: MinuteResolutionInput, name: (typeof RESOLUTION_INPUT_FIELDS)[number]): string {
  const value = input[name];
  if (!isGiven(value)) throw new ValidationError(`resolution.${name}`, 'required', `A ${kind} resolution needs resolution.${name}`);
  return value;
}

/** The earlier meeting whose minutes are confirmed: same board, an earlier day, minutes drafted and not yet confirmed. */
function requireMinutesToConfirm(meeting: ScheduledMeeting, meetingId: string, earlier: MeetingFacts | null | undefined): string {
  const field = 'resolution.meetingId';
  const id = requireUuid(field, meetingId);
  if (id === meeting.meetingId) throw new ValidationError(field, 'notSelf', 'A meeting cannot confirm its own minutes');
  if (!earlier?.exists) throw new NotFoundError('Meeting', id, field);
  if (earlier.partnershipId !== meeting.partnershipId) {
    throw new ValidationError(field, 'samePartnership', `Meeting ${id} is another partnership's: a board confirms only its own minutes`);
  }
  if (earlier.date! >= meeting.date) {
    throw new ValidationError(field, 'earlierMeeting', `Meeting ${id} on ${earlier.date} is not before this meeting on ${meeting.date}`);
  }
  if (earlier.status === 'MINUTES_CONFIRMED') {
    throw new ValidationError(field, 'notYetConfirmed', `The minutes of meeting ${id} are already confirmed`);
  }
  if (earlier.status !== 'MINUTES_DRAFTED') {
    throw new ValidationError(field, 'minutesDrafted', `Meeting ${id} is ${earlier.status}: it has no drafted minutes to confirm`);
  }
  return id;
}

function requireCommitmentOfPartnership(field: string, commitmentId: string, meeting: ScheduledMeeting, data: RecordMinuteItem['data']) {
  const id = requireUuid(field, commitmentId);
  const commitment: CommitmentFacts | undefined = data.commitments?.[id];
  if (!commitment?.exists) throw new NotFoundError('Commitment', id, field);
  if (commitment.partnershipId !== meeting.partnershipId) {
    throw new ValidationError(field, 'samePartnership', `Commitment ${id} is another partnership's`);
  }
  return { id, status: commitment.status, madeOn: commitment.madeOn ?? null };
}

function requireResolution(input: MinuteResolutionInput, meeting: ScheduledMeeting, data: RecordMinuteItem['data']): MinuteResolution {
  const kind = requireOneOf('resolution.kind', input?.kind, RESOLUTION_KINDS);
  for (const name of RESOLUTION_INPUT_FIELDS) {
    if (isGiven(input[name]) && !RESOLUTION_FIELDS[kind].includes(name)) {
      throw new ValidationError(`resolution.${name}`, 'notAllowed', `A ${kind} resolution takes no ${name}: leave resolution.${name} out`);
    }
  }
  const resolution = resolutionOfKind(kind, input, meeting, data);
  // Once per meeting: the handler acts on another stream for each, so a repeat would confirm or endorse twice.
  const repeated = meeting.items.find((item) => sameAct(item.resolution, resolution));
  if (repeated) {
    throw new ValidationError(
      resolution.kind === 'CONFIRM_MINUTES' ? 'resolution.meetingId' : 'resolution.commitmentId',
      'onceInMeeting',
      `Item ${repeated.number} of this meeting already resolved the same`,
    );
  }
  return resolution;
}

function resolutionOfKind(kind: ResolutionKind, input: MinuteResolutionInput, meeting: ScheduledMeeting, data: RecordMinuteItem['data']): MinuteResolution {
  switch (kind) {
    case 'CONFIRM_MINUTES':
      return { kind, meetingId: requireMinutesToConfirm(meeting, requireResolutionField(kind, input, 'meetingId'), data.earlierMeeting) };
    case 'NOTE':
      return { kind };
    case 'ENDORSE_COMMITMENT': {
      const field = 'resolution.commitmentId';
      const commitment = requireCommitmentOfPartnership(field, requireResolutionField(kind, input, 'commitmentId'), meeting, data);
      if (commitment.status !== 'PROPOSED') {
        throw new ValidationError(field, 'proposed', `Commitment ${commitment.id} is ${commitment.status}: only a proposed commitment can be endorsed`);
      }
      return { kind, commitmentId: commitment.id };
    }
    case 'REQUEST_UPDATE':
      return {
        kind,
        byDate: requireFromMeetingDate('resolution.byDate', requireResolutionField(kind, input, 'byDate'), meeting),
        fromOrganisationId: isGiven(input.fromOrganisationId)
          ? requireMemberOrganisation('resolution.fromOrganisationId', input.fromOrganisationId, data.partnership)
          : null,
      };
    case 'OTHER':
      return { kind, text: requireLongText('resolution.text', requireResolutionField(kind, input, 'text'), RESOLUTION_TEXT_MAX_LENGTH) };
    default: {
      const _never: never = kind;
      throw new ValidationError('resolution.kind', 'isEnum', `Unknown resolution ${String(_never)}`);
    }
  }
}

/** Two resolutions that would each make the handler act on the same other stream. */
function sameAct(a: MinuteResolution, b: MinuteResolution): boolean {
  if (a.kind === 'CONFIRM_MINUTES' && b.kind === 'CONFIRM_MINUTES') return a.meetingId === b.meetingId;
  if (a.kind === 'ENDORSE_COMMITMENT' && b.kind === 'ENDORSE_COMMITMENT') return a.commitmentId === b.commitmentId;
  return false;
}

/**
 * The actions minuted at the item, checked as the action model will check them (owners are member
 * organisations, a lead sits on the board, a linked commitment is active or endorsed at this very
 * item), so the plan the handler makes from them cannot then fail half-way.
 */
function requireActionsRaised(meeting: ScheduledMeeting, data: RecordMinuteItem['data'], resolution: MinuteResolution): ActionRaised[] {
  const given = data.actionsRaised ?? [];
  if (given.length > ACTIONS_RAISED_MAX_ITEMS) {
    throw new ValidationError('actionsRaised', 'maxItems', `At most ${ACTIONS_RAISED_MAX_ITEMS} actions per minute item`);
  }
  const refsInMeeting = new Set(meeting.items.flatMap((item) => item.actionRefs));
  const actions: ActionRaised[] = [];
  given.forEach((input, index) => {
    const field = (name: string) => `actionsRaised.${index}.${name}`;
    const actionRef = requireUuid(field('actionRef'), input?.actionRef);
    if (refsInMeeting.has(actionRef) || actions.some((action) => action.actionRef === actionRef)) {
      throw new ValidationError(field('actionRef'), 'unique', `Action ${actionRef} is already raised at this meeting`);
    }
    const title = requireName(field('title'), input.title);

    const everyMemberOrganisation = input.everyMemberOrganisation === true;
    if (everyMemberOrganisation && isGiven(input.owningOrganisationId)) {
      throw new ValidationError(field('owningOrganisationId'), 'oneOwner', 'An action is owned by one organisation or by every member organisation, not both');
    }
    if (!everyMemberOrganisation && !isGiven(input.owningOrganisationId)) {
      throw new ValidationError(field('owningOrganisationId'), 'required', 'Name the owning organisation, or set everyMemberOrganisation');
    }
    if (everyMemberOrganisation && data.partnership.organisationIds.length === 0) {
      throw new ValidationError(field('everyMemberOrganisation'), 'hasMembers', 'The partnership has no member organisations yet');
    }
    const owningOrganisationIds = everyMemberOrganisation
      ? [...data.partnership.organisationIds]
      : [requireMemberOrganisation(field('owningOrganisationId'), input.owningOrganisationId!, data.partnership)];

    // One lead for one action: an action for every organisation is led within each of them.
    if (everyMemberOrganisation && isGiven(input.leadMemberId)) {
      throw new ValidationError(field('leadMemberId'), 'notAllowed', 'An action for every member organisation has no single lead member');
    }
    const leadMemberId = isGiven(input.leadMemberId) ? requireBoardMember(field('leadMemberId'), input.leadMemberId, data.partnership) : null;
    const dueDate = requireFromMeetingDate(field('dueDate'), input.dueDate, meeting);

    let commitmentId: string | null = null;
    if (isGiven(input.commitmentId)) {
      const commitment = requireCommitmentOfPartnership(field('commitmentId'), input.commitmentId, meeting, data);
      const endorsedHere = resolution.kind === 'ENDORSE_COMMITMENT' && resolution.commitmentId === commitment.id;
      if (commitment.status !== 'ACTIVE' && !endorsedHere) {
        throw new ValidationError(
          field('commitmentId'),
          'activeCommitment',
          `Commitment ${commitment.id} is ${commitment.status}: actions are raised under an endorsed, open commitment (or one this item endorses)`,
        );
      }
      // Its actions are planned on the meeting's date, so the commitment must already have been made by then.
      if (commitment.madeOn && meeting.date < commitment.madeOn) {
        throw new ValidationError(
          field('commitmentId'),
          'notBeforeCommitment',
          `Commitment ${commitment.id} was made on ${commitment.madeOn}, after this meeting on ${meeting.date}; record the commitment with the madeOn it was really made`,
        );
      }
      commitmentId = commitment.id;
    }
    actions.push({ actionRef, title, everyMemberOrganisation, owningOrganisationIds, leadMemberId, dueDate, commitmentId });
  });
  return actions;
}

export const meetingDecider: Decider<MeetingCommand, MeetingEvent, Meeting> = {
  initialState: () => ({ status: 'NotScheduled' }),

  decide(command, state) {
    const now = command.metadata.now.toISOString();
    const { type } = command;
    switch (type) {
      case 'ScheduleMeeting': {
        const { data } = command;
        if (state.status !== 'NotScheduled') throw new IllegalStateError(`Meeting ${data.meetingId} is already scheduled`);
        const meetingId = requireUuid('meetingId', data.meetingId);
        const partnershipId = requireUuid('partnershipId', data.partnershipId);
        if (!data.partnership.formed) throw new NotFoundError('Partnership', partnershipId, 'partnershipId');
        // Past dates are allowed: boards back-fill the meetings held before the ledger existed.
        const date = requireCalendarDate('date', data.date);
        if (typeof data.startTime !== 'string' || !START_TIME.test(data.startTime)) {
          throw new ValidationError('startTime', 'isTime', 'startTime must be a 24-hour time written HH:MM, such as 17:30');
        }
        const format = requireOneOf('format', data.format, MEETING_FORMATS);
        const { place, link } = requireVenue(format, data.place, data.link);
        return [
          {
            type: 'MeetingScheduled',
            data: {
              meetingId,
              partnershipId,
              date,
              startTime: data.startTime,
              format,
              place,
              link,
              title: optionalName('title', data.title),
              scheduledAt: now,
            },
          },
        ];
      }
      case 'RecordAttendance': {
        const { data } = command;
        const meeting = requireScheduled(state, data.meetingId);
        requireMinutesOpen(meeting);
        // Attendance is taken at the meeting: from its day where the partnership is, never before.
        const today = calendarDateIn(data.partnership.timeZone, now);
        if (today < meeting.date) {
          throw new IllegalStateError(`The meeting is on ${meeting.date}: attendance is recorded from that day (today is ${today})`);
        }
        const attendance = requireAttendance(data.attendance, data.partnership);
        const declarations = requireDeclarations(data.declarations, attendance);
        const correction = meeting.status !== 'SCHEDULED';
        if (correction && attendanceKey(attendance, declarations) === attendanceKey(meeting.attendance, meeting.declarations)) {
          throw new ValidationError('attendance', 'changed', 'The attendance and declarations are already recorded as given');
        }
        return [{ type: 'AttendanceRecorded', data: { meetingId: meeting.meetingId, attendance, declarations, correction, recordedAt: now } }];
      }
      case 'RecordMinuteItem': {
        const { data } = command;
        const meeting = requireScheduled(state, data.meetingId);
        requireMinutesOpen(meeting);
        if (meeting.status === 'SCHEDULED') {
          throw new IllegalStateError('The meeting is SCHEDULED: record its attendance, which marks it held, before its minutes');
        }
        const number = requireName('number', data.number, ITEM_NUMBER_MAX_LENGTH);
        if (meeting.items.some((item) => item.number.toLowerCase() === number.toLowerCase())) {
          throw new ValidationError('number', 'unique', `Item ${number} is already in the minutes of this meeting`);
        }
        const title = requireName('title', data.title);
        const presenter = requirePresenter(data.presenter, data.partnership);
        const visibility = requireOneOf('visibility', data.visibility, ITEM_VISIBILITIES);
        const text = requireLongText('text', data.text, MINUTE_TEXT_MAX_LENGTH);
        const resolution = requireResolution(data.resolution, meeting, data);
        const actionsRaised = requireActionsRaised(meeting, data, resolution);
        const position = meeting.items.length + 1;
        // With publishMinutesAutomatically a PUBLIC item is public as it is recorded (and with it any
        // earlier PUBLIC item not yet published: publication runs through a position). PRIVATE never is.
        const published: MeetingEvent[] =
          visibility === 'PUBLIC' && publishesAutomatically(data.partnership, 'publishMinutesAutomatically')
            ? [{ type: 'MinutesPublished', data: { meetingId: meeting.meetingId, throughPosition: position, automatically: true, publishedAt: now } }]
            : [];
        return [
          {
            type: 'MinuteItemRecorded',
            data: {
              meetingId: meeting.meetingId,
              number,
              position,
              title,
              presenter,
              visibility,
              text,
              resolution,
              actionsRaised,
              recordedAt: now,
            },
          },
          ...published,
        ];
      }
      case 'ConfirmMinutes': {
        const { data } = command;
        const meeting = requireScheduled(state, data.meetingId);
        if (meeting.status === 'MINUTES_CONFIRMED') {
          throw new IllegalStateError(`The minutes of this meeting are already confirmed, at meeting ${meeting.confirmedAtMeetingId}`);
        }
        if (meeting.status !== 'MINUTES_DRAFTED') {
          throw new IllegalStateError(`The meeting is ${meeting.status}: there are no drafted minutes to confirm`);
        }
        const field = 'confirmedAtMeetingId';
        const confirmedAtMeetingId = requireUuid(field, data.confirmedAtMeetingId);
        if (confirmedAtMeetingId === meeting.meetingId) throw new ValidationError(field, 'notSelf', 'A meeting cannot confirm its own minutes');
        const at = data.confirmingMeeting;
        if (!at?.exists) throw new NotFoundError('Meeting', confirmedAtMeetingId, field);
        if (at.partnershipId !== meeting.partnershipId) {
          throw new ValidationError(field, 'samePartnership', `Meeting ${confirmedAtMeetingId} is another partnership's: a board confirms only its own minutes`);
        }
        if (at.date! <= meeting.date) {
          throw new ValidationError(field, 'laterMeeting', `Minutes are confirmed at a later meeting; meeting ${confirmedAtMeetingId} is on ${at.date}, this one on ${meeting.date}`);
        }
        if (at.status === 'SCHEDULED') {
          throw new ValidationError(field, 'held', `Meeting ${confirmedAtMeetingId} has not been held: its attendance is not yet recorded`);
        }
        // The confirming meeting's own minutes, once confirmed, must already say so (a confirmation interrupted part-way).
        if (at.status === 'MINUTES_CONFIRMED' && !at.confirmsMinutesOf.includes(meeting.meetingId)) {
          throw new ValidationError(field, 'minutesOpen', `The minutes of meeting ${confirmedAtMeetingId} are confirmed and do not record confirming these`);
        }
        const confirmedOn = requireCalendarDate('confirmedOn', data.confirmedOn);
        if (confirmedOn !== at.date) {
          throw new ValidationError('confirmedOn', 'meetingDate', `confirmedOn must be ${at.date}, the date of the confirming meeting`);
        }
        return [{ type: 'MinutesConfirmed', data: { meetingId: meeting.meetingId, confirmedAtMeetingId, confirmedOn, confirmedAt: now } }];
      }
      case 'PublishMinutes': {
        const { data } = command;
        const meeting = requireScheduled(state, data.meetingId);
        if (meeting.items.length === 0) throw new IllegalStateError(`The meeting is ${meeting.status}: it has no minutes to publish`);
        const recorded = meeting.items.length;
        const given = data.throughPosition;
        if (given !== null && given !== undefined && (!Number.isInteger(given) || given < 1 || given > recorded)) {
          throw new ValidationError('throughPosition', 'recordedItem', `throughPosition must be the position of an item recorded, from 1 to ${recorded}`);
        }
        requirePublicPages(data.partnership, 'minutes');
        const throughPosition = given ?? recorded;
        // Publication only moves forward: items once public stay public.
        if (throughPosition <= meeting.publishedThrough) {
          throw new IllegalStateError(`The minutes are already published through item position ${meeting.publishedThrough}`);
        }
        return [{ type: 'MinutesPublished', data: { meetingId: meeting.meetingId, throughPosition, automatically: false, publishedAt: now } }];
      }
      default: {
        const _never: never = type;
        throw new IllegalStateError(`Unknown command ${String(_never)}`);
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'MeetingScheduled': {
        const { data } = event;
        return {
          status: 'SCHEDULED',
          meetingId: data.meetingId,
          partnershipId: data.partnershipId,
          date: data.date,
          startTime: data.startTime,
          format: data.format,
          attendance: [],
          declarations: [],
          items: [],
          confirmedAtMeetingId: null,
          publishedThrough: 0,
        };
      }
      case 'AttendanceRecorded': {
        if (state.status === 'NotScheduled') return state;
        const { attendance, declarations } = event.data;
        return { ...state, status: state.status === 'SCHEDULED' ? 'HELD' : state.status, attendance, declarations };
      }
      case 'MinuteItemRecorded': {
        if (state.status === 'NotScheduled') return state;
        const { number, resolution, actionsRaised } = event.data;
        const item: MinuteItemSummary = { number, resolution, actionRefs: actionsRaised.map(({ actionRef }) => actionRef) };
        return { ...state, status: state.status === 'HELD' ? 'MINUTES_DRAFTED' : state.status, items: [...state.items, item] };
      }
      case 'MinutesPublished':
        if (state.status === 'NotScheduled') return state;
        return { ...state, publishedThrough: Math.max(state.publishedThrough, event.data.throughPosition) };
      case 'MinutesConfirmed':
        if (state.status === 'NotScheduled') return state;
        return { ...state, status: 'MINUTES_CONFIRMED', confirmedAtMeetingId: event.data.confirmedAtMeetingId };
      default: {
        // Exhaustive at compile time; at run time an event type this code does not know changes nothing.
        const _never: never = event;
        return state;
      }
    }
  },
};

/** Its stream kind, for the handlers: the decider and the stream an id names. */
export const meetingStream = { decider: meetingDecider, streamId: meetingStreamId } as const;
