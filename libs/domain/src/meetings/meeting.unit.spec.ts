import { describe, it, expect } from '@jest/globals';
import { DeciderSpecification } from '../testing/decider-specification.js';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors.js';
import type { PartnershipFacts } from '../commitments/commitment.events.js';
import type { CommitmentFacts } from '../actions/action.events.js';
import { meetingDecider, meetingFacts, requireDeclaredInterests, type Meeting } from './meeting.js';
import {
  meetingStreamId,
  type ActionRaised,
  type AttendanceRecorded,
  type ConfirmMinutes,
  type MeetingEvent,
  type MeetingFacts,
  type MeetingScheduled,
  type MinuteItemRecorded,
  type MinutesConfirmed,
  type RecordAttendance,
  type RecordMinuteItem,
  type ScheduleMeeting,
} from './meeting.events.js';

const spec = DeciderSpecification.for(meetingDecider);
const fold = (events: readonly MeetingEvent[]): Meeting => events.reduce(meetingDecider.evolve, meetingDecider.initialState());

// The Leicester City Health and Wellbeing Board: 19 November 2020 (held on Zoom), whose minutes were
// confirmed at the meeting of 25 March 2021.
const leicester = '0190a1b2-0000-7000-8000-000000000001';
const llr = '0190a1b2-0000-7000-8000-000000000002';
const september = '0190a1b2-0000-7000-8000-0000000b0924';
const november = '0190a1b2-0000-7000-8000-0000000b1119';
const march = '0190a1b2-0000-7000-8000-0000000b0325';

const council = '0190a1b2-0000-7000-8000-0000000000c1';
const ccg = '0190a1b2-0000-7000-8000-0000000000c2';
const hospitals = '0190a1b2-0000-7000-8000-0000000000c3';
const policeAndCrimeCommissioner = '0190a1b2-0000-7000-8000-0000000000c4';
const healthwatch = '0190a1b2-0000-7000-8000-0000000000c5';
const outsider = '0190a1b2-0000-7000-8000-0000000000c9';

// Seats, never people: the chair (a councillor), officers, NHS, the PCC, Healthwatch and a standing invitee.
const chair = '0190a1b2-0000-7000-8000-0000000000d1';
const directorOfPublicHealth = '0190a1b2-0000-7000-8000-0000000000d2';
const pcc = '0190a1b2-0000-7000-8000-0000000000d3';
const ccgClinicalLead = '0190a1b2-0000-7000-8000-0000000000d4';
const healthwatchChair = '0190a1b2-0000-7000-8000-0000000000d5';
const invitee = '0190a1b2-0000-7000-8000-0000000000d6';
const notOnTheBoard = '0190a1b2-0000-7000-8000-0000000000d9';

const framework = '0190a1b2-0000-7000-8000-0000000000a1';
const mentalHealthFriendlyCity = '0190a1b2-0000-7000-8000-0000000000a2';
const llrCommitment = '0190a1b2-0000-7000-8000-0000000000a3';
const unknownCommitment = '0190a1b2-0000-7000-8000-0000000000a9';

const workstreamDocument = '0190a1b2-0000-7000-8000-0000000000e1';
const adhdEveryMember = '0190a1b2-0000-7000-8000-0000000000e2';
const adhdChiefConstable = '0190a1b2-0000-7000-8000-0000000000e3';
const heaTool = '0190a1b2-0000-7000-8000-0000000000e4';

const partnership: PartnershipFacts = {
  formed: true,
  parentPartnershipId: llr,
  timeZone: 'Europe/London',
  organisationIds: [council, ccg, hospitals, policeAndCrimeCommissioner, healthwatch],
  memberIds: [chair, directorOfPublicHealth, pcc, ccgClinicalLead, healthwatchChair, invitee],
  activePriorityIds: [],
};

const scheduledAt = new Date('2020-10-01T09:00:00.000Z');
const onThe19th = { now: new Date('2020-11-19T19:00:00.000Z') };
const onThe25th = { now: new Date('2021-03-25T19:00:00.000Z') };
const zoom = 'https://zoom.us/j/95555555555';

const expectField = (field: string, rule: string) => (error: ValidationError) => {
  expect(error.field).toBe(field);
  expect(error.rule).toBe(rule);
};
const expectNotFound = (entity: string, id: string, field: string) => (error: NotFoundError) =>
  expect([error.entity, error.id, error.field]).toEqual([entity, id, field]);
const expectMessage = (pattern: RegExp) => (error: Error) => expect(error.message).toMatch(pattern);

// ---- scheduling -------------------------------------------------------------------------------

const schedule = (data: Partial<ScheduleMeeting['data']> = {}, now = scheduledAt): ScheduleMeeting => ({
  type: 'ScheduleMeeting',
  data: {
    meetingId: november,
    partnershipId: leicester,
    date: '2020-11-19',
    startTime: '14:00',
    format: 'ONLINE',
    link: zoom,
    title: 'Leicester City Health and Wellbeing Board',
    partnership,
    ...data,
  },
  metadata: { now },
});
const scheduledOn = (meetingId: string, date: string, partnershipId = leicester): MeetingScheduled => ({
  type: 'MeetingScheduled',
  data: {
    meetingId,
    partnershipId,
    date,
    startTime: '14:00',
    format: 'ONLINE',
    place: null,
    link: zoom,
    title: 'Leicester City Health and Wellbeing Board',
    scheduledAt: scheduledAt.toISOString(),
  },
});
const scheduled = scheduledOn(november, '2020-11-19');

// ---- attendance -------------------------------------------------------------------------------

const novemberAttendance = [
  { memberId: chair, presence: 'PRESENT' },
  { memberId: directorOfPublicHealth, presence: 'PRESENT' },
  { memberId: pcc, presence: 'PRESENT' },
  { memberId: ccgClinicalLead, presence: 'APOLOGIES' },
  { memberId: healthwatchChair, presence: 'PRESENT' },
  { memberId: invitee, presence: 'IN_ATTENDANCE' },
] as const;
// Its text lives in the personal-data store; the command and event carry only its id.
const declaration = { declarationId: '0190a6c2-dec1-7000-8000-000000000001', memberId: healthwatchChair };
const secondDeclarationId = '0190a6c2-dec1-7000-8000-000000000002';

const attend = (data: Partial<RecordAttendance['data']> = {}, metadata = onThe19th): RecordAttendance => ({
  type: 'RecordAttendance',
  data: { meetingId: november, attendance: novemberAttendance, declarations: [declaration], partnership, ...data },
  metadata,
});
const attendanceRecorded = (meetingId = november, data: Partial<AttendanceRecorded['data']> = {}, metadata = onThe19th): AttendanceRecorded => ({
  type: 'AttendanceRecorded',
  data: {
    meetingId,
    attendance: novemberAttendance.map((entry) => ({ ...entry })),
    declarations: [declaration],
    correction: false,
    recordedAt: metadata.now.toISOString(),
    ...data,
  },
});
const held = attendanceRecorded();

// ---- minute items -----------------------------------------------------------------------------

const septemberDrafted: MeetingFacts = { exists: true, partnershipId: leicester, date: '2020-09-24', status: 'MINUTES_DRAFTED', confirmsMinutesOf: [] };
const proposed = (partnershipId = leicester): CommitmentFacts => ({ exists: true, status: 'PROPOSED', partnershipId });
const active = (partnershipId = leicester): CommitmentFacts => ({ exists: true, status: 'ACTIVE', partnershipId });

