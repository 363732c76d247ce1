import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { actionInstances, COMMITMENTS, historyOf, MEETINGS, raisedActionInstances, type DemoActionInstance } from '../apps/cli/src/demo/demo-data.js';
import { ApiProcess, newDataDir, runCli, TEST_JWT_SECRET, tokenOf } from './support/api-process.js';
import { figuresOf, SUMMARY_FIELDS } from './support/demo-figures.js';
import { graphqlClient } from './support/graphql-client.js';

/**
 * "What did the board see on 16 September 2021?" The demo records everything at load time with past
 * business dates, updates last and in the order reported: so the point of the log that holds every
 * update reported by a date is the last such update's position. The API's clock is set to that day,
 * the day those records would have been made on a ledger kept as the board went.
 */
const ON = '2021-09-16';
/** A date between the Leicester board's meetings of 28 January and 25 March 2021. */
const [BEFORE, AFTER] = MEETINGS.filter((meeting) => meeting.partnership === 'leicester' && meeting.date < '2021-04-01').map((meeting) => meeting.date).slice(-2);
const BETWEEN = '2021-02-16';

const auditor = await tokenOf('auditor-as-of');
const partner = await tokenOf('partner-as-of');
const secretariat = await tokenOf('secretariat-as-of');

describe('as of a point of the log, and changes between two', () => {
  const dataDir = newDataDir();
  let api: ApiProcess;
  let admin: string;
  let llr: string;
  let leicester: string;
  const { call, ok, head } = graphqlClient(() => api, auditor);

  /** The positions holding an event `keep` picks, straight from the log file. */
  const positions = (keep: (type: string, data: Record<string, unknown>) => boolean) => {
    const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
    try {
      const rows = db.prepare<[], { position: number; type: string; data: string }>('SELECT position, type, data FROM events ORDER BY position').all();
      return rows.filter((row) => keep(row.type, JSON.parse(row.data))).map((row) => String(row.position));
    } finally {
      db.close();
    }
  };
  const lastPosition = (keep: Parameters<typeof positions>[0]) => positions(keep).at(-1)!;
  const firstPosition = (keep: Parameters<typeof positions>[0]) => positions(keep)[0]!;

  beforeAll(async () => {
    const demo = await runCli(['demo'], { LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: TEST_JWT_SECRET });
    expect(demo.code).toBe(0);
    api = await ApiProcess.start({ dataDir, env: { LEDGER_CLOCK_NOW: `${ON}T12:00:00Z` } });
    admin = await api.adminToken();
    const { partnerships } = (await api.graphql<any>('{ partnerships(first: 100) { nodes { id name } } }', {}, admin)).data!;
    llr = partnerships.nodes.find((node: { name: string }) => node.name.startsWith('Leicester, Leicestershire and Rutland'))!.id;
    leicester = partnerships.nodes.find((node: { name: string }) => node.name === 'Leicester City Health and Wellbeing Board')!.id;
    await api.grant('auditor-as-of', 'AUDITOR', { partnershipId: llr });
    await api.grant('secretariat-as-of', 'SECRETARIAT', { partnershipId: llr });
    const { organisations } = (await api.graphql<any>('query($id: ID!) { partnership(id: $id) { organisations(first: 1) { nodes { id } } } }', { id: llr }, admin)).data!.partnership;
    await api.grant('partner-as-of', 'PARTNER', { organisationId: organisations.nodes[0].id });
  });

  afterAll(async () => {
    await api?.stop();
  });

  /** The LLR system's actions as of `on`, from demo-data.ts alone: only the updates reported by then. */
  const llrActionsAsOf = (on: string) =>
    [...actionInstances(), ...raisedActionInstances()]
      .filter(({ action }: DemoActionInstance) => action.commitment && COMMITMENTS.find((commitment) => commitment.key === action.commitment)!.partnership === 'llr')
      .map((instance) => {
        const updates = historyOf(instance).updates.filter((update) => update.reportedOn <= on);
        return {
          status: updates.at(-1)?.status ?? 'NOT_STARTED',
          dueDate: instance.action.dueDate,
          plannedOn: instance.action.plannedOn,
          completedOn: updates.find((update) => update.status === 'COMPLETED')?.reportedOn ?? null,
          lastReportedOn: updates.at(-1)?.reportedOn ?? null,
        };
      });

  const DASHBOARD = `query($id: ID!, $asAt: AsAtInput) { dashboard(partnershipId: $id, asAt: $asAt) { today actionSummary { ${SUMMARY_FIELDS} } commitmentsByStatus { status count }
    overdueActions(first: 1) { totalCount } silentActions(first: 1) { totalCount } } }`;

  it(`shows the LLR dashboard as the board saw it on ${ON}, equal to a fold of the demo’s inputs`, async () => {
    const position = lastPosition((type, data) => type === 'ActionUpdateSubmitted' && (data['reportedOn'] as string) <= ON);
    const figures = figuresOf(llrActionsAsOf(ON), ON);
    const { dashboard } = await ok(DASHBOARD, { id: llr, asAt: { position } });
    expect(dashboard).toEqual({
      today: ON,
      actionSummary: figures,
      commitmentsByStatus: [{ status: 'ACTIVE', count: COMMITMENTS.filter((commitment) => commitment.partnership === 'llr').length }],
      overdueActions: { totalCount: figures.overdue },
      silentActions: { totalCount: figures.silent },
    });
    // The live dashboard holds every update, later ones too: the two differ.
    expect((await ok(DASHBOARD, { id: llr })).dashboard.actionSummary).not.toEqual(figures);
    // As of the head, the same as live.
    expect((await ok(DASHBOARD, { id: llr, asAt: { position: await head() } })).dashboard).toEqual((await ok(DASHBOARD, { id: llr })).dashboard);
  });

  it(`holds only the updates reported by ${BETWEEN}, between the meetings of ${BEFORE} and ${AFTER}, at the position that recorded the last of them`, async () => {
    expect(BEFORE! < BETWEEN && BETWEEN < AFTER!).toBe(true);
    const position = lastPosition((type, data) => type === 'ActionUpdateSubmitted' && (data['reportedOn'] as string) <= BETWEEN);
    // Judged on the day the log was read at (the clock's), since the demo recorded it all later.
    expect((await ok(DASHBOARD, { id: llr, asAt: { position } })).dashboard.actionSummary).toEqual(figuresOf(llrActionsAsOf(BETWEEN), ON));
  });

  it('reads a commitment and its actions’ RAG as of a position, through the same fields as live', async () => {
    const position = lastPosition((type, data) => type === 'ActionUpdateSubmitted' && (data['reportedOn'] as string) <= ON);
    const { commitments } = await ok('query($id: ID!) { commitments(partnershipId: $id, first: 1) { nodes { id } } }', { id: llr });
    const COMMITMENT = `query($id: ID!, $asAt: AsAtInput) { commitment(id: $id, asAt: $asAt) { id title status owningOrganisation { name }
      actions(first: 100) { totalCount nodes { id status rag latestUpdate { reportedOn } } } } }`;
    const asOf = (await ok(COMMITMENT, { id: commitments.nodes[0].id, asAt: { position } })).commitment;
    for (const action of asOf.actions.nodes) expect(action.latestUpdate === null || action.latestUpdate.reportedOn <= ON).toBe(true);
    expect((await ok(COMMITMENT, { id: commitments.nodes[0].id, asAt: { position: await head() } })).commitment).toEqual(
      (await ok(COMMITMENT, { id: commitments.nodes[0].id })).commitment,
    );
  });

  it('lists exactly the changes made between two points: reschedules, reassignments, status moves, amendments, RAG moves', async () => {
    const from = await head();
    // Three open actions agreed by then, each owned by an organisation.
    const { actions } = await ok(
      'query($id: ID!) { actions(filter: { partnershipId: $id }, first: 100) { nodes { id status dueDate plannedOn commitment { id title } owningOrganisation { id } } } }',
      { id: llr },
    );
    const candidates = actions.nodes.filter((node: any) => node.commitment && node.status !== 'COMPLETED' && node.status !== 'CANCELLED' && node.plannedOn <= ON && node.owningOrganisation);
    expect(candidates.length).toBeGreaterThanOrEqual(3);
    const [moved, handed, updated] = candidates;
    const commitment = moved.commitment;
    const { partnership } = await ok('query($id: ID!) { partnership(id: $id) { organisations(first: 100) { nodes { id } } } }', { id: llr });
    const newOwner = partnership.organisations.nodes.find((node: { id: string }) => node.id !== handed.owningOrganisation.id).id;

    const write = (mutation: string, input: object) => ok(mutation, { input }, secretariat);
    await write('mutation($input: RescheduleActionInput!) { rescheduleAction(input: $input) { action { id } } }', { actionId: moved.id, dueDate: '2021-12-31', reason: 'Waiting for funding' });
    await write('mutation($input: ReassignActionInput!) { reassignAction(input: $input) { action { id } } }', { actionId: handed.id, owningOrganisationId: newOwner, reason: 'Lead moved' });
    const toStatus = updated.status === 'OFF_TRACK' ? 'ON_TRACK' : 'OFF_TRACK';
    await write('mutation($input: SubmitActionUpdateInput!) { submitActionUpdate(input: $input) { update { id } } }', { actionId: updated.id, status: toStatus, whatHasHappened: 'Checked.' });
    await write('mutation($input: AmendCommitmentInput!) { amendCommitment(input: $input) { commitment { id } } }', { commitmentId: commitment.id, title: `${commitment.title} (amended)`, reason: 'Clearer title' });
    const to = await head();

    const { changesBetween } = await ok(
      `query($id: ID!, $from: AsAtInput!, $to: AsAtInput!) { changesBetween(partnershipId: $id, from: $from, to: $to) {
        from { position date } to { position date } eventCount
        commitmentsMade { commitmentId } commitmentsClosed { commitmentId }
        commitmentsAmended { commitmentId title reason changedFields }
        statusMoves { actionId fromStatus toStatus reportedOn reason }
        reschedules { actionId previousDueDate dueDate reason }
        reassignments { actionId previousOwningOrganisationId owningOrganisationId reason }
        ragMoves { actionId fromRag toRag } missedDeadlines { actionId } } }`,
      { id: llr, from: { position: from }, to: { position: to } },
    );
    expect(changesBetween).toMatchObject({
      from: { position: from, date: ON },
      to: { position: to, date: ON },
      eventCount: 4,
      commitmentsMade: [],
      commitmentsClosed: [],
      commitmentsAmended: [{ commitmentId: commitment.id, title: `${commitment.title} (amended)`, reason: 'Clearer title', changedFields: ['title'] }],
      statusMoves: [{ actionId: updated.id, fromStatus: updated.status, toStatus, reportedOn: ON, reason: null }],
      reschedules: [{ actionId: moved.id, previousDueDate: moved.dueDate, dueDate: '2021-12-31', reason: 'Waiting for funding' }],
      reassignments: [{ actionId: handed.id, previousOwningOrganisationId: handed.owningOrganisation.id, owningOrganisationId: newOwner, reason: 'Lead moved' }],
      // Both points are judged on the same day: nothing fell due in between.
      missedDeadlines: [],
    });
    // Its secretariat may read them too.
    expect((await ok('query($id: ID!, $from: AsAtInput!, $to: AsAtInput!) { changesBetween(partnershipId: $id, from: $from, to: $to) { eventCount } }', { id: llr, from: { position: from }, to: { position: to } }, secretariat)).changesBetween.eventCount).toBe(4);
    // Each RAG move is an action changed in between.
    for (const move of changesBetween.ragMoves) expect([moved.id, updated.id]).toContain(move.actionId);
  });

  it('finds nothing as of a demo meeting or an instant before the load: as of is by recorded time, and the demo was recorded after', async () => {
    const { meetings } = await ok('query($id: ID!) { meetings(partnershipId: $id, first: 10) { nodes { id date } } }', { id: leicester });
    const meeting = meetings.nodes.find((node: { date: string }) => node.date === BEFORE);
    for (const asAt of [{ meetingId: meeting.id }, { time: `${BETWEEN}T12:00:00Z` }]) {
      const { errors } = await call(DASHBOARD, { id: llr, asAt });
      expect(errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    }
  });

  it('gives the progress reviewed at a meeting as it stood, the same as live at the head', async () => {
    const { meetings } = await ok('query($id: ID!) { meetings(partnershipId: $id, first: 10) { nodes { id date } } }', { id: leicester });
    const meetingId = meetings.nodes.find((node: { date: string }) => node.date === AFTER).id;
    const PROGRESS = `query($id: ID!, $asAt: AsAtInput) { progressSinceLastMeeting(meetingId: $id, asAt: $asAt) { date previousMeetingDate
      organisations { organisationId actions { actionId status silent updates { updateId status submittedOn } } } partnerships { partnershipId actions { actionId } } } }`;
    const live = (await ok(PROGRESS, { id: meetingId })).progressSinceLastMeeting;
    expect((await ok(PROGRESS, { id: meetingId, asAt: { position: await head() } })).progressSinceLastMeeting).toEqual(live);
    // Before the demo's updates were recorded, every action reviewed there was silent.
    const beforeUpdates = String(Number(firstPosition((type) => type === 'ActionUpdateSubmitted')) - 1);
    const early = (await ok(PROGRESS, { id: meetingId, asAt: { position: beforeUpdates } })).progressSinceLastMeeting;
    expect(early.organisations.length).toBeGreaterThan(0);
    for (const { actions } of early.organisations) for (const action of actions) expect(action).toMatchObject({ silent: true, updates: [] });
    // Live, some were reported on.
    expect(live.organisations.some(({ actions }: any) => actions.some((action: any) => !action.silent))).toBe(true);
  });

  it('refuses a position beyond the head, a malformed one, and two points at once, naming the field and the rule', async () => {
    // Far beyond: recording this very read in the audit access log moves the head on by one.
    const beyond = String(Number(await head()) + 1000);
    const refusal = async (asAt: object) => (await call(DASHBOARD, { id: llr, asAt })).errors?.[0]?.extensions;
    expect(await refusal({ position: beyond })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'asAt.position', rule: 'notBeyondHead' });
    expect(await refusal({ position: 'not-a-position' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'asAt.position', rule: 'isPosition' });
    expect(await refusal({ position: '1', time: `${ON}T00:00:00Z` })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'asAt', rule: 'exactlyOne' });
    expect(await refusal({ time: '2099-01-01T00:00:00Z' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'asAt.time', rule: 'notAfterNow' });
    const backwards = await call('query($id: ID!) { changesBetween(partnershipId: $id, from: { position: "20" }, to: { position: "10" }) { eventCount } }', { id: llr });
    expect(backwards.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to', rule: 'notBeforeFrom' });
  });

  it('refuses a partner: only the partnership’s auditors and secretariat read it as it stood', async () => {
    const refused = await call(DASHBOARD, { id: llr, asAt: { position: '1' } }, partner);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(refused.errors?.[0]?.extensions?.['required']).toEqual(expect.arrayContaining([expect.objectContaining({ role: 'AUDITOR', partnershipId: llr })]));
    const changes = await call('query($id: ID!) { changesBetween(partnershipId: $id, from: { position: "1" }, to: { position: "2" }) { eventCount } }', { id: llr }, partner);
    expect(changes.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('records every as-of read in the audit access log of the partnership read, with who read what', async () => {
    // The reads above were the auditor's; the log is a read model, so the latest records show once it has caught up.
    const readsOf = async (partnershipId: string) => {
      const { auditAccessLog } = await ok('query($id: ID!) { auditAccessLog(partnershipId: $id, first: 100) { nodes { what reader { role } } } }', { id: partnershipId });
      // Reading the log is recorded too, but races its own read: left out here.
      const asOfReads = auditAccessLog.nodes.filter((read: { what: string; reader: { role: string } }) => read.reader.role === 'AUDITOR' && read.what !== 'AUDIT_ACCESS_LOG');
      return asOfReads.map((read: { what: string }) => read.what) as string[];
    };
    let seen = { llr: [] as string[], leicester: [] as string[] };
    for (let attempt = 0; attempt < 50 && !(seen.llr.includes('CHANGES_BETWEEN') && seen.leicester.includes('PROGRESS_AS_OF')); attempt++) {
      await new Promise((done) => setTimeout(done, 100));
      seen = { llr: await readsOf(llr), leicester: await readsOf(leicester) };
    }
    expect(new Set(seen.llr)).toEqual(new Set(['DASHBOARD_AS_OF', 'COMMITMENT_AS_OF', 'CHANGES_BETWEEN']));
    // The meeting is the Leicester board's: its read is on Leicester's log.
    expect(new Set(seen.leicester)).toEqual(new Set(['PROGRESS_AS_OF']));
  });
});
