import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { ApiProcess, newDataDir, runCli, TEST_JWT_SECRET, tokenOf } from './support/api-process.js';

const secretariat = await tokenOf('secretariat@leicester.example', { name: 'Leicester Board Secretary' });
const leedsSecretariat = await tokenOf('secretariat@leeds.example', { name: 'Leeds Board Secretary' });
const auditor = await tokenOf('auditor@leicester.example');

/** The people of these minutes: names live in the personal-data store, never in an event. */
const MEMBERS = [
  { name: 'Vi Dempster', roleTitle: 'Chair, Assistant City Mayor' },
  { name: 'Ivan Browne', roleTitle: 'Director of Public Health' },
  { name: 'Mark Wightman', roleTitle: 'Clinical Commissioning Group Director' },
];
/** A declaration of interest is a personal disclosure: its text too lives in the personal-data store. */
const INTEREST = 'Trustee of a local mental health charity';

/**
 * Leicester City Health and Wellbeing Board over GraphQL: the meeting of 19 November 2020 (the
 * minutes of 24 September confirmed, a report noted, an update requested, an action for every member
 * organisation), then 25 March 2021, which confirms the November minutes and endorses the LLR framework.
 * The API restarts on each meeting's day (LEDGER_CLOCK_NOW), as attendance is taken from the day itself.
 */