const confirmSeptember = 'The minutes of the meeting held on 24 September 2020 were confirmed as a correct record.';
const item = (data: Partial<RecordMinuteItem['data']> = {}, metadata = onThe19th): RecordMinuteItem => ({
  type: 'RecordMinuteItem',
  data: {
    meetingId: november,
    number: '9',
    title: 'Minutes of previous meeting',
    presenter: { role: 'Chair' },
    visibility: 'PUBLIC',
    text: confirmSeptember,
    resolution: { kind: 'CONFIRM_MINUTES', meetingId: september },
    partnership,
    earlierMeeting: septemberDrafted,
    ...data,
  },
  metadata,
});
const itemRecorded = (data: Partial<MinuteItemRecorded['data']> = {}, metadata = onThe19th): MinuteItemRecorded => ({
  type: 'MinuteItemRecorded',
  data: {
    meetingId: november,
    number: '9',
    position: 1,
    title: 'Minutes of previous meeting',
    presenter: { memberId: null, role: 'Chair' },
    visibility: 'PUBLIC',
    text: confirmSeptember,
    resolution: { kind: 'CONFIRM_MINUTES', meetingId: september },
    actionsRaised: [],
    recordedAt: metadata.now.toISOString(),
    ...data,
  },
});

// Minute 9: RESOLVED that the minutes of 24 September 2020 be confirmed as a correct record.
const minute9 = itemRecorded();
// Minute 10: the Children's Safeguarding annual report, noted.
const minute10Command = item({
  number: '10',
  title: 'Leicester Safeguarding Children Partnership Annual Report',
  presenter: { role: 'Independent Chair, Safeguarding Children Partnership' },
  text: 'The Board received the annual report of the Safeguarding Children Partnership.',
  resolution: { kind: 'NOTE' },
  earlierMeeting: null,
});
const minute10 = itemRecorded({
  number: '10',
  position: 2,
  title: 'Leicester Safeguarding Children Partnership Annual Report',
  presenter: { memberId: null, role: 'Independent Chair, Safeguarding Children Partnership' },
  text: 'The Board received the annual report of the Safeguarding Children Partnership.',
  resolution: { kind: 'NOTE' },
});
// Minute 11: progress against previous actions, given verbally; the workstream document to be shared.
const shareWorkstream: ActionRaised = {
  actionRef: workstreamDocument,
  title: 'Share the health inequalities workstream document with Board members',
  everyMemberOrganisation: false,
  owningOrganisationIds: [council],
  leadMemberId: directorOfPublicHealth,
  dueDate: '2021-01-28',
  commitmentId: null,
};
const minute11Command = item({
  number: '11',
  title: 'Progress against actions of previous meeting',
  presenter: { memberId: directorOfPublicHealth },
  text: 'A verbal update was given on progress against the actions of the previous meeting.',
  resolution: { kind: 'NOTE' },
  actionsRaised: [
    { actionRef: workstreamDocument, title: shareWorkstream.title, owningOrganisationId: council, leadMemberId: directorOfPublicHealth, dueDate: '2021-01-28' },
  ],
  earlierMeeting: null,
});
const minute11 = itemRecorded({
  number: '11',
  position: 3,
  title: 'Progress against actions of previous meeting',
  presenter: { memberId: directorOfPublicHealth, role: null },
  text: 'A verbal update was given on progress against the actions of the previous meeting.',
  resolution: { kind: 'NOTE' },
  actionsRaised: [shareWorkstream],
});
// Minute 12: an update on "Mental Health Friendly City" by 31 March 2021, from the CCG.
const minute12Command = item({
  number: '12',
  title: 'Mental Health Friendly City',
  presenter: { memberId: ccgClinicalLead },
  text: 'The Board discussed the ambition for Leicester to be a Mental Health Friendly City.',
  resolution: { kind: 'REQUEST_UPDATE', byDate: '2021-03-31', fromOrganisationId: ccg },
  earlierMeeting: null,
});
const minute12 = itemRecorded({
  number: '12',
  position: 4,
  title: 'Mental Health Friendly City',
  presenter: { memberId: ccgClinicalLead, role: null },
  text: 'The Board discussed the ambition for Leicester to be a Mental Health Friendly City.',
  resolution: { kind: 'REQUEST_UPDATE', byDate: '2021-03-31', fromOrganisationId: ccg },
});
// Minute 13: ACTION for every board member to take the conversation on ADHD back to their organisations;
// the PCC to raise it with the Chief Constable.
const everyMemberRaisesAdhd: ActionRaised = {
  actionRef: adhdEveryMember,
  title: 'All Board members to take this conversation back to their organisations and raise awareness of ADHD',
  everyMemberOrganisation: true,
  owningOrganisationIds: [council, ccg, hospitals, policeAndCrimeCommissioner, healthwatch],
  leadMemberId: null,
  dueDate: '2021-01-28',
  commitmentId: null,
};
const pccRaisesAdhd: ActionRaised = {
  actionRef: adhdChiefConstable,
  title: 'Raise ADHD awareness with the Chief Constable',
  everyMemberOrganisation: false,
  owningOrganisationIds: [policeAndCrimeCommissioner],
  leadMemberId: pcc,
  dueDate: '2021-01-28',
  commitmentId: null,
};
const minute13Command = item({
  number: '13',
  title: 'Attention Deficit Hyperactivity Disorder (ADHD)',
  presenter: { role: 'Director of Public Health' },
  text: 'The Board heard about the experiences of adults and children with ADHD.',
  resolution: { kind: 'NOTE' },
  actionsRaised: [
    { actionRef: adhdEveryMember, title: everyMemberRaisesAdhd.title, everyMemberOrganisation: true, dueDate: '2021-01-28' },
    { actionRef: adhdChiefConstable, title: pccRaisesAdhd.title, owningOrganisationId: policeAndCrimeCommissioner, leadMemberId: pcc, dueDate: '2021-01-28' },
  ],
  earlierMeeting: null,
});
const minute13 = itemRecorded({
  number: '13',
  position: 5,
  title: 'Attention Deficit Hyperactivity Disorder (ADHD)',
  presenter: { memberId: null, role: 'Director of Public Health' },
  text: 'The Board heard about the experiences of adults and children with ADHD.',
  resolution: { kind: 'NOTE' },
  actionsRaised: [everyMemberRaisesAdhd, pccRaisesAdhd],
});
// Minute 14: the next meeting to focus on health inequalities.
const minute14Command = item({
  number: '14',
  title: 'Date of next meeting',
  presenter: { role: 'Chair' },
  text: 'The next meeting is on 28 January 2021.',
  resolution: { kind: 'OTHER', text: ' The next meeting will focus on health inequalities. ' },
  earlierMeeting: null,
});
const minute14 = itemRecorded({
  number: '14',
  position: 6,
  title: 'Date of next meeting',
  presenter: { memberId: null, role: 'Chair' },
  text: 'The next meeting is on 28 January 2021.',
  resolution: { kind: 'OTHER', text: 'The next meeting will focus on health inequalities.' },
});
const novemberMinutes = [scheduled, held, minute9, minute10, minute11, minute12, minute13, minute14];

// ---- 25 March 2021 ----------------------------------------------------------------------------

