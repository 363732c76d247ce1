import { describe, it } from '@jest/globals';
import { meetingStreamId, type MeetingEvent } from '@ledger/domain';
import { inStream, ProjectionSpecification } from '../testing/index.js';
import { MeetingsQueries } from './meetings.queries.js';
import { meetingsProjection } from './meetings.projection.js';

const partnershipId = '0190a1b2-0000-7000-8000-0000000000a1';
const [november, march] = ['b1', 'b2'].map((suffix) => `0190a1b2-0000-7000-8000-0000000000${suffix}`) as [string, string];
const [chair, officer, absent] = ['c1', 'c2', 'c3'].map((suffix) => `0190a1b2-0000-7000-8000-0000000000${suffix}`) as [string, string, string];
const [council, ccg] = ['d1', 'd2'].map((suffix) => `0190a1b2-0000-7000-8000-0000000000${suffix}`) as [string, string];
const actionRef = '0190a1b2-0000-7000-8000-0000000000e1';
const at = '2020-11-19T18:00:00.000Z';
const declarationId = '0190a6c2-dec1-7000-8000-000000000001';

const scheduled = (meetingId: string, date: string): MeetingEvent => ({
  type: 'MeetingScheduled',
  data: { meetingId, partnershipId, date, startTime: '09:30', format: 'ONLINE', place: null, link: 'https://zoom.example/j/1', title: 'Health and Wellbeing Board', scheduledAt: at },
});
const attended = (meetingId: string, correction = false): MeetingEvent => ({
  type: 'AttendanceRecorded',
  data: {
    meetingId,
    attendance: [
      { memberId: chair, presence: 'PRESENT' },
      { memberId: officer, presence: 'IN_ATTENDANCE' },
      { memberId: absent, presence: 'APOLOGIES' },
    ],
    declarations: correction ? [] : [{ declarationId, memberId: chair }],
    correction,
    recordedAt: at,
  },
});
const raised = {
  actionRef,
  title: 'Take this conversation back to their organisations',
  everyMemberOrganisation: true,
  owningOrganisationIds: [council, ccg],
  leadMemberId: null,
  dueDate: '2021-03-25',
  commitmentId: null,
};
const allMembersAction: MeetingEvent = {
  type: 'MinuteItemRecorded',
  data: {
    meetingId: november,
    number: '5',
    position: 1,
    title: 'Black Lives Matter and health inequalities',
    presenter: { memberId: null, role: 'Director of Public Health' },
    visibility: 'PUBLIC',
    text: 'The Board discussed the report.',
    resolution: { kind: 'NOTE' },
    actionsRaised: [raised],
    recordedAt: at,
  },
};
const confirming: MeetingEvent = {
  type: 'MinuteItemRecorded',
  data: {
    meetingId: march,
    number: '3',
    position: 1,
    title: 'Minutes of the previous meeting',
    presenter: { memberId: chair, role: null },
    visibility: 'PUBLIC',
    text: 'The minutes of 19 November 2020 were confirmed as a correct record.',
    resolution: { kind: 'CONFIRM_MINUTES', meetingId: november },
    actionsRaised: [],
    recordedAt: at,
  },
};
const confirmed: MeetingEvent = { type: 'MinutesConfirmed', data: { meetingId: november, confirmedAtMeetingId: march, confirmedOn: '2021-03-25', confirmedAt: at } };

const onNovember = (...events: MeetingEvent[]) => inStream(meetingStreamId(november), ...events);
const onMarch = (...events: MeetingEvent[]) => inStream(meetingStreamId(march), ...events);

