import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN_SUBJECT, ApiProcess, newDataDir, startExpectingFailure, TEST_JWT_SECRET, tokenOf } from './support/api-process.js';
import { graphqlClient } from './support/graphql-client.js';

/** Forms the boards and registers organisations; its grant is in the log, so it outlives a restart. */
const admin = await tokenOf(ADMIN_SUBJECT);
const secretariat = await tokenOf('secretariat-e2e');
const trustPartner = await tokenOf('partner@trust.example');

// 23:59 on 30 June in London (BST), and half past midnight on 1 July: in UTC both are still 30 June.
const BEFORE_LONDON_MIDNIGHT = '2026-06-30T22:59:00Z';
const AFTER_LONDON_MIDNIGHT = '2026-06-30T23:30:00Z';

/**
 * The domain rules of issue 8, driven through GraphQL against the built server, whose clock is
 * set (LEDGER_CLOCK_NOW) so "today" can be checked either side of midnight in London.
 */
describe('domain rules over GraphQL', () => {
  const dataDir = newDataDir();
  let api: ApiProcess;
  let london: string;
  let utc: string;
  let council: string;
  let trust: string;

  const { call, ok, refused } = graphqlClient(() => api, secretariat);

  const FORM = `mutation($input: FormPartnershipInput!) { formPartnership(input: $input) { partnership { id timeZone } } }`;
  const MAKE = `mutation($input: MakeCommitmentInput!) { makeCommitment(input: $input) { commitment { id } } }`;
  const ENDORSE = `mutation($input: EndorseCommitmentInput!) { endorseCommitment(input: $input) { commitment { status endorsedOn } } }`;
  const PLAN = `mutation($input: PlanActionInput!) { planAction(input: $input) { actions { id } } }`;
  const UPDATE = `mutation($input: SubmitActionUpdateInput!) { submitActionUpdate(input: $input) { action { status percentComplete } } }`;
  const REOPEN = `mutation($input: ReopenActionInput!) { reopenAction(input: $input) { action { status percentComplete } } }`;
  const CLOSE = `mutation($input: CloseCommitmentInput!) { closeCommitment(input: $input) { commitment { status } } }`;
  const DEFINE = `mutation($input: DefineIndicatorInput!) { defineIndicator(input: $input) { indicator { id } } }`;
  const RECORD = `mutation($input: RecordIndicatorReadingInput!) { recordIndicatorReading(input: $input) { indicator { progress } reading { id periodDate } } }`;
  const CORRECT = `mutation($input: CorrectIndicatorReadingInput!) { correctIndicatorReading(input: $input) { reading { id } } }`;
  const ACTION = `query($id: ID!) { action(id: $id) { id status percentComplete overdue } }`;

  const commitment = async (partnershipId: string, owningOrganisationId: string, title: string) =>
    (await ok(MAKE, { input: { partnershipId, owningOrganisationId, title, description: `${title}.` } })).makeCommitment.commitment.id as string;
  const activeCommitment = async (partnershipId: string, owningOrganisationId: string, title: string) => {
    const commitmentId = await commitment(partnershipId, owningOrganisationId, title);
    await ok(ENDORSE, { input: { commitmentId, endorsedOn: '2026-06-01' } });
    return commitmentId;
  };
  const plan = async (commitmentId: string, owningOrganisationId: string, title: string, dueDate = '2026-12-31') =>
    (await ok(PLAN, { input: { commitmentId, owningOrganisationId, title, dueDate } })).planAction.actions[0].id as string;
  const indicator = async (commitmentId: string, owningOrganisationId: string) =>
    (
      await ok(DEFINE, {
        input: { commitmentId, name: 'Projects with a health equity audit', unit: 'percent', direction: 'HIGHER_IS_BETTER', baseline: { value: 30, date: '2026-04-01' }, target: { value: 80, date: '2027-03-31' }, owningOrganisationId },
      })
    ).defineIndicator.indicator.id as string;
  const action = async (id: string) => (await ok(ACTION, { id })).action;

  beforeAll(async () => {
    api = await ApiProcess.start({ dataDir, env: { LEDGER_CLOCK_NOW: BEFORE_LONDON_MIDNIGHT } });
    await api.adminToken();
    london = (await ok(FORM, { input: { name: 'Leicester City Health and Wellbeing Board', level: 'PLACE' } }, admin)).formPartnership.partnership.id;
    utc = (await ok(FORM, { input: { name: 'Remote Islands Partnership', level: 'PLACE', timeZone: 'utc' } }, admin)).formPartnership.partnership.id;
    for (const partnershipId of [london, utc]) await api.grant('secretariat-e2e', 'SECRETARIAT', { partnershipId });
    const register = async (name: string, partnerships: string[]) => {
      const organisationId = (await ok(`mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { organisation { id } } }`, { input: { name, sector: 'HEALTH' } }, admin))
        .registerOrganisation.organisation.id as string;
      for (const partnershipId of partnerships) await ok(`mutation($input: JoinPartnershipInput!) { joinPartnership(input: $input) { position } }`, { input: { partnershipId, organisationId } });
      return organisationId;
    };
    council = await register('Leicester City Council', [london, utc]);
    trust = await register('University Hospitals of Leicester NHS Trust', [london, utc]);
    await api.grant('partner@trust.example', 'PARTNER', { organisationId: trust });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('gives each partnership a time zone: Europe/London by default, any IANA name when formed, and refuses others', async () => {
    const zones = await ok(`query($a: ID!, $b: ID!) { a: partnership(id: $a) { timeZone } b: partnership(id: $b) { timeZone } }`, { a: london, b: utc });
    expect(zones).toEqual({ a: { timeZone: 'Europe/London' }, b: { timeZone: 'UTC' } });
    for (const timeZone of ['Mars/Olympus_Mons', '+01:00', '']) {
      await refused(() => call(FORM, { input: { name: 'Board', level: 'PLACE', timeZone } }, admin), 'BAD_USER_INPUT', { field: 'timeZone', rule: 'timeZone' });
    }
  });

  it('judges "today" and "overdue" by the partnership’s calendar, so both change at local midnight', async () => {
    // 23:59 BST on 30 June.
    const londonCommitment = await commitment(london, council, 'Health equity audit (London)');
    const utcCommitment = await commitment(utc, council, 'Health equity audit (UTC)');
    await refused(() => call(ENDORSE, { input: { commitmentId: londonCommitment, endorsedOn: '2026-07-01' } }), 'BAD_USER_INPUT', { field: 'endorsedOn', rule: 'notInFuture' });
    for (const commitmentId of [londonCommitment, utcCommitment]) await ok(ENDORSE, { input: { commitmentId, endorsedOn: '2026-06-30' } });
    const londonAction = await plan(londonCommitment, council, 'Tool adopted', '2026-06-30');
    const utcAction = await plan(utcCommitment, council, 'Tool adopted', '2026-06-30');
    expect((await action(londonAction)).overdue).toBe(false);
    expect((await action(utcAction)).overdue).toBe(false);
    const londonLater = await commitment(london, council, 'Dashboard (London)');
    const utcLater = await commitment(utc, council, 'Dashboard (UTC)');
    const londonIndicator = await indicator(londonCommitment, council);
    const utcIndicator = await indicator(utcCommitment, council);

    // Half past midnight BST on 1 July: 30 June still in UTC. The deployment default changes too.
    await api.stop();
    api = await ApiProcess.start({ dataDir, env: { LEDGER_CLOCK_NOW: AFTER_LONDON_MIDNIGHT, LEDGER_DEFAULT_TIME_ZONE: 'America/New_York' } });
    expect((await action(londonAction)).overdue).toBe(true);
    expect((await action(utcAction)).overdue).toBe(false);
    expect((await ok(ENDORSE, { input: { commitmentId: londonLater, endorsedOn: '2026-07-01' } })).endorseCommitment.commitment).toEqual({ status: 'ACTIVE', endorsedOn: '2026-07-01' });
    const future = await refused(() => call(ENDORSE, { input: { commitmentId: utcLater, endorsedOn: '2026-07-01' } }), 'BAD_USER_INPUT', { field: 'endorsedOn', rule: 'notInFuture' });
    expect(future.message).toContain('today is 2026-06-30');
    const reading = await ok(RECORD, { input: { indicatorId: londonIndicator, value: 40, periodDate: '2026-07-01', source: 'Project register' } });
    expect(reading.recordIndicatorReading.reading.periodDate).toBe('2026-07-01');
    await refused(() => call(RECORD, { input: { indicatorId: utcIndicator, value: 40, periodDate: '2026-07-01', source: 'Project register' } }), 'BAD_USER_INPUT', { field: 'periodDate', rule: 'notInFuture' });
    // A partnership formed now without a time zone takes the deployment's default.
    expect((await ok(FORM, { input: { name: 'New York City partnership', level: 'PLACE' } }, admin)).formPartnership.partnership.timeZone).toBe('America/New_York');
    // One formed before keeps the time zone it was formed with.
    expect((await ok(`query($id: ID!) { partnership(id: $id) { timeZone } }`, { id: london })).partnership.timeZone).toBe('Europe/London');
  });

  it('lets only the secretariat cancel an action, and the secretariat reopen it', async () => {
    const commitmentId = await activeCommitment(london, council, 'Mandatory HEA training');
    const actionId = await plan(commitmentId, trust, 'Training delivered');
    const error = await refused(() => call(UPDATE, { input: { actionId, status: 'CANCELLED', whatHasHappened: 'We stopped.' } }, trustPartner), 'FORBIDDEN');
    // A partner may report on this action, but cancelling it needs the board's secretariat.
    expect(error.extensions).toMatchObject({ required: [{ role: 'SECRETARIAT', partnershipId: london }] });
    expect(error.message).toMatch(/^You may not cancel this action \(a partner reports any other status\): this needs SECRETARIAT of partnership /);
    await ok(UPDATE, { input: { actionId, status: 'ON_TRACK', percentComplete: 30, whatHasHappened: 'First sessions held.' } }, trustPartner);
    expect((await ok(UPDATE, { input: { actionId, status: 'CANCELLED', whatHasHappened: 'Replaced by the ICS programme.' } })).submitActionUpdate.action).toEqual({ status: 'CANCELLED', percentComplete: 30 });
    expect((await ok(REOPEN, { input: { actionId, reason: 'The ICS programme was withdrawn.' } })).reopenAction.action).toEqual({ status: 'ON_TRACK', percentComplete: 30 });
    expect((await ok(UPDATE, { input: { actionId, status: 'AT_RISK', whatHasHappened: 'Trainer unavailable.' } }, trustPartner)).submitActionUpdate.action.status).toBe('AT_RISK');
  });

  it('makes percentComplete follow status: 0 when not started, 100 when completed, the last open figure when reopened', async () => {
    const commitmentId = await activeCommitment(london, council, 'Ethnicity coding');
    const actionId = await plan(commitmentId, council, 'Coding plan agreed');
    const update = async (status: string, percentComplete?: number) =>
      (await ok(UPDATE, { input: { actionId, status, percentComplete, whatHasHappened: `Now ${status}.` } })).submitActionUpdate.action;
    expect(await update('ON_TRACK', 40)).toEqual({ status: 'ON_TRACK', percentComplete: 40 });
    expect(await update('NOT_STARTED')).toEqual({ status: 'NOT_STARTED', percentComplete: 0 });
    await refused(() => call(UPDATE, { input: { actionId, status: 'NOT_STARTED', percentComplete: 40, whatHasHappened: 'x' } }), 'BAD_USER_INPUT', { field: 'percentComplete', rule: 'notStartedIs0' });
    expect(await update('ON_TRACK', 40)).toEqual({ status: 'ON_TRACK', percentComplete: 40 });
    expect(await update('COMPLETED')).toEqual({ status: 'COMPLETED', percentComplete: 100 });
    expect((await ok(REOPEN, { input: { actionId, reason: 'Accessibility needs were missed.' } })).reopenAction.action).toEqual({ status: 'ON_TRACK', percentComplete: 40 });
    expect(await action(actionId)).toMatchObject({ status: 'ON_TRACK', percentComplete: 40 });
  });

  it('asks, when closing as ACHIEVED, what became of each action still open, and shows it', async () => {
    const commitmentId = await activeCommitment(london, council, 'Standard HEA tool');
    const done = await plan(commitmentId, council, '7a Tool adopted (council)');
    const training = await plan(commitmentId, trust, '7b Training');
    const dashboard = await plan(commitmentId, council, '7c Dashboard');
    await ok(UPDATE, { input: { actionId: done, status: 'COMPLETED', whatHasHappened: 'Adopted.' } });
    await ok(UPDATE, { input: { actionId: dashboard, status: 'OFF_TRACK', percentComplete: 20, whatHasHappened: 'No analyst.' } });
    const close = (openActions?: object[]) => call(CLOSE, { input: { commitmentId, outcome: 'ACHIEVED', reason: 'Tool in use everywhere.', openActions } });

    const missing = await refused(() => close(), 'BAD_USER_INPUT', { field: 'openActions', rule: 'required' });
    expect(missing.message).toContain(`${training} "7b Training" (NOT_STARTED)`);
    expect(missing.message).toContain(`${dashboard} "7c Dashboard" (OFF_TRACK)`);
    expect(missing.message).not.toContain(done);
    await refused(() => close([{ actionId: training, finalStatus: 'COMPLETED' }]), 'BAD_USER_INPUT', { field: 'openActions', rule: 'everyOpenAction' });
    await refused(
      () => close([{ actionId: training, finalStatus: 'COMPLETED' }, { actionId: dashboard, finalStatus: 'CANCELLED' }, { actionId: done, finalStatus: 'COMPLETED' }]),
      'BAD_USER_INPUT',
      { field: 'openActions.2.actionId', rule: 'openAction' },
    );
    await refused(() => close([{ actionId: training, finalStatus: 'AT_RISK' }, { actionId: dashboard, finalStatus: 'CANCELLED' }]), 'BAD_USER_INPUT', { field: 'openActions.0.finalStatus' });

    const closed = await close([{ actionId: training, finalStatus: 'COMPLETED' }, { actionId: dashboard, finalStatus: 'CANCELLED' }]);
    expect(closed.errors).toBeUndefined();
    expect(closed.data!.closeCommitment.commitment.status).toBe('ACHIEVED');
    expect(await Promise.all([done, training, dashboard].map(action))).toEqual([
      { id: done, status: 'COMPLETED', percentComplete: 100, overdue: false },
      { id: training, status: 'COMPLETED', percentComplete: 100, overdue: false },
      { id: dashboard, status: 'CANCELLED', percentComplete: 20, overdue: false },
    ]);
  });

  it('closes a closed commitment’s actions and indicators to every change, keeping their statuses when missed', async () => {
    const commitmentId = await activeCommitment(london, council, 'Anchor institutions');
    const actionId = await plan(commitmentId, trust, 'Local recruitment', '2026-01-31');
    await ok(UPDATE, { input: { actionId, status: 'AT_RISK', percentComplete: 30, whatHasHappened: 'Slow start.' } }, trustPartner);
    const indicatorId = await indicator(commitmentId, trust);
    const { recordIndicatorReading } = await ok(RECORD, { input: { indicatorId, value: 35, periodDate: '2026-05-31', source: 'HR' } }, trustPartner);
    await refused(() => call(CLOSE, { input: { commitmentId, outcome: 'MISSED', reason: 'x', openActions: [{ actionId, finalStatus: 'CANCELLED' }] } }), 'BAD_USER_INPUT', { field: 'openActions', rule: 'onlyWhenAchieved' });
    await ok(CLOSE, { input: { commitmentId, outcome: 'MISSED', reason: 'Recruitment paused.' } });

    const changes: [string, object, string?][] = [
      [UPDATE, { actionId, status: 'ON_TRACK', whatHasHappened: 'Resumed.' }, trustPartner],
      [`mutation($input: RescheduleActionInput!) { rescheduleAction(input: $input) { position } }`, { actionId, dueDate: '2026-12-31', reason: 'Later.' }],
      [`mutation($input: ReassignActionInput!) { reassignAction(input: $input) { position } }`, { actionId, owningOrganisationId: council, reason: 'Council leads.' }],
      [RECORD, { indicatorId, value: 40, periodDate: '2026-06-30', source: 'HR' }, trustPartner],
      [CORRECT, { indicatorId, readingId: recordIndicatorReading.reading.id, value: 36, reason: 'Late return.' }, trustPartner],
    ];
    for (const [mutation, input, token] of changes) {
      const error = await refused(() => call(mutation, { input }, token), 'FAILED_PRECONDITION');
      expect(error.message).toMatch(/commitment is MISSED/);
      expect(error.message).not.toMatch(/commitment-|action-|indicator-/);
    }
    expect(await action(actionId)).toEqual({ id: actionId, status: 'AT_RISK', percentComplete: 30, overdue: false });

    // A completed action of a closed commitment cannot be reopened either.
    const other = await activeCommitment(london, council, 'Dashboards');
    const completed = await plan(other, council, 'Dashboard live');
    await ok(UPDATE, { input: { actionId: completed, status: 'COMPLETED', whatHasHappened: 'Live.' } });
    await ok(CLOSE, { input: { commitmentId: other, outcome: 'ACHIEVED', reason: 'Live.' } });
    await refused(() => call(REOPEN, { input: { actionId: completed, reason: 'More to do.' } }), 'FAILED_PRECONDITION');
  });

  it('keeps progress finite and reading periods within a sane window', async () => {
    const commitmentId = await activeCommitment(london, council, 'Healthy weight');
    const define = (baseline: number, target: number) =>
      call(DEFINE, {
        input: { commitmentId, name: 'Children of healthy weight', unit: 'percent', direction: 'HIGHER_IS_BETTER', baseline: { value: baseline, date: '2026-01-01' }, target: { value: target, date: '2027-01-01' }, owningOrganisationId: council },
      });
    await refused(() => define(0, 5e-324), 'BAD_USER_INPUT', { field: 'target.value', rule: 'distinctFromBaseline' });
    await refused(() => define(0, 1e300), 'BAD_USER_INPUT', { field: 'target.value', rule: 'range' });
    const indicatorId = await indicator(commitmentId, council);
    const record = (value: number, periodDate: string) => call(RECORD, { input: { indicatorId, value, periodDate, source: 'NCMP' } });
    await refused(() => record(1e13, '2026-06-01'), 'BAD_USER_INPUT', { field: 'value', rule: 'range' });
    await refused(() => record(50, '9999-12-31'), 'BAD_USER_INPUT', { field: 'periodDate', rule: 'dateRange' });
    await refused(() => record(50, '1899-12-31'), 'BAD_USER_INPUT', { field: 'periodDate', rule: 'dateRange' });
    await refused(() => record(50, '2026-07-02'), 'BAD_USER_INPUT', { field: 'periodDate', rule: 'notInFuture' });
    expect((await record(-1e12, '2026-06-01')).data!.recordIndicatorReading.indicator.progress).toBeCloseTo(-1e12 / 50 - 30 / 50);
    const view = await ok(`query($id: ID!) { commitment(id: $id) { indicators { nodes { progress latestReading { value periodDate } } } } }`, { id: commitmentId });
    expect(view.commitment.indicators.nodes).toEqual([{ progress: expect.any(Number), latestReading: { value: -1e12, periodDate: '2026-06-01' } }]);
  });

  it('keeps every script and emoji in text, and refuses control characters, lone surrogates, invisible names and overlong links', async () => {
    for (const name of ['Bwrdd Iechyd Prifysgol Betsi Cadwaladr – Llesiant ŵyr a ŷd', 'لیسٹر صحت اور بہبود بورڈ', '莱斯特健康与福利委员会', 'Leicester 🏥 Wellbeing 👩🏽‍⚕️']) {
      const { id } = (await ok(FORM, { input: { name, level: 'NEIGHBOURHOOD' } }, admin)).formPartnership.partnership;
      expect((await ok(`query($id: ID!) { partnership(id: $id) { name } }`, { id }, admin)).partnership.name).toBe(name);
    }
    for (const [name, rule] of [
      ['Leicester\u0000Board', 'noControlCharacters'],
      ['\u001b[2JLeicester', 'noControlCharacters'],
      ['Leicester\u0007', 'noControlCharacters'],
      ['Leicester\nBoard', 'noControlCharacters'],
      ['\u200b\u200b\u200b', 'visible'],
      ['Leicester \ud83c', 'wellFormed'],
    ] as const) {
      await refused(() => call(FORM, { input: { name, level: 'PLACE' } }, admin), 'BAD_USER_INPUT', { field: 'name', rule });
    }

    const commitmentId = await activeCommitment(london, council, 'Evidence');
    const actionId = await plan(commitmentId, council, 'Evidence published');
    const link = (length: number) => `https://example.org/${'e'.repeat(length - 'https://example.org/'.length)}`;
    const submit = (input: object) => call(UPDATE, { input: { actionId, status: 'ON_TRACK', whatHasHappened: 'Published.', ...input } });
    await refused(() => submit({ evidenceLinks: [link(2001)] }), 'BAD_USER_INPUT', { field: 'evidenceLinks', rule: 'maxLength' });
    await refused(() => submit({ evidenceLinks: [link(100_000)] }), 'BAD_USER_INPUT', { field: 'evidenceLinks', rule: 'maxLength' });
    await refused(() => submit({ whatHasHappened: 'Published\u0000' }), 'BAD_USER_INPUT', { field: 'whatHasHappened', rule: 'noControlCharacters' });
    const kept = await submit({ whatHasHappened: 'Published:\n\t- the report\n\t- the data', evidenceLinks: [link(2000)] });
    expect(kept.errors).toBeUndefined();
    const { action: latest } = await ok(`query($id: ID!) { action(id: $id) { latestUpdate { whatHasHappened evidenceLinks } } }`, { id: actionId });
    expect(latest.latestUpdate).toEqual({ whatHasHappened: 'Published:\n\t- the report\n\t- the data', evidenceLinks: [link(2000)] });
  });

  it('reads upper-case ids as the same objects, in mutations and queries alike', async () => {
    const upper = (id: string) => id.toUpperCase();
    const commitmentId = await commitment(upper(london), upper(council), 'Upper-case ids');
    await ok(ENDORSE, { input: { commitmentId: upper(commitmentId), endorsedOn: '2026-06-30' } });
    const actionId = await plan(upper(commitmentId), upper(trust), 'Shouted');
    expect(actionId).toBe(actionId.toLowerCase());
    await ok(UPDATE, { input: { actionId: upper(actionId), status: 'ON_TRACK', percentComplete: 10, whatHasHappened: 'Started.' } }, trustPartner);
    const view = await ok(
      `query($p: ID!, $c: ID!, $a: ID!, $o: ID!) {
        partnership(id: $p) { id } commitment(id: $c) { id status } action(id: $a) { id percentComplete } organisation(id: $o) { id }
        commitments(partnershipId: $p, first: 100) { edges { node { id } } } }`,
      { p: upper(london), c: upper(commitmentId), a: upper(actionId), o: upper(trust) },
    );
    expect(view.partnership.id).toBe(london);
    expect(view.commitment).toEqual({ id: commitmentId, status: 'ACTIVE' });
    expect(view.action).toEqual({ id: actionId, percentComplete: 10 });
    expect(view.organisation.id).toBe(trust);
    expect(view.commitments.edges.map((edge: any) => edge.node.id)).toContain(commitmentId);
  });

  it('names the input’s readingId in correctIndicatorReading errors', async () => {
    const commitmentId = await activeCommitment(london, council, 'Readings');
    const indicatorId = await indicator(commitmentId, council);
    const first = (await ok(RECORD, { input: { indicatorId, value: 40, periodDate: '2026-06-01', source: 'Register' } })).recordIndicatorReading.reading.id;
    await ok(CORRECT, { input: { indicatorId, readingId: first, value: 41, reason: 'Late return.' } });
    await refused(() => call(CORRECT, { input: { indicatorId, readingId: first, value: 42, reason: 'Again.' } }), 'BAD_USER_INPUT', { field: 'readingId', rule: 'current' });
    await refused(() => call(CORRECT, { input: { indicatorId, readingId: '0190a1b2-0000-7000-8000-000000000099', value: 42, reason: 'x' } }), 'NOT_FOUND', { field: 'readingId' });
  });

  it('honours LEDGER_CLOCK_NOW only in tests and checks LEDGER_DEFAULT_TIME_ZONE at start-up', async () => {
    const env = { PATH: process.env.PATH ?? '', LEDGER_DATA_DIR: newDataDir(), LEDGER_JWT_SECRET: TEST_JWT_SECRET, PORT: '0' };
    const clock = await startExpectingFailure({ ...env, NODE_ENV: 'production', LEDGER_CLOCK_NOW: AFTER_LONDON_MIDNIGHT });
    expect(clock.code).toBe(1);
    expect(clock.stderr).toContain('LEDGER_CLOCK_NOW');
    const zone = await startExpectingFailure({ ...env, NODE_ENV: 'test', LEDGER_DEFAULT_TIME_ZONE: 'Europe/Leicester' });
    expect(zone.code).toBe(1);
    expect(zone.stderr).toContain('LEDGER_DEFAULT_TIME_ZONE');
  });
});