const marchScheduled = scheduledOn(march, '2021-03-25');
const marchHeld = attendanceRecorded(march, { declarations: [] }, onThe25th);
const novemberDrafted = meetingFacts(fold(novemberMinutes));
const confirmNovember = 'The minutes of the meeting held on 19 November 2020 were confirmed as a correct record.';
const marchItem = (data: Partial<RecordMinuteItem['data']> = {}) =>
  item({ meetingId: march, number: '1', text: confirmNovember, resolution: { kind: 'CONFIRM_MINUTES', meetingId: november }, earlierMeeting: novemberDrafted, ...data }, onThe25th);
const marchMinute1 = itemRecorded(
  { meetingId: march, number: '1', text: confirmNovember, resolution: { kind: 'CONFIRM_MINUTES', meetingId: november } },
  onThe25th,
);

const confirm = (data: Partial<ConfirmMinutes['data']> = {}): ConfirmMinutes => ({
  type: 'ConfirmMinutes',
  data: {
    meetingId: november,
    confirmedAtMeetingId: march,
    confirmedOn: '2021-03-25',
    confirmingMeeting: meetingFacts(fold([marchScheduled, marchHeld, marchMinute1])),
    ...data,
  },
  metadata: onThe25th,
});
const novemberConfirmed: MinutesConfirmed = {
  type: 'MinutesConfirmed',
  data: { meetingId: november, confirmedAtMeetingId: march, confirmedOn: '2021-03-25', confirmedAt: onThe25th.now.toISOString() },
};

describe('scheduling a meeting', () => {
  it('schedules an online meeting of the board', () => spec.given([]).when(schedule()).then([scheduled]));

  it('names its stream after the meeting', () => expect(meetingStreamId(november)).toBe(`meeting-${november}`));

  it('schedules an in-person meeting at a place, without a title', () =>
    spec
      .given([])
      .when(schedule({ format: 'IN_PERSON', place: ' City Hall, Leicester ', link: null, title: '  ' }))
      .then([{ ...scheduled, data: { ...scheduled.data, format: 'IN_PERSON', place: 'City Hall, Leicester', link: null, title: null } }]));

  it('schedules a hybrid meeting with both a place and a link', () =>
    spec
      .given([])
      .when(schedule({ format: 'HYBRID', place: 'City Hall, Leicester' }))
      .then([{ ...scheduled, data: { ...scheduled.data, format: 'HYBRID', place: 'City Hall, Leicester' } }]));

  it('back-fills a meeting held long before the ledger existed', () =>
    spec
      .given([])
      .when(schedule({}, new Date('2025-06-01T09:00:00.000Z')))
      .then([{ ...scheduled, data: { ...scheduled.data, scheduledAt: '2025-06-01T09:00:00.000Z' } }]));

  it('refuses scheduling the same meeting twice', () =>
    spec.given([scheduled]).when(schedule()).thenThrows(IllegalStateError, expectMessage(/already scheduled/)));

  it('refuses a meeting id that is not a UUID', () =>
    spec.given([]).when(schedule({ meetingId: 'hwb-2020-11-19' })).thenThrows(ValidationError, expectField('meetingId', 'isUuid')));

  it('refuses a partnership that was never formed', () =>
    spec
      .given([])
      .when(schedule({ partnership: { ...partnership, formed: false } }))
      .thenThrows(NotFoundError, expectNotFound('Partnership', leicester, 'partnershipId')));

  it.each(['19/11/2020', '2021-02-30', ''])('refuses the date %p, not a calendar date', (date) =>
    spec.given([]).when(schedule({ date })).thenThrows(ValidationError, expectField('date', 'isDate')));

  it('refuses a date outside the ledger window', () =>
    spec.given([]).when(schedule({ date: '9999-12-31' })).thenThrows(ValidationError, expectField('date', 'dateRange')));

  it.each(['2pm', '24:00', '14:60', '9:30', '14:00:00'])('refuses the start time %p, not HH:MM', (startTime) =>
    spec.given([]).when(schedule({ startTime })).thenThrows(ValidationError, expectField('startTime', 'isTime')));

  it('accepts the first and the last minute of the day', () => {
    spec.given([]).when(schedule({ startTime: '00:00' })).then([{ ...scheduled, data: { ...scheduled.data, startTime: '00:00' } }]);
    spec.given([]).when(schedule({ startTime: '23:59' })).then([{ ...scheduled, data: { ...scheduled.data, startTime: '23:59' } }]);
  });

  it('refuses a format it does not know', () =>
    spec.given([]).when(schedule({ format: 'ZOOM' })).thenThrows(ValidationError, expectField('format', 'isEnum')));

  it('refuses an in-person meeting without a place', () =>
    spec.given([]).when(schedule({ format: 'IN_PERSON', link: null })).thenThrows(ValidationError, expectField('place', 'required')));

  it('refuses an in-person meeting with a link to join', () =>
    spec.given([]).when(schedule({ format: 'IN_PERSON', place: 'City Hall' })).thenThrows(ValidationError, expectField('link', 'notAllowed')));

  it('refuses an online meeting without a link', () =>
    spec.given([]).when(schedule({ link: ' ' })).thenThrows(ValidationError, expectField('link', 'required')));

  it('refuses an online meeting with a place', () =>
    spec.given([]).when(schedule({ place: 'City Hall' })).thenThrows(ValidationError, expectField('place', 'notAllowed')));

  it('refuses a hybrid meeting without a link', () =>
    spec.given([]).when(schedule({ format: 'HYBRID', place: 'City Hall', link: null })).thenThrows(ValidationError, expectField('link', 'required')));

  it('takes a blank place as no place', () =>
    spec.given([]).when(schedule({ format: 'HYBRID', place: '   ' })).thenThrows(ValidationError, expectField('place', 'required')));

  it.each(['zoom.us/j/95555555555', 'javascript:alert(1)', 'ftp://files.example.org/agenda'])('refuses the link %p, not a web address', (link) =>
    spec.given([]).when(schedule({ link })).thenThrows(ValidationError, expectField('link', 'httpUrl')));

  it('refuses a title with control characters', () =>
    spec.given([]).when(schedule({ title: 'Board\u0007' })).thenThrows(ValidationError, expectField('title', 'noControlCharacters')));
});

