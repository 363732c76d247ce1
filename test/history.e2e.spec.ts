import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { ANY, SqliteEventStore } from '@ledger/event-store';
import { actionInstances, historyOf, PARTNERSHIPS } from '../apps/cli/src/demo/demo-data.js';
import { ApiProcess, newDataDir, runCli, TEST_JWT_SECRET, tokenOf } from './support/api-process.js';

/** The views' "today": the Monday after the LLR framework's 30 October 2021 deadline. */
const TODAY = '2021-11-01';
const REASON = 'Audit tool procurement moved to the 2026-27 plan';

type Entry = {
  position: string;
  streamId: string;
  revision: string;
  type: string;
  businessDate: string | null;
  recordedAt: string;
  actor: { personId: string; name: string | null; erased: boolean; role: string; organisationId: string | null; organisation: { name: string } | null };
  summary: string;
  changes: { field: string; from: string | null; to: string | null }[];
  reason: string | null;
};
const ENTRY = 'position streamId revision type businessDate recordedAt actor { personId name erased role organisationId organisation { name } } summary changes { field from to } reason';

describe('history for auditors, on the demo partnership', () => {
  const dataDir = newDataDir();
  const env = { LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: TEST_JWT_SECRET };
  let api: ApiProcess;
  const tokens: Record<string, string> = {};
  const partnershipIds = new Map<string, string>();
  let action7 = '';
  let rescheduled = '';
  let partnerOrganisation = '';

  const call = (token: string, text: string, variables: object = {}) => api.graphql<any>(text, variables, token);
  const ok = async (token: string, text: string, variables: object = {}) => {
    const response = await call(token, text, variables);
    expect(response.errors).toBeUndefined();
    return response.data!;
  };
  /** Every page of a history, as a client loads it in batches. */
  const wholeHistory = async (token: string, field: string, id: string) => {
    const entries: Entry[] = [];
    let after: string | null = null;
    let totalCount = 0;
    do {
      const data = await ok(token, `query($id: ID!, $after: String) { ${field}(id: $id, first: 50, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ${ENTRY} } } }`, { id, after });
      const page = data[field];
      entries.push(...page.nodes);
      totalCount = page.totalCount;
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(entries).toHaveLength(totalCount);
    return entries;
  };

  beforeAll(async () => {
    const demo = await runCli(['demo'], env);
    expect(demo.code).toBe(0);
    api = await ApiProcess.start({ dataDir, env: { LEDGER_CLOCK_NOW: `${TODAY}T12:00:00Z` } });
    const admin = await api.adminToken();
    const { partnerships } = await ok(admin, '{ partnerships(first: 100) { nodes { id name } } }');
    for (const partnership of PARTNERSHIPS) partnershipIds.set(partnership.key, partnerships.nodes.find((node: { name: string }) => node.name === partnership.name).id);
    const llr = partnershipIds.get('llr')!;
    const { commitments } = await ok(admin, 'query($id: ID!) { commitments(partnershipId: $id, first: 100) { nodes { id title owningOrganisation { id } } } }', { id: llr });
    const commitment = commitments.nodes.find((node: { title: string }) => node.title.startsWith('Action 7:'));
    action7 = commitment.id;
    partnerOrganisation = commitment.owningOrganisation.id;
    await api.grant('secretariat@llr.example', 'SECRETARIAT', { partnershipId: llr });
    await api.grant('auditor@llr.example', 'AUDITOR', { partnershipId: llr });
    await api.grant('auditor@platform.example', 'AUDITOR');
    await api.grant('secretariat@leeds.example', 'SECRETARIAT', { partnershipId: partnershipIds.get('leeds')! });
    await api.grant('partner@llr.example', 'PARTNER', { organisationId: commitment.owningOrganisation.id });
    tokens.secretariat = await tokenOf('secretariat@llr.example', { name: 'Sam Secretary' });
    tokens.auditor = await tokenOf('auditor@llr.example', { name: 'Alex Auditor' });
    tokens.platformAuditor = await tokenOf('auditor@platform.example', { name: 'Pat Platform' });
    tokens.leedsSecretariat = await tokenOf('secretariat@leeds.example', { name: 'Lee Leeds' });
    tokens.partner = await tokenOf('partner@llr.example', { name: 'Parveen Partner' });
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('shows the reschedule of one of Action 7’s actions in the commitment’s timeline: who, when, why, and the due date old → new', async () => {
    const { commitment } = await ok(tokens.secretariat!, 'query($id: ID!) { commitment(id: $id) { actions(first: 100) { nodes { id dueDate status } } } }', { id: action7 });
    rescheduled = commitment.actions.nodes.find((node: { dueDate: string; status: string }) => node.dueDate === '2021-10-30' && !['COMPLETED', 'CANCELLED'].includes(node.status)).id;
    await ok(tokens.secretariat!, 'mutation($input: RescheduleActionInput!) { rescheduleAction(input: $input) { position } }', {
      input: { actionId: rescheduled, dueDate: '2027-03-31', reason: REASON },
    });

    const timeline = await wholeHistory(tokens.auditor!, 'commitmentHistory', action7);
    const entry = timeline.find((candidate) => candidate.type === 'ActionRescheduled' && candidate.streamId === `action-${rescheduled}`);
    expect(entry).toMatchObject({
      summary: `Rescheduled from 2021-10-30 to 2027-03-31: ${REASON}`,
      changes: [{ field: 'dueDate', from: '2021-10-30', to: '2027-03-31' }],
      reason: REASON,
      actor: { name: 'Sam Secretary', erased: false, role: 'SECRETARIAT', organisationId: null },
      businessDate: null,
    });
    // The newest event of the log so far is the reschedule: it is last, and the timeline is in log order.
    expect(timeline.at(-1)).toEqual(entry);
    const positions = timeline.map((candidate) => BigInt(candidate.position));
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('shows a partner’s update with the organisation they acted for, its status and percent complete old → new', async () => {
    const { commitment } = await ok(tokens.secretariat!, 'query($id: ID!) { commitment(id: $id) { actions(first: 100) { nodes { id status percentComplete owningOrganisation { id name } } } } }', { id: action7 });
    const own = commitment.actions.nodes.find(
      (node: { id: string; status: string; owningOrganisation: { id: string } | null }) =>
        node.id !== rescheduled && node.owningOrganisation?.id === partnerOrganisation && !['COMPLETED', 'CANCELLED'].includes(node.status),
    );
    await ok(tokens.partner!, 'mutation($input: SubmitActionUpdateInput!) { submitActionUpdate(input: $input) { position } }', {
      input: { actionId: own.id, status: 'AT_RISK', percentComplete: 70, whatHasHappened: 'Audit tool trialled in two projects' },
    });
    const entries = await wholeHistory(tokens.auditor!, 'actionHistory', own.id);
    expect(entries.at(-1)).toMatchObject({
      type: 'ActionUpdateSubmitted',
      businessDate: TODAY,
      actor: { name: 'Parveen Partner', role: 'PARTNER', organisationId: partnerOrganisation, organisation: { name: own.owningOrganisation.name } },
      changes: expect.arrayContaining([{ field: 'percentComplete', from: own.percentComplete === null ? null : String(own.percentComplete), to: '70' }]),
    });
  });

  it('lists every change of the commitment and its actions: made, planned, and every seeded update with its status and percent old → new', async () => {
    const timeline = await wholeHistory(tokens.auditor!, 'commitmentHistory', action7);
    const instances = actionInstances().filter((instance) => instance.action.commitment === 'llr-action-7');
    const updates = instances.reduce((sum, instance) => sum + historyOf(instance).updates.length, 0);
    expect(timeline[0]).toMatchObject({ type: 'CommitmentMade', streamId: `commitment-${action7}`, businessDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(timeline.filter((entry) => entry.type === 'ActionPlanned')).toHaveLength(instances.length);
    const updateEntries = timeline.filter((entry) => entry.type === 'ActionUpdateSubmitted');
    // The seeded updates, and the partner's one above.
    expect(updateEntries).toHaveLength(updates + 1);
    for (const entry of updateEntries) {
      expect(entry.businessDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(entry.actor.role).toBeTruthy();
      // Every update changes its status, its percent complete, or both.
      expect(entry.changes.map((change) => change.field).filter((field) => ['status', 'percentComplete'].includes(field)).length).toBeGreaterThan(0);
      for (const change of entry.changes) expect(change.from).not.toEqual(change.to);
    }
  });

  it('gives an action’s own history to a platform auditor, and a partnership’s', async () => {
    const entries = await wholeHistory(tokens.platformAuditor!, 'actionHistory', rescheduled);
    expect(entries[0]).toMatchObject({ type: 'ActionPlanned', revision: '0', changes: expect.arrayContaining([{ field: 'dueDate', from: null, to: '2021-10-30' }]) });
    expect(entries.at(-1)).toMatchObject({ type: 'ActionRescheduled', reason: REASON });
    expect(entries.every((entry) => entry.streamId === `action-${rescheduled}`)).toBe(true);
    const partnership = await wholeHistory(tokens.secretariat!, 'partnershipHistory', partnershipIds.get('llr')!);
    expect(partnership[0]).toMatchObject({ type: 'PartnershipFormed', revision: '0' });
  });

  it('refuses a partner, naming the grants that would allow it', async () => {
    const refused = await call(tokens.partner!, 'query($id: ID!) { commitmentHistory(id: $id) { totalCount } }', { id: action7 });
    expect(refused.data).toBeNull();
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      required: [
        { role: 'AUDITOR', partnershipId: partnershipIds.get('llr') },
        { role: 'SECRETARIAT', partnershipId: partnershipIds.get('llr') },
      ],
    });
    expect(refused.errors?.[0]?.message).toMatch(/AUDITOR of partnership .* or SECRETARIAT of partnership/);
  });

  it('hostile: another partnership’s secretariat asking for LLR’s commitment by id is FORBIDDEN, and learns nothing of it', async () => {
    for (const field of ['commitmentHistory', 'actionHistory']) {
      const refused = await call(tokens.leedsSecretariat!, `query($id: ID!) { ${field}(id: $id) { totalCount nodes { summary } } }`, { id: field === 'commitmentHistory' ? action7 : rescheduled });
      expect({ field, data: refused.data, code: refused.errors?.[0]?.extensions.code }).toEqual({ field, data: null, code: 'FORBIDDEN' });
    }
    const log = await call(tokens.leedsSecretariat!, 'query($id: ID!) { auditAccessLog(partnershipId: $id) { totalCount } }', { id: partnershipIds.get('llr') });
    expect(log.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('refuses a page of more than 100 entries, naming the argument', async () => {
    const refused = await call(tokens.auditor!, 'query($id: ID!) { commitmentHistory(id: $id, first: 101) { totalCount } }', { id: action7 });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('records every history read, and lists who read what in the audit access log; refused reads are not recorded as reads', async () => {
    const llr = partnershipIds.get('llr')!;
    type Read = { reader: { name: string | null; role: string }; what: string; subjectId: string; at: string; position: string };
    let reads: Read[] = [];
    // The log is a read model: the latest records show once the projections have caught up.
    for (let attempt = 0; attempt < 50; attempt++) {
      const { auditAccessLog } = await ok(tokens.secretariat!, 'query($id: ID!) { auditAccessLog(partnershipId: $id, first: 100) { totalCount nodes { reader { name role } what subjectId at position } } }', { id: llr });
      reads = auditAccessLog.nodes;
      if (reads.some((read) => read.what === 'PARTNERSHIP_HISTORY')) break;
      await new Promise((done) => setTimeout(done, 100));
    }
    expect(reads).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ reader: { name: 'Alex Auditor', role: 'AUDITOR' }, what: 'COMMITMENT_HISTORY', subjectId: action7, at: `${TODAY}T12:00:00.000Z` }),
        expect.objectContaining({ reader: { name: 'Pat Platform', role: 'AUDITOR' }, what: 'ACTION_HISTORY', subjectId: rescheduled }),
        expect.objectContaining({ reader: { name: 'Sam Secretary', role: 'SECRETARIAT' }, what: 'PARTNERSHIP_HISTORY', subjectId: llr }),
      ]),
    );
    expect(reads.map((read) => read.reader.name)).not.toContain('Parveen Partner');
    expect(reads.map((read) => read.reader.name)).not.toContain('Lee Leeds');
    const refused = await call(tokens.partner!, 'query($id: ID!) { auditAccessLog(partnershipId: $id) { totalCount } }', { id: llr });
    expect(refused.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('shows a person whose personal data was erased as "erased", history unchanged otherwise', async () => {
    const before = await wholeHistory(tokens.auditor!, 'actionHistory', rescheduled);
    const personId = before.at(-1)!.actor.personId;
    const erased = await runCli(['erase-person', personId], env);
    expect(erased.code).toBe(0);
    const after = await wholeHistory(tokens.auditor!, 'actionHistory', rescheduled);
    expect(after.at(-1)!.actor).toEqual({ ...before.at(-1)!.actor, name: 'erased', erased: true });
    expect(after.map(({ actor: _actor, ...entry }) => entry)).toEqual(before.map(({ actor: _actor, ...entry }) => entry));
  });

  it('replays a stream from the CLI as a timeline, or NDJSON with --json; an unknown stream is a clear error', async () => {
    const timeline = await runCli(['replay', `action-${rescheduled}`], env);
    expect(timeline.code).toBe(0);
    const lines = timeline.stdout.trim().split('\n');
    expect(lines.at(-1)).toMatch(new RegExp(`^#\\d+  \\S+  -  erased \\(SECRETARIAT\\)  ActionRescheduled: Rescheduled from 2021-10-30 to 2027-03-31: ${REASON}  \\[dueDate: 2021-10-30 → 2027-03-31\\]$`));
    const json = await runCli(['replay', `action-${rescheduled}`, '--json'], env);
    const entries = json.stdout.trim().split('\n').map((line) => JSON.parse(line) as Entry);
    expect(entries).toHaveLength(lines.length);
    expect(entries.at(-1)).toMatchObject({ type: 'ActionRescheduled', changes: [{ field: 'dueDate', from: '2021-10-30', to: '2027-03-31' }], reason: REASON, actor: { name: 'erased', role: 'SECRETARIAT' } });
    const unknown = await runCli(['replay', 'commitment-0190a1b2-0000-7000-8000-0000000000ff'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No stream commitment-0190a1b2-0000-7000-8000-0000000000ff in the log');
  });
});

describe('npm run cli -- replay on a long stream', () => {
  it('reports its progress on stderr while the timeline goes to stdout', async () => {
    const dataDir = newDataDir();
    const store = new SqliteEventStore({ filename: join(dataDir, 'events.sqlite') });
    const actionId = '0190a1b2-0000-7000-8000-0000000000a1';
    const metadata = { actor: { personId: '0190a1b2-0000-7000-8000-0000000000e1', grantId: null, role: 'OPERATOR' as const, organisationId: null }, correlationId: 'c', causationId: 'c', schemaVersion: 1 };
    const update = (i: number) => ({
      id: uuidv7(),
      type: 'ActionUpdateSubmitted',
      data: { actionId, updateId: uuidv7(), status: 'ON_TRACK', previousStatus: 'ON_TRACK', percentComplete: i % 100, whatHasHappened: `Week ${i}`, whatMoreIsToBeDone: null, evidenceLinks: [], submittedAt: '2021-11-01T10:00:00.000Z' },
      metadata,
    });
    for (let batch = 0; batch < 12; batch++) {
      await store.appendToStream(`action-${actionId}`, Array.from({ length: 100 }, (_, i) => update(batch * 100 + i)), { expectedRevision: ANY });
    }
    await store.close();
    const replay = await runCli(['replay', `action-${actionId}`], { LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: TEST_JWT_SECRET });
    expect(replay.code).toBe(0);
    expect(replay.stdout.trim().split('\n')).toHaveLength(1200);
    expect(replay.stdout).toContain('ActionUpdateSubmitted: Update: ON_TRACK, 1% complete: Week 1  [percentComplete: 0 → 1]');
    expect(replay.stderr).toMatch(/^action-\S+: 1000 events replayed$/m);
    expect(replay.stderr).toMatch(/^action-\S+: done, 1200 events$/m);
  });
});
