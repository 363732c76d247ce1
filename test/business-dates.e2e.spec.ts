import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN_SUBJECT, ApiProcess, newDataDir, tokenOf } from './support/api-process.js';
import { graphqlClient } from './support/graphql-client.js';

const admin = await tokenOf(ADMIN_SUBJECT);
const secretariat = await tokenOf('secretariat-e2e');
const councilPartner = await tokenOf('partner@council.example');

// Half past eleven at night on 24 November 2026: still the 24th in London (GMT), already the 25th in Auckland.
const NOW = '2026-11-24T23:30:00Z';

/**
 * Recording history as it happened (issue 11): the LLR framework's Action 7, agreed in March 2021,
 * loaded in November 2026 with the dates the board gave it. Each command's business date is kept
 * beside the time it was recorded, and the server's clock (LEDGER_CLOCK_NOW) only bounds "today".
 */
describe('business dates over GraphQL', () => {
  let api: ApiProcess;
  let llr: string;
  let auckland: string;
  let council: string;
  let trust: string;

  const { call, ok, refused } = graphqlClient(() => api, secretariat);

  const FORM = `mutation($input: FormPartnershipInput!) { formPartnership(input: $input) { partnership { id } } }`;
  const MAKE = `mutation($input: MakeCommitmentInput!) { makeCommitment(input: $input) { commitment { id madeOn madeAt targetDate } } }`;
  const ENDORSE = `mutation($input: EndorseCommitmentInput!) { endorseCommitment(input: $input) { commitment { status } } }`;
  const PLAN = `mutation($input: PlanActionInput!) { planAction(input: $input) { actions { id plannedOn plannedAt owningOrganisation { name } } } }`;
  const UPDATE = `mutation($input: SubmitActionUpdateInput!) { submitActionUpdate(input: $input) { update { reportedOn submittedAt } } }`;
  const DEFINE = `mutation($input: DefineIndicatorInput!) { defineIndicator(input: $input) { indicator { id } } }`;
  const RECORD = `mutation($input: RecordIndicatorReadingInput!) { recordIndicatorReading(input: $input) { reading { id readingDate periodDate recordedAt } } }`;
  const CORRECT = `mutation($input: CorrectIndicatorReadingInput!) { correctIndicatorReading(input: $input) { reading { readingDate } } }`;

  /** LLR Action 7 as the framework dates it: made 25 March 2021, target 30 October 2021, endorsed the same day. */
  const actionSeven = async (partnershipId = llr, owningOrganisationId = council) => {
    const made = (
      await ok(MAKE, {
        input: {
          partnershipId,
          owningOrganisationId,
          title: 'Health equity audit at the planning stage of every project',
          description: 'A standard health equity audit tool, mandatory training, and a health equity dashboard per Place.',
          sourceReference: 'LLR framework v10.1, Action 7',
          madeOn: '2021-03-25',
          targetDate: '2021-10-30',
        },
      })
    ).makeCommitment.commitment;
    await ok(ENDORSE, { input: { commitmentId: made.id, endorsedOn: '2021-03-25' } });
    return made;
  };

  beforeAll(async () => {
    api = await ApiProcess.start({ dataDir: newDataDir(), env: { LEDGER_CLOCK_NOW: NOW } });
    await api.adminToken();
    llr = (await ok(FORM, { input: { name: 'Leicester, Leicestershire and Rutland Health and Care Partnership', level: 'SYSTEM' } }, admin)).formPartnership.partnership.id;
    auckland = (await ok(FORM, { input: { name: 'Auckland Wellbeing Partnership', level: 'PLACE', timeZone: 'Pacific/Auckland' } }, admin)).formPartnership.partnership.id;
    for (const partnershipId of [llr, auckland]) await api.grant('secretariat-e2e', 'SECRETARIAT', { partnershipId });
    const register = async (name: string, partnerships: string[]) => {
      const organisationId = (await ok(`mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { organisation { id } } }`, { input: { name, sector: 'HEALTH' } }, admin))
        .registerOrganisation.organisation.id as string;
      for (const partnershipId of partnerships) await ok(`mutation($input: JoinPartnershipInput!) { joinPartnership(input: $input) { position } }`, { input: { partnershipId, organisationId } });
      return organisationId;
    };
    council = await register('Leicester City Council', [llr, auckland]);
    trust = await register('University Hospitals of Leicester NHS Trust', [llr]);
    await api.grant('partner@council.example', 'PARTNER', { organisationId: council });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('records LLR Action 7 as it happened in 2021, and reads both dates back', async () => {
    const made = await actionSeven();
    expect(made).toMatchObject({ madeOn: '2021-03-25', madeAt: '2026-11-24T23:30:00.000Z', targetDate: '2021-10-30' });

    // 7a, "each organisation will…": every action of the plan carries the date the board agreed it.
    const sevenA = (
      await ok(PLAN, { input: { commitmentId: made.id, everyMemberOrganisation: true, title: '7a Standard HEA tool adopted at project planning', dueDate: '2021-10-30', plannedOn: '2021-03-25' } })
    ).planAction.actions;
    expect(sevenA).toHaveLength(2);
    expect(sevenA.map(({ plannedOn, plannedAt }: any) => [plannedOn, plannedAt])).toEqual([
      ['2021-03-25', '2026-11-24T23:30:00.000Z'],
      ['2021-03-25', '2026-11-24T23:30:00.000Z'],
    ]);
    const councils = sevenA.find((action: any) => action.owningOrganisation.name === 'Leicester City Council');

    const update = await ok(
      UPDATE,
      { input: { actionId: councils.id, status: 'ON_TRACK', percentComplete: 60, whatHasHappened: 'HEA tool piloted on two capital projects.', reportedOn: '2021-09-16' } },
      councilPartner,
    );
    expect(update.submitActionUpdate.update).toEqual({ reportedOn: '2021-09-16', submittedAt: '2026-11-24T23:30:00.000Z' });

    const indicatorId = (
      await ok(DEFINE, {
        input: { commitmentId: made.id, name: 'Projects with a health equity audit', unit: 'percent', direction: 'HIGHER_IS_BETTER', baseline: { value: 30, date: '2021-03-31' }, target: { value: 80, date: '2021-10-30' }, owningOrganisationId: council },
      })
    ).defineIndicator.indicator.id;
    const reading = (await ok(RECORD, { input: { indicatorId, value: 40, readingDate: '2021-06-30', source: 'Project register' } }, councilPartner)).recordIndicatorReading.reading;
    expect(reading).toMatchObject({ readingDate: '2021-06-30', periodDate: '2021-06-30', recordedAt: '2026-11-24T23:30:00.000Z' });
    const corrected = await ok(CORRECT, { input: { indicatorId, readingId: reading.id, value: 42, readingDate: '2021-06-29', reason: 'Late return' } }, councilPartner);
    expect(corrected.correctIndicatorReading.reading).toEqual({ readingDate: '2021-06-29' });

    // Read back from the read models: both dates, business and recorded, side by side.
    const view = await ok(
      `query($id: ID!) { commitment(id: $id) { madeOn madeAt
          actions { nodes { id plannedOn plannedAt latestUpdate { reportedOn submittedAt } } }
          indicators { nodes { readings { nodes { readingDate recordedAt current } } } } } }`,
      { id: made.id },
    );
    expect(view.commitment).toMatchObject({ madeOn: '2021-03-25', madeAt: '2026-11-24T23:30:00.000Z' });
    expect(view.commitment.actions.nodes.find((action: any) => action.id === councils.id)).toEqual({
      id: councils.id,
      plannedOn: '2021-03-25',
      plannedAt: '2026-11-24T23:30:00.000Z',
      latestUpdate: { reportedOn: '2021-09-16', submittedAt: '2026-11-24T23:30:00.000Z' },
    });
    expect(view.commitment.indicators.nodes[0].readings.nodes).toEqual([
      { readingDate: '2021-06-30', recordedAt: '2026-11-24T23:30:00.000Z', current: false },
      { readingDate: '2021-06-29', recordedAt: '2026-11-24T23:30:00.000Z', current: true },
    ]);
  });

  it('defaults each business date to the partnership’s today', async () => {
    const made = (await ok(MAKE, { input: { partnershipId: llr, owningOrganisationId: trust, title: 'Mandatory HEA training', description: 'Training.' } })).makeCommitment.commitment;
    expect(made.madeOn).toBe('2026-11-24');
    await ok(ENDORSE, { input: { commitmentId: made.id, endorsedOn: '2026-11-24' } });
    const [action] = (await ok(PLAN, { input: { commitmentId: made.id, owningOrganisationId: trust, title: '7b Training confirmed', dueDate: '2027-03-31' } })).planAction.actions;
    expect(action.plannedOn).toBe('2026-11-24');
    expect((await ok(UPDATE, { input: { actionId: action.id, status: 'ON_TRACK', whatHasHappened: 'Started.' } })).submitActionUpdate.update.reportedOn).toBe('2026-11-24');
  });

  it('refuses a commitment made in the future, and dates out of order, naming the field and the rule', async () => {
    const tomorrow = await refused(
      () => call(MAKE, { input: { partnershipId: llr, owningOrganisationId: council, title: 'Next year', description: 'Not yet.', madeOn: '2026-11-25' } }),
      'BAD_USER_INPUT',
      { field: 'madeOn', rule: 'notInFuture' },
    );
    expect(tomorrow.message).toContain('today is 2026-11-24');
    await refused(
      () => call(MAKE, { input: { partnershipId: llr, owningOrganisationId: council, title: 'Backwards', description: 'Target first.', madeOn: '2021-03-25', targetDate: '2021-03-24' } }),
      'BAD_USER_INPUT',
      { field: 'targetDate', rule: 'notBeforeCreation' },
    );
    const made = await actionSeven();
    await refused(
      () => call(PLAN, { input: { commitmentId: made.id, owningOrganisationId: council, title: 'Too early', dueDate: '2021-10-30', plannedOn: '2021-03-24' } }),
      'BAD_USER_INPUT',
      { field: 'plannedOn', rule: 'notBeforeCommitment' },
    );
    const [action] = (await ok(PLAN, { input: { commitmentId: made.id, owningOrganisationId: council, title: '7c Dashboard', dueDate: '2021-10-30', plannedOn: '2021-04-01' } })).planAction.actions;
    await refused(
      () => call(UPDATE, { input: { actionId: action.id, status: 'ON_TRACK', whatHasHappened: 'Before it was agreed.', reportedOn: '2021-03-31' } }, councilPartner),
      'BAD_USER_INPUT',
      { field: 'reportedOn', rule: 'notBeforePlanned' },
    );
  });

  it('keeps refusing hostile dates: outside the ledger’s window, not dates at all, and another time zone’s tomorrow', async () => {
    const made = await actionSeven();
    const [action] = (await ok(PLAN, { input: { commitmentId: made.id, owningOrganisationId: council, title: '7a', dueDate: '2021-10-30', plannedOn: '2021-03-25' } })).planAction.actions;
    const report = (reportedOn: unknown) => () => call(UPDATE, { input: { actionId: action.id, status: 'ON_TRACK', whatHasHappened: 'Hostile.', reportedOn } }, councilPartner);
    await refused(report('1899-12-31'), 'BAD_USER_INPUT', { field: 'reportedOn', rule: 'dateRange' });
    await refused(report('9999-01-01'), 'BAD_USER_INPUT', { field: 'reportedOn', rule: 'dateRange' });
    await refused(report('2021-09-16T00:00:00+14:00'), 'BAD_USER_INPUT', { field: 'reportedOn', rule: 'isDate' });
    await refused(report("2021-09-16'; DROP TABLE tracker_actions; --"), 'BAD_USER_INPUT', { field: 'reportedOn', rule: 'isDate' });
    // The 25th has begun in Auckland but not in London: London's board may not report as of it.
    await refused(report('2026-11-25'), 'BAD_USER_INPUT', { field: 'reportedOn', rule: 'notInFuture' });

    // Auckland's board may: it is the 25th there.
    const theirs = await actionSeven(auckland, council);
    const [theirAction] = (await ok(PLAN, { input: { commitmentId: theirs.id, owningOrganisationId: council, title: 'Their 7a', dueDate: '2027-03-31', plannedOn: '2026-11-25' } })).planAction.actions;
    expect(theirAction.plannedOn).toBe('2026-11-25');
  });

  it('plans an action raised at a meeting on the meeting’s date, however late the minutes are recorded', async () => {
    const made = await actionSeven();
    const memberId = (
      await ok(`mutation($input: AppointMemberInput!) { appointMember(input: $input) { member { id } } }`, {
        input: { partnershipId: llr, organisationId: council, name: 'Ivan Browne', roleTitle: 'Director Public Health' },
      })
    ).appointMember.member.id;
    const meetingId = (
      await ok(`mutation($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { meeting { id } } }`, {
        input: { partnershipId: llr, date: '2021-03-25', startTime: '14:00', format: 'ONLINE', link: 'https://llr.example/board' },
      })
    ).scheduleMeeting.meeting.id;
    await ok(`mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { position } }`, { input: { meetingId, attendance: [{ memberId, presence: 'PRESENT' }] } });
    const ITEM = `mutation($input: RecordMinuteItemInput!) { recordMinuteItem(input: $input) { position } }`;
    const item = (number: string, commitmentId: string, actionRef: string) => ({
      input: {
        meetingId,
        number,
        title: 'Health equity audit',
        presenter: { role: 'Chair' },
        visibility: 'PUBLIC',
        text: 'The framework was endorsed.',
        resolution: { kind: 'NOTE' },
        actionsRaised: [{ actionRef, title: 'Adopt the standard HEA tool', owningOrganisationId: council, dueDate: '2021-10-30', commitmentId }],
      },
    });
    await ok(ITEM, item('4', made.id, '0190a1b2-0000-7000-8000-00000000ad41'));
    const [raised] = (await ok(`query($id: ID!) { meeting(id: $id) { items { actionsRaised { actionIds } } } }`, { id: meetingId })).meeting.items[0].actionsRaised;
    const action = (await ok(`query($id: ID!) { action(id: $id) { plannedOn plannedAt } }`, { id: raised.actionIds[0] })).action;
    expect(action).toEqual({ plannedOn: '2021-03-25', plannedAt: '2026-11-24T23:30:00.000Z' });

    // Reviewed at the next meeting with the update it reported as of September 2021, though recorded today.
    await ok(UPDATE, { input: { actionId: raised.actionIds[0], status: 'ON_TRACK', whatHasHappened: 'Tool adopted.', reportedOn: '2021-09-16' } }, councilPartner);
    const september = (
      await ok(`mutation($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { meeting { id } } }`, {
        input: { partnershipId: llr, date: '2021-09-30', startTime: '14:00', format: 'ONLINE', link: 'https://llr.example/board' },
      })
    ).scheduleMeeting.meeting.id;
    const review = await ok(
      `query($id: ID!) { progressSinceLastMeeting(meetingId: $id) { previousMeetingDate organisations { actions { actionId updates { submittedOn } silent } } } }`,
      { id: september },
    );
    expect(review.progressSinceLastMeeting.previousMeetingDate).toBe('2021-03-25');
    expect(review.progressSinceLastMeeting.organisations.flatMap((organisation: any) => organisation.actions)).toContainEqual({
      actionId: raised.actionIds[0],
      updates: [{ submittedOn: '2021-09-16' }],
      silent: false,
    });

    // A commitment recorded today without its madeOn was, as far as the ledger knows, made after the meeting.
    const madeToday = (await ok(MAKE, { input: { partnershipId: llr, owningOrganisationId: council, title: 'Recorded without its date', description: 'Made today.' } })).makeCommitment.commitment;
    await ok(ENDORSE, { input: { commitmentId: madeToday.id, endorsedOn: '2026-11-24' } });
    await refused(() => call(ITEM, item('5', madeToday.id, '0190a1b2-0000-7000-8000-00000000ad42')), 'BAD_USER_INPUT', {
      field: 'actionsRaised.0.commitmentId',
      rule: 'notBeforeCommitment',
    });
  });

  it('accepts periodDate as the older name of readingDate, and refuses the two disagreeing', async () => {
    const made = await actionSeven();
    const indicatorId = (
      await ok(DEFINE, {
        input: { commitmentId: made.id, name: 'Staff trained', unit: 'percent', direction: 'HIGHER_IS_BETTER', baseline: { value: 0, date: '2021-03-31' }, target: { value: 90, date: '2021-10-30' }, owningOrganisationId: council },
      })
    ).defineIndicator.indicator.id;
    const older = (await ok(RECORD, { input: { indicatorId, value: 20, periodDate: '2021-06-30', source: 'HR' } })).recordIndicatorReading.reading;
    expect(older).toMatchObject({ readingDate: '2021-06-30', periodDate: '2021-06-30' });
    await refused(() => call(RECORD, { input: { indicatorId, value: 30, readingDate: '2021-09-30', periodDate: '2021-09-29', source: 'HR' } }), 'BAD_USER_INPUT', {
      field: 'readingDate',
      rule: 'sameAsPeriodDate',
    });
    await refused(() => call(RECORD, { input: { indicatorId, value: 30, source: 'HR' } }), 'BAD_USER_INPUT', { field: 'readingDate', rule: 'required' });
    await refused(() => call(RECORD, { input: { indicatorId, value: 30, readingDate: '2026-11-25', source: 'HR' } }), 'BAD_USER_INPUT', { field: 'readingDate', rule: 'notInFuture' });
  });
});