describe('recording attendance', () => {
  it('records who was present, in attendance and sent apologies, and the interests declared: the meeting is held', () => {
    spec.given([scheduled]).when(attend()).then([held]);
    expect(meetingFacts(fold([scheduled, held])).status).toBe('HELD');
  });

  it('records attendance on the day, in the first minutes of it where the partnership is', () =>
    spec
      .given([scheduled])
      .when(attend({}, { now: new Date('2020-11-19T00:00:00.000Z') }))
      .then([attendanceRecorded(november, {}, { now: new Date('2020-11-19T00:00:00.000Z') })]));

  it('records attendance days later, from the papers', () =>
    spec.given([scheduled]).when(attend({}, onThe25th)).then([attendanceRecorded(november, {}, onThe25th)]));

  it('refuses attendance before the day of the meeting', () =>
    spec
      .given([scheduled])
      .when(attend({}, { now: new Date('2020-11-18T23:59:59.000Z') }))
      .thenThrows(IllegalStateError, expectMessage(/on 2020-11-19: attendance is recorded from that day \(today is 2020-11-18\)/)));

  it("takes the day from the partnership's time zone, not the server's", () => {
    const auckland = { ...partnership, timeZone: 'Pacific/Auckland' };
    // 11:00 UTC on the 18th is already the 19th in Auckland (UTC+13 in November).
    const early = { now: new Date('2020-11-18T11:00:00.000Z') };
    spec.given([scheduled]).when(attend({ partnership: auckland }, early)).then([attendanceRecorded(november, {}, early)]);
    spec.given([scheduled]).when(attend({}, early)).thenThrows(IllegalStateError);
  });

  it('refuses a meeting that was never scheduled', () =>
    spec.given([]).when(attend()).thenThrows(NotFoundError, expectNotFound('Meeting', november, 'meetingId')));

  it('refuses a member who does not sit on the board', () =>
    spec
      .given([scheduled])
      .when(attend({ attendance: [...novemberAttendance, { memberId: notOnTheBoard, presence: 'PRESENT' }] }))
      .thenThrows(ValidationError, expectField('attendance.6.memberId', 'boardMember')));

  it('refuses a member id that is not a UUID', () =>
    spec
      .given([scheduled])
      .when(attend({ attendance: [{ memberId: 'Cllr Dempster', presence: 'PRESENT' }] }))
      .thenThrows(ValidationError, expectField('attendance.0.memberId', 'isUuid')));

  it('refuses a member listed twice', () =>
    spec
      .given([scheduled])
      .when(attend({ attendance: [...novemberAttendance, { memberId: chair, presence: 'APOLOGIES' }] }))
      .thenThrows(ValidationError, expectField('attendance.6.memberId', 'distinct')));

  it('refuses a presence it does not know', () =>
    spec
      .given([scheduled])
      .when(attend({ attendance: [{ memberId: chair, presence: 'ABSENT' }] }))
      .thenThrows(ValidationError, expectField('attendance.0.presence', 'isEnum')));

  it('refuses an attendance with nobody present', () =>
    spec
      .given([scheduled])
      .when(attend({ attendance: [{ memberId: chair, presence: 'APOLOGIES' }, { memberId: invitee, presence: 'IN_ATTENDANCE' }], declarations: [] }))
      .thenThrows(ValidationError, expectField('attendance', 'someonePresent')));

  it('refuses an empty attendance', () =>
    spec.given([scheduled]).when(attend({ attendance: [], declarations: [] })).thenThrows(ValidationError, expectField('attendance', 'someonePresent')));

  it('takes declarations from members in attendance as well as those present', () =>
    spec
      .given([scheduled])
      .when(attend({ declarations: [{ declarationId: secondDeclarationId, memberId: invitee }] }))
      .then([attendanceRecorded(november, { declarations: [{ declarationId: secondDeclarationId, memberId: invitee }] })]));

  it('records a meeting where no interests were declared', () =>
    spec.given([scheduled]).when(attend({ declarations: null })).then([attendanceRecorded(november, { declarations: [] })]));

  it('refuses a declaration by a member who sent apologies', () =>
    spec
      .given([scheduled])
      .when(attend({ declarations: [{ ...declaration, memberId: ccgClinicalLead }] }))
      .thenThrows(ValidationError, expectField('declarations.0.memberId', 'attending')));

  it('refuses a declaration by a member not in the attendance', () =>
    spec
      .given([scheduled])
      .when(attend({ attendance: [{ memberId: chair, presence: 'PRESENT' }], declarations: [declaration] }))
      .thenThrows(ValidationError, expectField('declarations.0.memberId', 'attending')));

  it('refuses a declaration id that is not a UUID', () =>
    spec
      .given([scheduled])
      .when(attend({ declarations: [{ ...declaration, declarationId: 'Employed by a provider' }] }))
      .thenThrows(ValidationError, expectField('declarations.0.declarationId', 'isUuid')));

  it('refuses the same declaration listed twice', () =>
    spec
      .given([scheduled])
      .when(attend({ declarations: [declaration, { ...declaration, memberId: chair }] }))
      .thenThrows(ValidationError, expectField('declarations.1.declarationId', 'distinct')));

  it('refuses more than 100 declarations', () =>
    spec
      .given([scheduled])
      .when(attend({ declarations: Array.from({ length: 101 }, () => declaration) }))
      .thenThrows(ValidationError, expectField('declarations', 'maxItems')));

  it('counts a new declaration by the same member as a change', () =>
    spec
      .given([scheduled, held])
      .when(attend({ declarations: [{ ...declaration, declarationId: secondDeclarationId }] }))
      .then([attendanceRecorded(november, { declarations: [{ ...declaration, declarationId: secondDeclarationId }], correction: true })]));

  it('corrects the attendance of a held meeting, replacing the record', () =>
    spec
      .given([scheduled, held])
      .when(attend({ attendance: [...novemberAttendance.slice(0, 3), { memberId: ccgClinicalLead, presence: 'PRESENT' }], declarations: [] }))
      .then([
        attendanceRecorded(november, {
          attendance: [...novemberAttendance.slice(0, 3), { memberId: ccgClinicalLead, presence: 'PRESENT' }],
          declarations: [],
          correction: true,
        }),
      ]));

  it('corrects the attendance while the minutes are drafted, and the meeting stays drafted', () => {
    const corrected = attendanceRecorded(november, { declarations: [], correction: true });
    spec.given([scheduled, held, minute9]).when(attend({ declarations: [] })).then([corrected]);
    expect(meetingFacts(fold([scheduled, held, minute9, corrected])).status).toBe('MINUTES_DRAFTED');
  });

  it('refuses a correction that changes nothing, in whatever order it lists the members', () =>
    spec
      .given([scheduled, held])
      .when(attend({ attendance: [...novemberAttendance].reverse() }))
      .thenThrows(ValidationError, expectField('attendance', 'changed')));

  it('refuses attendance once the minutes are confirmed', () =>
    spec
      .given([...novemberMinutes, novemberConfirmed])
      .when(attend({ declarations: [] }, onThe25th))
      .thenThrows(IllegalStateError, expectMessage(/confirmed at meeting .*no longer change/)));
});

describe('the interests declared, before their texts are kept apart', () => {
  const interest = 'Employed by a provider commissioned by the CCG';
  const refusal = (entries: Parameters<typeof requireDeclaredInterests>[0]) => {
    try {
      requireDeclaredInterests(entries);
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      return error as ValidationError;
    }
    throw new Error('expected the declarations to be refused');
  };

  it('trims each text and keeps the member', () =>
    expect(requireDeclaredInterests([{ memberId: invitee, interest: ' Trustee of a local mental health charity ' }])).toEqual([
      { memberId: invitee, interest: 'Trustee of a local mental health charity' },
    ]));

  it('takes none given as none declared', () => expect(requireDeclaredInterests(null)).toEqual([]));

  it('refuses a blank interest', () =>
    expectField('declarations.0.interest', 'notEmpty')(refusal([{ memberId: chair, interest: ' ' }])));

  it('refuses the same interest declared twice by a member', () =>
    expectField('declarations.1.interest', 'distinct')(refusal([{ memberId: chair, interest }, { memberId: chair, interest: ` ${interest}` }])));

  it('refuses a member id that is not a UUID', () =>
    expectField('declarations.0.memberId', 'isUuid')(refusal([{ memberId: 'Cllr Dempster', interest }])));

  it('refuses more than 100 declarations', () =>
    expectField('declarations', 'maxItems')(refusal(Array.from({ length: 101 }, (_, index) => ({ memberId: chair, interest: `Interest ${index}` })))));
});