/** Meetings and their minutes fed through the runner: rows after the events, and after a rebuild. */
describe('meetings read model', () => {
  const spec = ProjectionSpecification.for(meetingsProjection);

  it('keeps a scheduled meeting with its date, time and venue', async () => {
    await spec.given(onNovember(scheduled(november, '2020-11-19'))).then((db) => new MeetingsQueries(db).meeting(november), {
      id: november,
      partnershipId,
      date: '2020-11-19',
      startTime: '09:30',
      format: 'ONLINE',
      place: null,
      link: 'https://zoom.example/j/1',
      title: 'Health and Wellbeing Board',
      status: 'SCHEDULED',
      confirmedAtMeetingId: null,
      confirmedOn: null,
      scheduledAt: at,
      revision: 0,
    });
  });

  it('marks a meeting held with its attendance and declarations, a correction replacing both', async () => {
    const given = spec.given(onNovember(scheduled(november, '2020-11-19'), attended(november), attended(november, true)));
    await given.then('SELECT status, revision FROM meetings', [{ status: 'HELD', revision: 2 }]);
    await given.then((db) => new MeetingsQueries(db).attendance(november), [
      { meetingId: november, memberId: chair, presence: 'PRESENT' },
      { meetingId: november, memberId: officer, presence: 'IN_ATTENDANCE' },
      { meetingId: november, memberId: absent, presence: 'APOLOGIES' },
    ]);
    await given.then((db) => new MeetingsQueries(db).declarations(november), []);
  });

  it('keeps the declarations of the attendance recorded', async () => {
    await spec
      .given(onNovember(scheduled(november, '2020-11-19'), attended(november)))
      .then((db) => new MeetingsQueries(db).declarations(november), [{ meetingId: november, memberId: chair, declarationId }]);
  });

  it('does not copy the text of a declaration from an event written before declaration ids', async () => {
    const early = attended(november);
    const withText = { ...early, data: { ...early.data, declarations: [{ memberId: chair, interest: 'Trustee of a local carers’ charity' }] } } as unknown as MeetingEvent;
    const given = spec.given(onNovember(scheduled(november, '2020-11-19'), withText));
    await given.then((db) => new MeetingsQueries(db).declarations(november), [{ meetingId: november, memberId: chair, declarationId: null }]);
    await given.then('SELECT * FROM meeting_declarations', [{ meeting_id: november, position: 1, member_id: chair, declaration_id: null }]);
  });

  it('keeps minute items in order with their resolution and the actions raised at them', async () => {
    const given = spec.given(onNovember(scheduled(november, '2020-11-19'), attended(november), allMembersAction));
    await given.then('SELECT status FROM meetings', [{ status: 'MINUTES_DRAFTED' }]);
    await given.then((db) => new MeetingsQueries(db).items(november), [
      {
        meetingId: november,
        position: 1,
        number: '5',
        title: 'Black Lives Matter and health inequalities',
        presenterMemberId: null,
        presenterRole: 'Director of Public Health',
        visibility: 'PUBLIC',
        text: 'The Board discussed the report.',
        resolutionKind: 'NOTE',
        resolutionMeetingId: null,
        resolutionCommitmentId: null,
        resolutionByDate: null,
        resolutionFromOrganisationId: null,
        resolutionText: null,
        recordedAt: at,
      },
    ]);
    await given.then((db) => new MeetingsQueries(db).actionsRaised(november), [
      { meetingId: november, itemPosition: 1, itemNumber: '5', ...raised },
    ]);
  });

  it('confirms the minutes of one meeting at a later one', async () => {
    const given = spec.given([
      ...onNovember(scheduled(november, '2020-11-19'), attended(november), allMembersAction),
      ...onMarch(scheduled(march, '2021-03-25'), attended(march), confirming),
      ...onNovember(confirmed),
    ]);
    await given.then('SELECT id, status, confirmed_at_meeting_id, confirmed_on, revision FROM meetings ORDER BY date', [
      { id: november, status: 'MINUTES_CONFIRMED', confirmed_at_meeting_id: march, confirmed_on: '2021-03-25', revision: 3 },
      { id: march, status: 'MINUTES_DRAFTED', confirmed_at_meeting_id: null, confirmed_on: null, revision: 2 },
    ]);
    await given.then(
      (db) => new MeetingsQueries(db).items(march).map(({ resolutionKind, resolutionMeetingId }) => ({ resolutionKind, resolutionMeetingId })),
      [{ resolutionKind: 'CONFIRM_MINUTES', resolutionMeetingId: november }],
    );
  });

  it('finds the actions raised at any of the partnership’s meetings, with the date they were raised', async () => {
    await spec
      .given(onNovember(scheduled(november, '2020-11-19'), attended(november), allMembersAction))
      .then((db) => new MeetingsQueries(db).actionsRaisedInPartnership(partnershipId).map(({ actionRef: ref, meetingId, itemNumber, meetingDate }) => ({ ref, meetingId, itemNumber, meetingDate })), [
        { ref: actionRef, meetingId: november, itemNumber: '5', meetingDate: '2020-11-19' },
      ]);
  });

  it('lists a partnership’s meetings between two dates, in date order, a page at a time', async () => {
    const given = spec.given([...onMarch(scheduled(march, '2021-03-25')), ...onNovember(scheduled(november, '2020-11-19'))]);
    await given.then((db) => new MeetingsQueries(db).meetings(partnershipId, null, null, { afterSequence: 0, limit: 5 }).map(({ id, sequence }) => ({ id, sequence })), [
      { id: november, sequence: 1 },
      { id: march, sequence: 2 },
    ]);
    await given.then((db) => new MeetingsQueries(db).meetings(partnershipId, '2021-01-01', null, { afterSequence: 0, limit: 5 }).map(({ id }) => id), [march]);
    await given.then((db) => new MeetingsQueries(db).meetings(partnershipId, null, '2020-12-31', { afterSequence: 0, limit: 5 }).map(({ id }) => id), [november]);
    await given.then((db) => new MeetingsQueries(db).meetings(partnershipId, null, null, { afterSequence: 1, limit: 5 }).map(({ id }) => id), [march]);
    await given.then((db) => new MeetingsQueries(db).meetingCount(partnershipId, '2020-11-19', '2021-03-25'), 2);
    await given.then((db) => new MeetingsQueries(db).meetingCount('0190a1b2-0000-7000-8000-0000000000ff', null, null), 0);
  });
});