describe('board meetings and their minutes over GraphQL', () => {
  const dataDir = newDataDir();
  let api: ApiProcess;
  let partnershipId: string;
  let council: string;
  let ccg: string;
  let memberIds: string[];
  let september: string;
  let november: string;
  let march: string;
  let framework: string;
  let mentalHealth: string;
  let februaryAction: string;
  let adhd: Record<'council' | 'ccg', string>;
  let workstreamAction: string;
  let conversation: Record<'council' | 'ccg', string>;
  const conversationRef = '0190a1b2-0000-7000-8000-00000000ad13';
  const UPDATE = `mutation($input: SubmitActionUpdateInput!) { submitActionUpdate(input: $input) { update { id } } }`;

  const call = async (query: string, variables: object, token = secretariat) => api.graphql<any>(query, variables, token);
  const ok = async (query: string, variables: object, token = secretariat) => {
    const response = await call(query, variables, token);
    expect(response.errors).toBeUndefined();
    return response.data;
  };
  const head = async () => (await api.graphql<any>('{ health { store { headPosition } } }', undefined, secretariat)).data.health.store.headPosition;
  const startOn = async (now: string) => {
    await api?.stop();
    api = await ApiProcess.start({ dataDir, env: { LEDGER_CLOCK_NOW: now } });
  };

  const MEETING_FIELDS = `id date startTime format place link title status confirmedAtMeetingId confirmedOn revision
    attendance { memberId presence } declarations { memberId interest }
    items { number position title presenterMemberId presenterRole visibility text
      resolution { kind meetingId commitmentId byDate fromOrganisationId text }
      actionsRaised { actionRef title everyMemberOrganisation owningOrganisationIds leadMemberId dueDate commitmentId actionIds } }`;
  const SCHEDULE = `mutation($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { meeting { id status revision } position } }`;
  const ATTEND = `mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { meeting { id status revision } position } }`;
  const ITEM = `mutation($input: RecordMinuteItemInput!) { recordMinuteItem(input: $input) { meeting { id status revision } position clientMutationId } }`;
  const MEETING = `query($id: ID!) { meeting(id: $id) { ${MEETING_FIELDS} } }`;

  const schedule = async (date: string, format = 'ONLINE') =>
    (await ok(SCHEDULE, {
      input: { partnershipId, date, startTime: '17:30', format, ...(format === 'ONLINE' ? { link: 'https://zoom.example/j/hwb' } : { place: 'City Hall, Leicester' }), title: 'Health and Wellbeing Board' },
    })).scheduleMeeting.meeting.id as string;
  const attend = (meetingId: string, declarations: object[] = []) =>
    ok(ATTEND, {
      input: {
        meetingId,
        attendance: [
          { memberId: memberIds[0], presence: 'PRESENT' },
          { memberId: memberIds[1], presence: 'IN_ATTENDANCE' },
          { memberId: memberIds[2], presence: 'APOLOGIES' },
        ],
        declarations,
      },
    });
  const item = (meetingId: string, number: string, title: string, resolution: object, extra: object = {}) =>
    ok(ITEM, { input: { meetingId, number, title, presenter: { role: 'Chair' }, visibility: 'PUBLIC', text: `${title}.`, resolution, ...extra } });

  beforeAll(async () => {
    await startOn('2020-09-24T18:00:00.000Z');
    const admin = await api.adminToken();
    const form = async (name: string) =>
      (await ok(`mutation($input: FormPartnershipInput!) { formPartnership(input: $input) { partnership { id } } }`, { input: { name, level: 'PLACE' } }, admin)).formPartnership
        .partnership.id as string;
    partnershipId = await form('Leicester City Health and Wellbeing Board');
    const leeds = await form('Leeds Health and Wellbeing Board');
    await api.grant('secretariat@leicester.example', 'SECRETARIAT', { partnershipId });
    await api.grant('secretariat@leeds.example', 'SECRETARIAT', { partnershipId: leeds });
    await api.grant('auditor@leicester.example', 'AUDITOR', { partnershipId });
    const register = async (name: string, sector: string) => {
      const data = await ok(`mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { organisation { id } } }`, { input: { name, sector } }, admin);
      const organisationId = data.registerOrganisation.organisation.id as string;
      await ok(`mutation($input: JoinPartnershipInput!) { joinPartnership(input: $input) { position } }`, { input: { partnershipId, organisationId } });
      return organisationId;
    };
    council = await register('Leicester City Council', 'LOCAL_GOVERNMENT');
    ccg = await register('Leicester City Clinical Commissioning Group', 'HEALTH');
    memberIds = [];
    for (const [index, member] of MEMBERS.entries()) {
      const appointed = await ok(`mutation($input: AppointMemberInput!) { appointMember(input: $input) { member { id } } }`, {
        input: { partnershipId, organisationId: index === 2 ? ccg : council, ...member },
      });
      memberIds.push(appointed.appointMember.member.id);
    }
    const made = await ok(`mutation($input: MakeCommitmentInput!) { makeCommitment(input: $input) { commitment { id } } }`, {
      input: { partnershipId, owningOrganisationId: council, title: 'LLR System Health Inequalities Framework', description: 'Draft 10.1.' },
    });
    framework = made.makeCommitment.commitment.id;
    const friendly = await ok(`mutation($input: MakeCommitmentInput!) { makeCommitment(input: $input) { commitment { id } } }`, {
      input: { partnershipId, owningOrganisationId: council, title: 'Mental Health Friendly City', description: 'Mental health in every service.' },
    });
    mentalHealth = friendly.makeCommitment.commitment.id;
    await ok(`mutation($input: EndorseCommitmentInput!) { endorseCommitment(input: $input) { position } }`, { input: { commitmentId: mentalHealth, endorsedOn: '2020-09-24' } });
    // Planned outside any meeting: one due between November and March, one due after March.
    const plan = async (title: string, dueDate: string) =>
      (await ok(`mutation($input: PlanActionInput!) { planAction(input: $input) { actions { id } } }`, { input: { commitmentId: mentalHealth, owningOrganisationId: council, title, dueDate } }))
        .planAction.actions[0].id as string;
    februaryAction = await plan('Mental health first aid for front-line staff', '2021-02-28');
    await plan('Mental Health Friendly City charter', '2021-09-30');

    // 24 September 2020, back-filled: held, one item minuted.
    september = await schedule('2020-09-24');
    await attend(september);
    await item(september, '1', 'Covid-19 update', { kind: 'NOTE' });
    november = await schedule('2020-11-19');
    march = await schedule('2021-03-25', 'IN_PERSON');
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('lists the board’s meetings in date order, between two dates', async () => {
    const all = await ok(`query($p: ID!) { meetings(partnershipId: $p, first: 2) { totalCount nodes { id date status } pageInfo { hasNextPage endCursor } } }`, { p: partnershipId });
    expect(all.meetings).toMatchObject({ totalCount: 3, nodes: [{ id: september, status: 'MINUTES_DRAFTED' }, { id: november, status: 'SCHEDULED' }], pageInfo: { hasNextPage: true } });
    const rest = await ok(`query($p: ID!, $a: String) { meetings(partnershipId: $p, after: $a) { nodes { id } } }`, { p: partnershipId, a: all.meetings.pageInfo.endCursor });
    expect(rest.meetings.nodes).toEqual([{ id: march }]);
    const between = await ok(`query($p: ID!) { meetings(partnershipId: $p, from: "2020-10-01", to: "2020-12-31") { totalCount nodes { id } } }`, { p: partnershipId });
    expect(between.meetings).toEqual({ totalCount: 1, nodes: [{ id: november }] });
    const bad = await call(`query($p: ID!) { meetings(partnershipId: $p, from: "19/11/2020") { totalCount } }`, { p: partnershipId });
    expect(bad.errors?.[0]?.message).toBe('from must be a calendar date written YYYY-MM-DD');
  });

  it('refuses attendance before the day of the meeting, writing nothing', async () => {
    const before = await head();
    const response = await call(ATTEND, { input: { meetingId: november, attendance: [{ memberId: memberIds[0], presence: 'PRESENT' }] } });
    expect(response.errors?.[0]?.message).toContain('attendance is recorded from that day');
    expect(await head()).toBe(before);
  });

  it('minutes the meeting of 19 November 2020, confirming the minutes of 24 September', async () => {
    await startOn('2020-11-19T19:00:00.000Z');
    await attend(november, [{ memberId: memberIds[0], interest: INTEREST }]);
    // The same declaration again keeps its id: the correction changes nothing, is refused, and files no second copy.
    const before = await head();
    const unchanged = await call(ATTEND, {
      input: {
        meetingId: november,
        attendance: [
          { memberId: memberIds[0], presence: 'PRESENT' },
          { memberId: memberIds[1], presence: 'IN_ATTENDANCE' },
          { memberId: memberIds[2], presence: 'APOLOGIES' },
        ],
        declarations: [{ memberId: memberIds[0], interest: ` ${INTEREST} ` }],
      },
    });
    expect(unchanged.errors?.[0]?.message).toBe('The attendance and declarations are already recorded as given');
    expect(await head()).toBe(before);
    const people = new Database(join(dataDir, 'personal-data.sqlite'), { readonly: true });
    try {
      expect(people.prepare('SELECT text FROM declarations').pluck().all()).toEqual([INTEREST]);
    } finally {
      people.close();
    }
    await item(november, '9', 'Minutes of the previous meeting', { kind: 'CONFIRM_MINUTES', meetingId: september });
    await item(november, '10', "Children's Safeguarding Annual Report", { kind: 'NOTE' });
    await item(november, '11', 'Progress against previous actions', { kind: 'OTHER', text: 'Workstream document to be shared with members' });
    await item(november, '12', 'Mental Health Friendly City', { kind: 'REQUEST_UPDATE', byDate: '2021-03-31', fromOrganisationId: council });
    const actionRef = '0190a1b2-0000-7000-8000-00000000ad11';
    await item(november, '13', 'ADHD awareness', { kind: 'NOTE' }, {
      actionsRaised: [{ actionRef, title: 'Raise ADHD awareness in own organisation', everyMemberOrganisation: true, dueDate: '2021-03-25', commitmentId: mentalHealth }],
    });
    // Raised without a commitment: planned all the same, linked to the meeting and item.
    const workstream = '0190a1b2-0000-7000-8000-00000000ad12';
    await item(november, '11(a)', 'Workstream document', { kind: 'NOTE' }, {
      actionsRaised: [{ actionRef: workstream, title: 'Share the workstream document with members', owningOrganisationId: ccg, dueDate: '2020-12-31' }],
    });
    // Raised of every member organisation, without a commitment: the Leicester minute, planned for each.
    await item(november, '14', 'Next meeting', { kind: 'OTHER', text: 'The next meeting to focus on health inequalities' }, {
      actionsRaised: [{ actionRef: conversationRef, title: 'Take this conversation back to their organisations', everyMemberOrganisation: true, dueDate: '2021-03-25' }],
    });

    const { meeting } = await ok(MEETING, { id: november });
    expect(meeting).toMatchObject({
      date: '2020-11-19',
      startTime: '17:30',
      format: 'ONLINE',
      link: 'https://zoom.example/j/hwb',
      place: null,
      status: 'MINUTES_DRAFTED',
      attendance: [
        { memberId: memberIds[0], presence: 'PRESENT' },
        { memberId: memberIds[1], presence: 'IN_ATTENDANCE' },
        { memberId: memberIds[2], presence: 'APOLOGIES' },
      ],
      declarations: [{ memberId: memberIds[0], interest: INTEREST }],
    });
    expect(meeting.items.map((i: { number: string; position: number; resolution: { kind: string } }) => [i.number, i.position, i.resolution.kind])).toEqual([
      ['9', 1, 'CONFIRM_MINUTES'],
      ['10', 2, 'NOTE'],
      ['11', 3, 'OTHER'],
      ['12', 4, 'REQUEST_UPDATE'],
      ['13', 5, 'NOTE'],
      ['11(a)', 6, 'NOTE'],
      ['14', 7, 'OTHER'],
    ]);
    expect(meeting.items[3].resolution).toEqual({ kind: 'REQUEST_UPDATE', meetingId: null, commitmentId: null, byDate: '2021-03-31', fromOrganisationId: council, text: null });
    const [raised] = meeting.items[4].actionsRaised;
    expect(raised).toEqual({
      actionRef,
      title: 'Raise ADHD awareness in own organisation',
      everyMemberOrganisation: true,
      owningOrganisationIds: [council, ccg],
      leadMemberId: null,
      dueDate: '2021-03-25',
      commitmentId: mentalHealth,
      actionIds: [expect.any(String), expect.any(String)],
    });
    adhd = { council: raised.actionIds[0], ccg: raised.actionIds[1] };
    // Raised without a commitment, it is planned all the same, linked to the meeting and item.
    expect(meeting.items[5].actionsRaised).toEqual([
      { actionRef: workstream, title: 'Share the workstream document with members', everyMemberOrganisation: false, owningOrganisationIds: [ccg], leadMemberId: null, dueDate: '2020-12-31', commitmentId: null, actionIds: [expect.any(String)] },
    ]);
    workstreamAction = meeting.items[5].actionsRaised[0].actionIds[0];
    expect(meeting.items[6].actionsRaised).toMatchObject([{ actionRef: conversationRef, owningOrganisationIds: [council, ccg], commitmentId: null, actionIds: [expect.any(String), expect.any(String)] }]);
    conversation = { council: meeting.items[6].actionsRaised[0].actionIds[0], ccg: meeting.items[6].actionsRaised[0].actionIds[1] };
    const planned = await ok(`query($id: ID!) { action(id: $id) { title status commitment { id } raisedAt { meetingId itemNumber actionRef } } }`, { id: workstreamAction });
    expect(planned.action).toEqual({ title: 'Share the workstream document with members', status: 'NOT_STARTED', commitment: null, raisedAt: { meetingId: november, itemNumber: '11(a)', actionRef: workstream } });
    // An update on the day of the meeting belongs to the review before it, not to the next one.
    await ok(UPDATE, { input: { actionId: februaryAction, status: 'ON_TRACK', whatHasHappened: 'Course booked' } });
    const previous = await ok(MEETING, { id: september });
    expect(previous.meeting).toMatchObject({ status: 'MINUTES_CONFIRMED', confirmedAtMeetingId: november, confirmedOn: '2020-11-19' });
  });

  it('refuses another partnership’s secretariat, and the auditor, writing nothing', async () => {
    const before = await head();
    const input = { meetingId: november, number: '15', title: 'Any other business', presenter: { role: 'Chair' }, visibility: 'PUBLIC', text: 'None.', resolution: { kind: 'NOTE' } };
    for (const token of [leedsSecretariat, auditor]) {
      const response = await call(ITEM, { input }, token);
      expect(response.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    }
    const read = await call(MEETING, { id: november }, leedsSecretariat);
    expect(read.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(await head()).toBe(before);
    // The auditor reads the minutes.
    expect((await ok(MEETING, { id: november }, auditor)).meeting.status).toBe('MINUTES_DRAFTED');
  });

  it('takes an update between the meetings', async () => {
    await startOn('2021-01-15T12:00:00.000Z');
    await ok(UPDATE, { input: { actionId: adhd.council, status: 'ON_TRACK', whatHasHappened: 'ADHD awareness in the staff bulletin', whatMoreIsToBeDone: 'Team briefings' } });
    await ok(UPDATE, { input: { actionId: conversation.council, status: 'ON_TRACK', whatHasHappened: 'Discussed at the council management team' } });
    // An action raised without a commitment takes updates like any other.
    await ok(UPDATE, { input: { actionId: workstreamAction, status: 'AT_RISK', whatHasHappened: 'Workstream document circulated to members', whatMoreIsToBeDone: 'Collect their comments' } });
  });

  it('confirms the November minutes at 25 March 2021 and endorses the framework there; a retry writes nothing', async () => {
    await startOn('2021-03-25T19:00:00.000Z');
    await attend(march);
    const input = {
      meetingId: march,
      number: '1',
      title: 'Minutes of the previous meeting',
      presenter: { memberId: memberIds[0] },
      visibility: 'PUBLIC',
      text: 'The minutes of the meeting held on 19 November 2020 were confirmed as a correct record.',
      resolution: { kind: 'CONFIRM_MINUTES', meetingId: november },
      clientMutationId: 'march-item-1',
    };
    const first = await ok(ITEM, { input });
    const before = await head();
    const retried = await ok(ITEM, { input });
    expect(retried.recordMinuteItem).toEqual(first.recordMinuteItem);
    expect(await head()).toBe(before);

    const engagement = '0190a1b2-0000-7000-8000-00000000ad21';
    await item(march, '2', 'LLR System Health Inequalities Framework', { kind: 'ENDORSE_COMMITMENT', commitmentId: framework }, {
      actionsRaised: [{ actionRef: engagement, title: 'Report on engagement with the framework', everyMemberOrganisation: true, dueDate: '2021-06-30', commitmentId: framework }],
    });
    const confirmed = await ok(MEETING, { id: november });
    expect(confirmed.meeting).toMatchObject({ status: 'MINUTES_CONFIRMED', confirmedAtMeetingId: march, confirmedOn: '2021-03-25' });
    const endorsed = await ok(`query($id: ID!) { commitment(id: $id) { status endorsedOn endorsedAtMeetingId } }`, { id: framework });
    expect(endorsed.commitment).toEqual({ status: 'ACTIVE', endorsedOn: '2021-03-25', endorsedAtMeetingId: march });

    // The action raised under the framework is planned for every member organisation, linked by its planId.
    const raised = (await ok(MEETING, { id: march })).meeting.items[1].actionsRaised[0];
    expect(raised.actionIds).toHaveLength(2);
    const planned = await ok(`query($id: ID!) { commitment(id: $id) { actions { nodes { id planId title dueDate status owningOrganisation { id } } } } }`, { id: framework });
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect([...planned.commitment.actions.nodes].sort(byId)).toEqual(
      [council, ccg].map((owner, index) => ({
        id: raised.actionIds[index],
        planId: engagement,
        title: 'Report on engagement with the framework',
        dueDate: '2021-06-30',
        status: 'NOT_STARTED',
        owningOrganisation: { id: owner },
      })).sort(byId),
    );

    // A board confirms only its own minutes: not at another partnership's meeting.
    const leeds = (await ok(`{ partnerships { nodes { id } } }`, {}, leedsSecretariat)).partnerships.nodes[0].id;
    const leedsMeeting = await ok(SCHEDULE, { input: { partnershipId: leeds, date: '2021-04-01', startTime: '14:00', format: 'ONLINE', link: 'https://leeds.example/hwb' } }, leedsSecretariat);
    const beforeForeign = await head();
    const foreign = await call(`mutation($input: ConfirmMinutesInput!) { confirmMinutes(input: $input) { position } }`, {
      input: { meetingId: march, confirmedAtMeetingId: leedsMeeting.scheduleMeeting.meeting.id },
    });
    expect(foreign.errors?.[0]?.message).toContain('another partnership');
    expect(await head()).toBe(beforeForeign);

    // Confirmed minutes are the record: they no longer change, and are not confirmed twice.
    const again = await call(`mutation($input: ConfirmMinutesInput!) { confirmMinutes(input: $input) { position } }`, { input: { meetingId: november, confirmedAtMeetingId: march } });
    expect(again.errors?.[0]?.message).toContain('already confirmed');
  });

  it('reviews progress since the last meeting: updated, silent, by owning organisation', async () => {
    const { progressSinceLastMeeting: progress } = await ok(
      `query($id: ID!) { progressSinceLastMeeting(meetingId: $id) { meetingId date previousMeetingId previousMeetingDate
         organisations { organisationId actions { actionId title dueDate status commitmentId raisedAt { meetingId itemNumber actionRef }
           updates { status submittedOn whatHasHappened whatMoreIsToBeDone } silent } } } }`,
      { id: march },
      auditor,
    );
    const adhdAction = { title: 'Raise ADHD awareness in own organisation', dueDate: '2021-03-25', commitmentId: mentalHealth, raisedAt: { meetingId: november, itemNumber: '13', actionRef: '0190a1b2-0000-7000-8000-00000000ad11' } };
    const conversationAction = { title: 'Take this conversation back to their organisations', dueDate: '2021-03-25', commitmentId: null, raisedAt: { meetingId: november, itemNumber: '14', actionRef: conversationRef } };
    // Left out: the charter (due after March, raised at no meeting) and the engagement reports (raised at this very meeting).
    // The workstream document, raised in November without a commitment, is reviewed like the rest.
    // Within an organisation the actions come in id order, and the ids of actions raised at a meeting are derived: compare in one order.
    const byId = <T extends { organisations: { actions: { actionId: string }[] }[] }>(report: T): T => ({
      ...report,
      organisations: report.organisations.map((organisation) => ({ ...organisation, actions: [...organisation.actions].sort((a, b) => a.actionId.localeCompare(b.actionId)) })),
    });
    expect(byId(progress)).toEqual(byId({
      meetingId: march,
      date: '2021-03-25',
      previousMeetingId: november,
      previousMeetingDate: '2020-11-19',
      organisations: [
        {
          organisationId: council,
          actions: [
            { actionId: februaryAction, title: 'Mental health first aid for front-line staff', dueDate: '2021-02-28', status: 'ON_TRACK', commitmentId: mentalHealth, raisedAt: null, updates: [], silent: true },
            {
              actionId: conversation.council,
              ...conversationAction,
              status: 'ON_TRACK',
              updates: [{ status: 'ON_TRACK', submittedOn: '2021-01-15', whatHasHappened: 'Discussed at the council management team', whatMoreIsToBeDone: null }],
              silent: false,
            },
            {
              actionId: adhd.council,
              ...adhdAction,
              status: 'ON_TRACK',
              updates: [{ status: 'ON_TRACK', submittedOn: '2021-01-15', whatHasHappened: 'ADHD awareness in the staff bulletin', whatMoreIsToBeDone: 'Team briefings' }],
              silent: false,
            },
          ],
        },
        {
          organisationId: ccg,
          actions: [
            { actionId: adhd.ccg, ...adhdAction, status: 'NOT_STARTED', updates: [], silent: true },
            { actionId: conversation.ccg, ...conversationAction, status: 'NOT_STARTED', updates: [], silent: true },
            {
              actionId: workstreamAction,
              title: 'Share the workstream document with members',
              dueDate: '2020-12-31',
              status: 'AT_RISK',
              commitmentId: null,
              raisedAt: { meetingId: november, itemNumber: '11(a)', actionRef: '0190a1b2-0000-7000-8000-00000000ad12' },
              updates: [{ status: 'AT_RISK', submittedOn: '2021-01-15', whatHasHappened: 'Workstream document circulated to members', whatMoreIsToBeDone: 'Collect their comments' }],
              silent: false,
            },
          ],
        },
      ],
    }));
  });

  it('writes no person’s name to the event log', async () => {
    const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
    try {
      const log = db.prepare<[], { text: string }>(`SELECT type || ' ' || data || ' ' || metadata AS text FROM events`).all().map((row) => row.text).join('\n');
      expect(log).toContain('MinuteItemRecorded');
      for (const name of [...MEMBERS.map((member) => member.name), 'Dempster', 'Leicester Board Secretary', 'Leeds Board Secretary']) expect({ name, found: log.includes(name) }).toEqual({ name, found: false });
      expect({ declaration: INTEREST, found: log.includes(INTEREST) }).toEqual({ declaration: INTEREST, found: false });
      expect(log).toContain('AttendanceRecorded');
    } finally {
      db.close();
    }
  });

  it('erases a member’s declarations with their person, while the meeting still reads who declared', async () => {
    const readModels = new Database(join(dataDir, 'read-models.sqlite'), { readonly: true });
    const personId = readModels.prepare<[string], string>('SELECT person_id FROM directory_members WHERE id = ?').pluck().get(memberIds[0]!)!;
    readModels.close();
    const erased = await runCli(['erase-person', personId], { LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: TEST_JWT_SECRET });
    expect(erased).toMatchObject({ code: 0, stdout: `Erased person ${personId}\n` });
    const { meeting } = await ok(MEETING, { id: november });
    expect(meeting.declarations).toEqual([{ memberId: memberIds[0], interest: null }]);
    const people = new Database(join(dataDir, 'personal-data.sqlite'), { readonly: true });
    try {
      expect(people.prepare('SELECT count(*) FROM declarations').pluck().get()).toBe(0);
    } finally {
      people.close();
    }
  });
});