describe('recording the minutes of 19 November 2020', () => {
  it('records minute 9, confirming the minutes of 24 September: the minutes are drafted', () => {
    spec.given([scheduled, held]).when(item()).then([minute9]);
    expect(meetingFacts(fold([scheduled, held, minute9]))).toEqual({
      exists: true,
      partnershipId: leicester,
      date: '2020-11-19',
      status: 'MINUTES_DRAFTED',
      confirmsMinutesOf: [september],
    });
  });

  it('records minute 10, noting the annual report presented by a role', () =>
    spec.given([scheduled, held, minute9]).when(minute10Command).then([minute10]));

  it('records minute 11, presented by a board member, with the action to share the workstream document', () =>
    spec.given([scheduled, held, minute9, minute10]).when(minute11Command).then([minute11]));

  it('records minute 12, an update requested from the CCG by 31 March 2021', () =>
    spec.given([scheduled, held, minute9, minute10, minute11]).when(minute12Command).then([minute12]));

  it("records minute 13, an action for every member organisation (listed as they are now) and one for the PCC's office", () =>
    spec.given([scheduled, held, minute9, minute10, minute11, minute12]).when(minute13Command).then([minute13]));

  it('records minute 14, another resolution in its own words', () =>
    spec.given([scheduled, held, minute9, minute10, minute11, minute12, minute13]).when(minute14Command).then([minute14]));

  it('records a private item', () =>
    spec
      .given([scheduled, held])
      .when(item({ visibility: 'PRIVATE' }))
      .then([itemRecorded({ visibility: 'PRIVATE' })]));

  it('keeps the layout of a long minute', () => {
    const text = 'The Board noted:\n\t(a) the report;\n\t(b) the appendices.';
    spec.given([scheduled, held]).when(item({ text })).then([itemRecorded({ text })]);
  });

  it('refuses an item on a meeting that was never scheduled', () =>
    spec.given([]).when(item()).thenThrows(NotFoundError, expectNotFound('Meeting', november, 'meetingId')));

  it('refuses an item before the attendance marks the meeting held', () =>
    spec.given([scheduled]).when(item()).thenThrows(IllegalStateError, expectMessage(/SCHEDULED: record its attendance/)));

  it('refuses an item once the minutes are confirmed', () =>
    spec
      .given([...novemberMinutes, novemberConfirmed])
      .when(item({ number: '15', resolution: { kind: 'NOTE' }, earlierMeeting: null }))
      .thenThrows(IllegalStateError, expectMessage(/no longer change/)));

  it('refuses an item number already in the minutes, in any case', () => {
    spec.given(novemberMinutes).when(minute14Command).thenThrows(ValidationError, expectField('number', 'unique'));
    const minute14b = itemRecorded({ number: '14(b)', resolution: { kind: 'NOTE' } });
    spec
      .given([scheduled, held, minute14b])
      .when(item({ number: '14(B)', resolution: { kind: 'NOTE' }, earlierMeeting: null }))
      .thenThrows(ValidationError, expectField('number', 'unique'));
  });

  it('refuses a blank item number', () => spec.given([scheduled, held]).when(item({ number: ' ' })).thenThrows(ValidationError, expectField('number', 'notEmpty')));

  it('refuses an item number longer than 20 characters', () =>
    spec.given([scheduled, held]).when(item({ number: '9'.repeat(21) })).thenThrows(ValidationError, expectField('number', 'maxLength')));

  it('refuses a blank title', () => spec.given([scheduled, held]).when(item({ title: '' })).thenThrows(ValidationError, expectField('title', 'notEmpty')));

  it('refuses a visibility it does not know', () =>
    spec.given([scheduled, held]).when(item({ visibility: 'CONFIDENTIAL' })).thenThrows(ValidationError, expectField('visibility', 'isEnum')));

  it('refuses a blank text', () => spec.given([scheduled, held]).when(item({ text: '\n' })).thenThrows(ValidationError, expectField('text', 'notEmpty')));

  it('refuses a text longer than 10000 characters', () =>
    spec.given([scheduled, held]).when(item({ text: 'x'.repeat(10_001) })).thenThrows(ValidationError, expectField('text', 'maxLength')));
});

describe('who presented an item', () => {
  const given = [scheduled, held];

  it('refuses both a member and a role', () =>
    spec.given(given).when(item({ presenter: { memberId: chair, role: 'Chair' } })).thenThrows(ValidationError, expectField('presenter', 'oneOf')));

  it('refuses neither', () =>
    spec.given(given).when(item({ presenter: { memberId: null, role: '' } })).thenThrows(ValidationError, expectField('presenter', 'required')));

  it('refuses a presenter who does not sit on the board', () =>
    spec.given(given).when(item({ presenter: { memberId: notOnTheBoard } })).thenThrows(ValidationError, expectField('presenter.memberId', 'boardMember')));

  it.each(['Cllr Dempster', 'Dr. Ivan Browne', 'councillor Russell', 'Mrs Smith', 'Professor Azhar Farooqi'])(
    'refuses %p: a name, not a role title',
    (role) => spec.given(given).when(item({ presenter: { role } })).thenThrows(ValidationError, expectField('presenter.role', 'notPersonalName')),
  );

  it.each(['Director of Public Health', 'Lord Mayor', 'Dr', 'Strategic Director, Social Care and Education'])('accepts the role title %p', (role) =>
    spec.given(given).when(item({ presenter: { role } })).then([itemRecorded({ presenter: { memberId: null, role } })]));

  it('refuses a role title longer than 200 characters', () =>
    spec.given(given).when(item({ presenter: { role: 'x'.repeat(201) } })).thenThrows(ValidationError, expectField('presenter.role', 'maxLength')));
});

describe('what the board resolved at an item', () => {
  const given = [scheduled, held];
  const resolve = (resolution: RecordMinuteItem['data']['resolution'], data: Partial<RecordMinuteItem['data']> = {}) =>
    item({ resolution, earlierMeeting: null, ...data });

  it('refuses a kind of resolution it does not know', () =>
    spec.given(given).when(resolve({ kind: 'APPROVE' })).thenThrows(ValidationError, expectField('resolution.kind', 'isEnum')));

  it('refuses a field the kind does not take', () => {
    spec.given(given).when(resolve({ kind: 'NOTE', commitmentId: framework })).thenThrows(ValidationError, expectField('resolution.commitmentId', 'notAllowed'));
    spec.given(given).when(resolve({ kind: 'CONFIRM_MINUTES', meetingId: september, text: 'Confirmed' })).thenThrows(ValidationError, expectField('resolution.text', 'notAllowed'));
  });

  it('treats a field left blank as left out', () =>
    spec
      .given(given)
      .when(resolve({ kind: 'NOTE', meetingId: null, commitmentId: '', text: undefined }))
      .then([itemRecorded({ resolution: { kind: 'NOTE' } })]));

  describe('confirming the minutes of an earlier meeting', () => {
    const confirming = (earlierMeeting: MeetingFacts | null, meetingId = september) => resolve({ kind: 'CONFIRM_MINUTES', meetingId }, { earlierMeeting });

    it('refuses a resolution without the meeting', () =>
      spec.given(given).when(resolve({ kind: 'CONFIRM_MINUTES' })).thenThrows(ValidationError, expectField('resolution.meetingId', 'required')));

    it('refuses a meeting id that is not a UUID', () =>
      spec.given(given).when(confirming(septemberDrafted, '2020-09-24')).thenThrows(ValidationError, expectField('resolution.meetingId', 'isUuid')));

    it('refuses confirming its own minutes', () =>
      spec.given(given).when(confirming(meetingFacts(fold(given)), november)).thenThrows(ValidationError, expectField('resolution.meetingId', 'notSelf')));

    it('refuses a meeting that was never scheduled', () =>
      spec.given(given).when(confirming(meetingFacts(fold([])))).thenThrows(NotFoundError, expectNotFound('Meeting', september, 'resolution.meetingId')));

    it('refuses a meeting the handler did not look up', () =>
      spec.given(given).when(confirming(null)).thenThrows(NotFoundError, expectNotFound('Meeting', september, 'resolution.meetingId')));

    it("refuses another partnership's meeting", () =>
      spec
        .given(given)
        .when(confirming({ ...septemberDrafted, partnershipId: llr }))
        .thenThrows(ValidationError, expectField('resolution.meetingId', 'samePartnership')));

    it('refuses a meeting on the same day or later', () => {
      spec.given(given).when(confirming({ ...septemberDrafted, date: '2020-11-19' })).thenThrows(ValidationError, expectField('resolution.meetingId', 'earlierMeeting'));
      spec.given(given).when(confirming({ ...septemberDrafted, date: '2021-01-28' })).thenThrows(ValidationError, expectField('resolution.meetingId', 'earlierMeeting'));
    });

    it('refuses minutes already confirmed', () =>
      spec
        .given(given)
        .when(confirming({ ...septemberDrafted, status: 'MINUTES_CONFIRMED' }))
        .thenThrows(ValidationError, expectField('resolution.meetingId', 'notYetConfirmed')));

    it.each(['SCHEDULED', 'HELD'] as const)('refuses a meeting %s, with no minutes drafted', (status) =>
      spec.given(given).when(confirming({ ...septemberDrafted, status })).thenThrows(ValidationError, expectField('resolution.meetingId', 'minutesDrafted')));

    it('refuses confirming the same minutes at two items of one meeting', () =>
      spec
        .given([...given, minute9])
        .when(item({ number: '9a' }))
        .thenThrows(ValidationError, (error) => {
          expectField('resolution.meetingId', 'onceInMeeting')(error);
          expect(error.message).toMatch(/Item 9 /);
        }));
  });

  describe('endorsing a commitment', () => {
    const endorsing = (commitment: CommitmentFacts | null, data: Partial<RecordMinuteItem['data']> = {}) =>
      resolve({ kind: 'ENDORSE_COMMITMENT', commitmentId: framework }, { commitments: commitment ? { [framework]: commitment } : null, ...data });

    it('endorses a proposed commitment of the partnership', () =>
      spec
        .given(given)
        .when(endorsing(proposed()))
        .then([itemRecorded({ resolution: { kind: 'ENDORSE_COMMITMENT', commitmentId: framework } })]));

    it('refuses a resolution without the commitment', () =>
      spec.given(given).when(resolve({ kind: 'ENDORSE_COMMITMENT' })).thenThrows(ValidationError, expectField('resolution.commitmentId', 'required')));

    it('refuses a commitment that does not exist', () => {
      spec.given(given).when(endorsing(null)).thenThrows(NotFoundError, expectNotFound('Commitment', framework, 'resolution.commitmentId'));
      spec
        .given(given)
        .when(endorsing({ exists: false, status: null, partnershipId: null }))
        .thenThrows(NotFoundError, expectNotFound('Commitment', framework, 'resolution.commitmentId'));
    });

    it("refuses another partnership's commitment", () =>
      spec.given(given).when(endorsing(proposed(llr))).thenThrows(ValidationError, expectField('resolution.commitmentId', 'samePartnership')));

    it.each(['ACTIVE', 'ACHIEVED', 'WITHDRAWN'] as const)('refuses a commitment already %s', (status) =>
      spec
        .given(given)
        .when(endorsing({ ...proposed(), status }))
        .thenThrows(ValidationError, expectField('resolution.commitmentId', 'proposed')));

    it('refuses endorsing the same commitment at two items of one meeting', () =>
      spec
        .given([...given, itemRecorded({ resolution: { kind: 'ENDORSE_COMMITMENT', commitmentId: framework } })])
        .when(endorsing(proposed(), { number: '10' }))
        .thenThrows(ValidationError, expectField('resolution.commitmentId', 'onceInMeeting')));
  });

  describe('requesting an update', () => {
    it('requests an update by a date, from no one organisation in particular', () =>
      spec
        .given(given)
        .when(resolve({ kind: 'REQUEST_UPDATE', byDate: '2020-11-19' }))
        .then([itemRecorded({ resolution: { kind: 'REQUEST_UPDATE', byDate: '2020-11-19', fromOrganisationId: null } })]));

    it('refuses a request without a date', () =>
      spec.given(given).when(resolve({ kind: 'REQUEST_UPDATE', fromOrganisationId: ccg })).thenThrows(ValidationError, expectField('resolution.byDate', 'required')));

    it('refuses a date that is not a calendar date', () =>
      spec.given(given).when(resolve({ kind: 'REQUEST_UPDATE', byDate: '31.03.21' })).thenThrows(ValidationError, expectField('resolution.byDate', 'isDate')));

    it('refuses a date before the meeting', () =>
      spec.given(given).when(resolve({ kind: 'REQUEST_UPDATE', byDate: '2020-11-18' })).thenThrows(ValidationError, expectField('resolution.byDate', 'notBeforeMeeting')));

    it('refuses an organisation that is not a member of the partnership', () =>
      spec
        .given(given)
        .when(resolve({ kind: 'REQUEST_UPDATE', byDate: '2021-03-31', fromOrganisationId: outsider }))
        .thenThrows(ValidationError, expectField('resolution.fromOrganisationId', 'partnershipMember')));
  });

  describe('another resolution', () => {
    it('refuses one without its text', () =>
      spec.given(given).when(resolve({ kind: 'OTHER', text: null })).thenThrows(ValidationError, expectField('resolution.text', 'required')));

    it('refuses invisible text', () =>
      spec.given(given).when(resolve({ kind: 'OTHER', text: '\u200B' })).thenThrows(ValidationError, expectField('resolution.text', 'visible')));

    it('refuses text longer than 1000 characters', () =>
      spec.given(given).when(resolve({ kind: 'OTHER', text: 'x'.repeat(1001) })).thenThrows(ValidationError, expectField('resolution.text', 'maxLength')));
  });
});

describe('actions raised at an item', () => {
  const given = [scheduled, held];
  const raising = (actionsRaised: RecordMinuteItem['data']['actionsRaised'], data: Partial<RecordMinuteItem['data']> = {}) =>
    item({ resolution: { kind: 'NOTE' }, earlierMeeting: null, actionsRaised, ...data });
  const action = { actionRef: adhdChiefConstable, title: pccRaisesAdhd.title, owningOrganisationId: policeAndCrimeCommissioner, dueDate: '2021-01-28' };
  const raised = { ...pccRaisesAdhd, leadMemberId: null };

  it('raises an action due on the day of the meeting', () =>
    spec
      .given(given)
      .when(raising([{ ...action, dueDate: '2020-11-19' }]))
      .then([itemRecorded({ resolution: { kind: 'NOTE' }, actionsRaised: [{ ...raised, dueDate: '2020-11-19' }] })]));

  it('links an action to an endorsed commitment', () =>
    spec
      .given(given)
      .when(raising([{ ...action, commitmentId: mentalHealthFriendlyCity }], { commitments: { [mentalHealthFriendlyCity]: active() } }))
      .then([itemRecorded({ resolution: { kind: 'NOTE' }, actionsRaised: [{ ...raised, commitmentId: mentalHealthFriendlyCity }] })]));

  it('links an action to a commitment the same item endorses', () =>
    spec
      .given(given)
      .when(
        raising([{ ...action, commitmentId: framework }], {
          resolution: { kind: 'ENDORSE_COMMITMENT', commitmentId: framework },
          commitments: { [framework]: proposed() },
        }),
      )
      .then([itemRecorded({ resolution: { kind: 'ENDORSE_COMMITMENT', commitmentId: framework }, actionsRaised: [{ ...raised, commitmentId: framework }] })]));

  it('refuses an action reference that is not a UUID', () =>
    spec.given(given).when(raising([{ ...action, actionRef: 'A13' }])).thenThrows(ValidationError, expectField('actionsRaised.0.actionRef', 'isUuid')));

  it('refuses an action reference used twice at one item', () =>
    spec.given(given).when(raising([action, { ...action, title: 'Again' }])).thenThrows(ValidationError, expectField('actionsRaised.1.actionRef', 'unique')));

  it('refuses an action reference already raised at an earlier item of the meeting', () =>
    spec
      .given([...given, minute9, minute10, minute11])
      .when(raising([{ ...action, actionRef: workstreamDocument }], { number: '12' }))
      .thenThrows(ValidationError, expectField('actionsRaised.0.actionRef', 'unique')));

  it('refuses a blank title', () =>
    spec.given(given).when(raising([{ ...action, title: ' ' }])).thenThrows(ValidationError, expectField('actionsRaised.0.title', 'notEmpty')));

  it('refuses an action with no owner', () =>
    spec
      .given(given)
      .when(raising([{ ...action, owningOrganisationId: null, everyMemberOrganisation: false }]))
      .thenThrows(ValidationError, expectField('actionsRaised.0.owningOrganisationId', 'required')));

  it('refuses an action owned both by one organisation and by every one', () =>
    spec
      .given(given)
      .when(raising([{ ...action, everyMemberOrganisation: true }]))
      .thenThrows(ValidationError, expectField('actionsRaised.0.owningOrganisationId', 'oneOwner')));

  it('refuses an owner that is not a member of the partnership', () =>
    spec
      .given(given)
      .when(raising([{ ...action, owningOrganisationId: outsider }]))
      .thenThrows(ValidationError, expectField('actionsRaised.0.owningOrganisationId', 'partnershipMember')));

  it('refuses an action for every member organisation of a partnership with none', () =>
    spec
      .given(given)
      .when(raising([{ ...action, owningOrganisationId: null, everyMemberOrganisation: true }], { partnership: { ...partnership, organisationIds: [] } }))
      .thenThrows(ValidationError, expectField('actionsRaised.0.everyMemberOrganisation', 'hasMembers')));

  it('refuses a single lead for an action of every member organisation', () =>
    spec
      .given(given)
      .when(raising([{ ...action, owningOrganisationId: null, everyMemberOrganisation: true, leadMemberId: chair }]))
      .thenThrows(ValidationError, expectField('actionsRaised.0.leadMemberId', 'notAllowed')));

  it('refuses a lead who does not sit on the board', () =>
    spec.given(given).when(raising([{ ...action, leadMemberId: notOnTheBoard }])).thenThrows(ValidationError, expectField('actionsRaised.0.leadMemberId', 'boardMember')));

  it('refuses an action without a due date', () =>
    spec.given(given).when(raising([{ ...action, dueDate: '' }])).thenThrows(ValidationError, expectField('actionsRaised.0.dueDate', 'isDate')));

  it('refuses a due date before the meeting', () =>
    spec.given(given).when(raising([{ ...action, dueDate: '2020-11-18' }])).thenThrows(ValidationError, expectField('actionsRaised.0.dueDate', 'notBeforeMeeting')));

  it('refuses a commitment that does not exist', () =>
    spec
      .given(given)
      .when(raising([{ ...action, commitmentId: unknownCommitment }], { commitments: { [framework]: proposed() } }))
      .thenThrows(NotFoundError, expectNotFound('Commitment', unknownCommitment, 'actionsRaised.0.commitmentId')));

  it("refuses another partnership's commitment", () =>
    spec
      .given(given)
      .when(raising([{ ...action, commitmentId: llrCommitment }], { commitments: { [llrCommitment]: active(llr) } }))
      .thenThrows(ValidationError, expectField('actionsRaised.0.commitmentId', 'samePartnership')));

  it('refuses a commitment not yet endorsed, unless this item endorses it', () =>
    spec
      .given(given)
      .when(raising([{ ...action, commitmentId: framework }], { commitments: { [framework]: proposed() } }))
      .thenThrows(ValidationError, expectField('actionsRaised.0.commitmentId', 'activeCommitment')));

  it('refuses a closed commitment', () =>
    spec
      .given(given)
      .when(raising([{ ...action, commitmentId: mentalHealthFriendlyCity }], { commitments: { [mentalHealthFriendlyCity]: { ...active(), status: 'MISSED' } } }))
      .thenThrows(ValidationError, expectField('actionsRaised.0.commitmentId', 'activeCommitment')));

  it('refuses a commitment made after the meeting, its actions being planned on the meeting’s date', () =>
    spec
      .given(given)
      .when(raising([{ ...action, commitmentId: mentalHealthFriendlyCity }], { commitments: { [mentalHealthFriendlyCity]: { ...active(), madeOn: '2020-11-20' } } }))
      .thenThrows(ValidationError, (error) => {
        expectField('actionsRaised.0.commitmentId', 'notBeforeCommitment')(error);
        expect(error.message).toContain('2020-11-20');
      }));

  it('raises an action under a commitment made on the day of the meeting', () =>
    spec
      .given(given)
      .when(raising([{ ...action, commitmentId: mentalHealthFriendlyCity }], { commitments: { [mentalHealthFriendlyCity]: { ...active(), madeOn: '2020-11-19' } } }))
      .then([itemRecorded({ resolution: { kind: 'NOTE' }, actionsRaised: [{ ...raised, commitmentId: mentalHealthFriendlyCity }] })]));

  it('refuses more than 20 actions at one item', () =>
    spec
      .given(given)
      .when(raising(Array.from({ length: 21 }, () => action)))
      .thenThrows(ValidationError, expectField('actionsRaised', 'maxItems')));
});

describe('the meeting of 25 March 2021 confirms the minutes of 19 November 2020', () => {
  const marchGiven = [marchScheduled, marchHeld];

  it('records the resolution at its first item, on its own stream', () => spec.given(marchGiven).when(marchItem()).then([marchMinute1]));

  it('endorses the LLR framework and raises an action for every organisation under it', () => {
    const endorseFramework = marchItem({
      number: '2',
      title: 'LLR System Health Inequalities Framework',
      presenter: { memberId: directorOfPublicHealth },
      text: 'The Board was asked to COMMENT on and ENDORSE the framework.',
      resolution: { kind: 'ENDORSE_COMMITMENT', commitmentId: framework },
      earlierMeeting: null,
      commitments: { [framework]: proposed() },
      actionsRaised: [{ actionRef: heaTool, title: 'Adopt the standard Health Equity Audit tool', everyMemberOrganisation: true, dueDate: '2021-10-30', commitmentId: framework }],
    });
    spec
      .given([...marchGiven, marchMinute1])
      .when(endorseFramework)
      .then([
        itemRecorded(
          {
            meetingId: march,
            number: '2',
            position: 2,
            title: 'LLR System Health Inequalities Framework',
            presenter: { memberId: directorOfPublicHealth, role: null },
            text: 'The Board was asked to COMMENT on and ENDORSE the framework.',
            resolution: { kind: 'ENDORSE_COMMITMENT', commitmentId: framework },
            actionsRaised: [
              {
                actionRef: heaTool,
                title: 'Adopt the standard Health Equity Audit tool',
                everyMemberOrganisation: true,
                owningOrganisationIds: partnership.organisationIds as string[],
                leadMemberId: null,
                dueDate: '2021-10-30',
                commitmentId: framework,
              },
            ],
          },
          onThe25th,
        ),
      ]);
  });

  it("confirms the November minutes on November's stream", () => {
    spec.given(novemberMinutes).when(confirm()).then([novemberConfirmed]);
    const november = fold([...novemberMinutes, novemberConfirmed]);
    expect(meetingFacts(november).status).toBe('MINUTES_CONFIRMED');
  });

  it('confirms them at a meeting held whose minutes are not yet drafted (confirmMinutes on its own)', () =>
    spec
      .given(novemberMinutes)
      .when(confirm({ confirmingMeeting: meetingFacts(fold(marchGiven)) }))
      .then([novemberConfirmed]));

  it('completes a confirmation interrupted after the confirming meeting recorded it and had its own minutes confirmed', () =>
    spec
      .given(novemberMinutes)
      .when(confirm({ confirmingMeeting: { ...meetingFacts(fold([...marchGiven, marchMinute1])), status: 'MINUTES_CONFIRMED' } }))
      .then([novemberConfirmed]));

  it('refuses confirming twice', () =>
    spec
      .given([...novemberMinutes, novemberConfirmed])
      .when(confirm())
      .thenThrows(IllegalStateError, expectMessage(new RegExp(`already confirmed, at meeting ${march}`))));

  it('refuses confirming before the minutes are drafted', () => {
    spec.given([scheduled, held]).when(confirm()).thenThrows(IllegalStateError, expectMessage(/HELD: there are no drafted minutes/));
    spec.given([scheduled]).when(confirm()).thenThrows(IllegalStateError, expectMessage(/SCHEDULED: there are no drafted minutes/));
  });

  it('refuses a meeting that was never scheduled', () =>
    spec.given([]).when(confirm()).thenThrows(NotFoundError, expectNotFound('Meeting', november, 'meetingId')));

  it('refuses a confirming meeting id that is not a UUID', () =>
    spec.given(novemberMinutes).when(confirm({ confirmedAtMeetingId: 'next meeting' })).thenThrows(ValidationError, expectField('confirmedAtMeetingId', 'isUuid')));

  it('refuses confirming at itself', () =>
    spec
      .given(novemberMinutes)
      .when(confirm({ confirmedAtMeetingId: november, confirmedOn: '2020-11-19', confirmingMeeting: novemberDrafted }))
      .thenThrows(ValidationError, expectField('confirmedAtMeetingId', 'notSelf')));

  it('refuses a confirming meeting that was never scheduled', () =>
    spec
      .given(novemberMinutes)
      .when(confirm({ confirmingMeeting: meetingFacts(fold([])) }))
      .thenThrows(NotFoundError, expectNotFound('Meeting', march, 'confirmedAtMeetingId')));

  it("refuses another partnership's meeting", () =>
    spec
      .given(novemberMinutes)
      .when(confirm({ confirmingMeeting: meetingFacts(fold([scheduledOn(march, '2021-03-25', llr), marchHeld])) }))
      .thenThrows(ValidationError, expectField('confirmedAtMeetingId', 'samePartnership')));

  it('refuses an earlier meeting, or one on the same day', () => {
    spec
      .given(novemberMinutes)
      .when(confirm({ confirmedAtMeetingId: september, confirmedOn: '2020-09-24', confirmingMeeting: septemberDrafted }))
      .thenThrows(ValidationError, expectField('confirmedAtMeetingId', 'laterMeeting'));
    spec
      .given(novemberMinutes)
      .when(confirm({ confirmedOn: '2020-11-19', confirmingMeeting: { ...novemberDrafted, date: '2020-11-19' } }))
      .thenThrows(ValidationError, expectField('confirmedAtMeetingId', 'laterMeeting'));
  });

  it('refuses a confirming meeting not yet held', () =>
    spec
      .given(novemberMinutes)
      .when(confirm({ confirmingMeeting: meetingFacts(fold([marchScheduled])) }))
      .thenThrows(ValidationError, expectField('confirmedAtMeetingId', 'held')));

  it('refuses a confirming meeting whose own confirmed minutes do not record it', () =>
    spec
      .given(novemberMinutes)
      .when(confirm({ confirmingMeeting: { ...meetingFacts(fold(marchGiven)), status: 'MINUTES_CONFIRMED' } }))
      .thenThrows(ValidationError, expectField('confirmedAtMeetingId', 'minutesOpen')));

  it('refuses a date other than the confirming meeting’s', () => {
    spec.given(novemberMinutes).when(confirm({ confirmedOn: '2021-03-26' })).thenThrows(ValidationError, expectField('confirmedOn', 'meetingDate'));
    spec.given(novemberMinutes).when(confirm({ confirmedOn: '25/03/2021' })).thenThrows(ValidationError, expectField('confirmedOn', 'isDate'));
  });
});

describe('the whole record of 19 November 2020, replayed', () => {
  it('moves SCHEDULED → HELD → MINUTES_DRAFTED → MINUTES_CONFIRMED, each step decided from the events before it', () => {
    const commands = [schedule(), attend(), item(), minute10Command, minute11Command, minute12Command, minute13Command, minute14Command, confirm()];
    const statuses: (string | null)[] = [];
    const events = commands.reduce<MeetingEvent[]>((history, command) => {
      const decided = meetingDecider.decide(command, fold(history));
      statuses.push(meetingFacts(fold([...history, ...decided])).status);
      return [...history, ...decided];
    }, []);
    expect(events).toEqual([...novemberMinutes, novemberConfirmed]);
    expect(statuses).toEqual(['SCHEDULED', 'HELD', ...Array(6).fill('MINUTES_DRAFTED'), 'MINUTES_CONFIRMED']);
  });

  it('keeps no one’s name in its events: members by id, presenters by role', () => {
    const logged = JSON.stringify([...novemberMinutes, novemberConfirmed]);
    for (const name of ['Dempster', 'Browne', 'Russell', 'Cllr', 'Dr ']) expect(logged).not.toContain(name);
  });
});

describe('meeting facts for other streams', () => {
  it('says a meeting never scheduled does not exist', () =>
    expect(meetingFacts(meetingDecider.initialState())).toEqual({ exists: false, partnershipId: null, date: null, status: null, confirmsMinutesOf: [] }));

  it('gives the partnership, date, status and the minutes its items confirmed', () =>
    expect(meetingFacts(fold([...novemberMinutes, novemberConfirmed]))).toEqual({
      exists: true,
      partnershipId: leicester,
      date: '2020-11-19',
      status: 'MINUTES_CONFIRMED',
      confirmsMinutesOf: [september],
    }));

  it('ignores events that reach a stream with no meeting scheduled', () => {
    const ignored = [held, minute9, novemberConfirmed];
    expect(fold(ignored)).toEqual({ status: 'NotScheduled' });
  });
});
