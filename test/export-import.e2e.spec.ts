import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PARTNERSHIPS } from '../apps/cli/src/demo/demo-data.js';
import { ApiProcess, newDataDir, runCli, TEST_JWT_SECRET, tokenOf } from './support/api-process.js';

/** The views' "today": the Monday after the LLR framework's 30 October 2021 deadline, as in the demo test. */
const TODAY = '2021-11-01';
const CLOCK = { LEDGER_CLOCK_NOW: `${TODAY}T12:00:00Z` };
const VERIFIER = join(process.cwd(), 'tools/verify-export.mjs');

type EventRow = { position: number; event_id: string; stream_id: string; stream_revision: number; type: string; data: string; metadata: string; recorded_at: string };
const eventsIn = (dataDir: string): EventRow[] => {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
  try {
    return db.prepare<[], EventRow>('SELECT * FROM events ORDER BY position').all();
  } finally {
    db.close();
  }
};
const linesOf = (path: string) => readFileSync(path, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
/** Every file of an export, as one text: what a search for a name must not find. */
const exportText = (dir: string) => readdirSync(dir).map((file) => readFileSync(join(dir, file), 'utf8')).join('\n');
const verify = (...args: string[]) => spawnSync(process.execPath, [VERIFIER, ...args], { encoding: 'utf8' });

describe('export, import and forgetting a person, on the demo', () => {
  const source = newDataDir();
  const env = (dataDir: string) => ({ LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: TEST_JWT_SECRET });
  const apis: ApiProcess[] = [];
  let api: ApiProcess;
  let admin: string;
  const partnershipIds = new Map<string, string>();

  const query = async <T = Record<string, any>>(on: ApiProcess, text: string, variables?: object, token = admin) => {
    const response = await on.graphql<T>(text, variables, token);
    expect(response.errors).toBeUndefined();
    return response.data!;
  };
  const start = async (dataDir: string) => {
    const started = await ApiProcess.start({ dataDir, env: CLOCK });
    apis.push(started);
    return started;
  };

  /** What the board views show for every demo partnership (the LLR system's dashboard first), as JSON. */
  const views = async (on: ApiProcess) => {
    const SUMMARY = 'actionSummary { total completed completedOnTime overdue dueSoon silent lastReportedOn byRag { green amber red grey none } }';
    const shown: unknown[] = [];
    for (const partnership of PARTNERSHIPS) {
      shown.push(
        await query(
          on,
          `query($id: ID!) { dashboard(partnershipId: $id) { today ${SUMMARY} commitmentsByStatus { status count } openChallengeCount
            overdueActions(first: 20) { totalCount nodes { id rag } } silentActions(first: 20) { totalCount nodes { id } } }
            sectorBreakdown(partnershipId: $id) { sectors { sector ${SUMMARY} } }
            priorityCoverage(partnershipId: $id, first: 20) { nodes { gap commitmentCount ${SUMMARY} } }
            commitments(partnershipId: $id, first: 100) { totalCount nodes { id title status } } }`,
          { id: partnershipIds.get(partnership.key) },
        ),
      );
    }
    return JSON.stringify(shown);
  };

  /** Every partnership's board with names, every grant with its person's name, allies, and the submitters of the given actions' updates. */
  const peopleShown = async (on: ApiProcess, actionIds: readonly string[] = []) => {
    const shown: unknown[] = [];
    for (const id of partnershipIds.values()) {
      shown.push(
        await query(
          on,
          `query($id: ID!) { partnership(id: $id) { members(first: 50) { nodes { id name roleTitle } } }
            grants(partnershipId: $id, first: 50) { nodes { person { id name } grantedBy { id name } } }
            allyshipPairings(partnershipId: $id, first: 20) { nodes { ally { person { id name } } } } }`,
          { id },
        ),
      );
    }
    for (const id of actionIds) {
      shown.push(await query(on, 'query($id: ID!) { action(id: $id) { updates(first: 50) { nodes { submittedBy { id name } whatHasHappened } } } }', { id }));
    }
    return JSON.stringify(shown);
  };

  beforeAll(async () => {
    const demo = await runCli(['demo'], env(source));
    expect(demo.code).toBe(0);
    api = await start(source);
    admin = await api.adminToken();
    const { partnerships } = await query<{ partnerships: { nodes: { id: string; name: string }[] } }>(api, '{ partnerships(first: 100) { nodes { id name } } }');
    for (const partnership of PARTNERSHIPS) partnershipIds.set(partnership.key, partnerships.nodes.find((node) => node.name === partnership.name)!.id);
  });

  afterAll(async () => {
    await Promise.all(apis.map((running) => running.stop()));
  });

  describe('export and import', () => {
    const exported = join(newDataDir(), 'export');
    const imported = newDataDir();

    it('exports the whole log with progress, a manifest and the personal data apart; an import into an empty folder has every event as it was and shows the same views', async () => {
      const run = await runCli(['export', exported, '--with-personal-data'], env(source));
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(/^export: (\d+)\/\1 events$/m);
      const rows = eventsIn(source);
      const manifest = JSON.parse(readFileSync(join(exported, 'manifest.json'), 'utf8'));
      expect(manifest).toMatchObject({
        format: 'partnership-ledger-export/1',
        scope: { kind: 'log' },
        events: { file: 'events.ndjson', count: rows.length },
        streams: new Set(rows.map((row) => row.stream_id)).size,
        firstPosition: '1',
        lastPosition: String(rows.length),
        personalData: { file: 'people.ndjson' },
      });
      const lines = linesOf(join(exported, 'events.ndjson'));
      expect(Object.keys(lines[0]).sort()).toEqual(['data', 'id', 'metadata', 'position', 'recordedAt', 'streamId', 'streamRevision', 'type']);
      // Names live only in people.ndjson, never in the events.
      const people = linesOf(join(exported, 'people.ndjson'));
      const named = people.filter((row) => row.kind === 'person' && row.name).map((row) => row.name as string);
      expect(named.length).toBeGreaterThan(5);
      const eventsText = readFileSync(join(exported, 'events.ndjson'), 'utf8');
      expect(named.filter((name) => eventsText.includes(name))).toEqual([]);

      const load = await runCli(['import', exported], env(imported));
      expect(load.code).toBe(0);
      expect(load.stderr).toMatch(/^import: (\d+)\/\1 events$/m);
      expect(load.stderr).toMatch(/^Rebuilding: (\d[\d,]*)\/\1 events \(100%\)/m);
      expect(load.stdout).toContain(`Imported ${rows.length} events and ${people.length} personal-data rows`);
      // Same ids, streams, revisions, data, metadata (so the same hashes) and recorded times, at the same positions.
      expect(eventsIn(imported)).toEqual(rows);

      // Equal tree heads: the manifest's signed checkpoint verifies offline, and the imported log's own tree has its root.
      expect(manifest.treeHead).toEqual({ treeSize: rows.length, rootHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(manifest.checkpoint).toMatchObject({ treeSize: rows.length, position: String(rows.length), rootHash: manifest.treeHead.rootHash });
      const key = join(exported, '..', 'checkpoint-key.pem');
      writeFileSync(key, (await runCli(['checkpoint-key'], env(source))).stdout);
      const offline = verify(exported, join(exported, 'manifest.json'), key);
      expect(offline.stdout).toContain(`ok   tree: the Merkle root over the first ${rows.length} events equals the checkpoint's ${manifest.treeHead.rootHash}`);
      expect(offline.stdout).toMatch(/ok {3}signature: .*\nVERIFIED\n$/);
      const importedHead = JSON.parse((await runCli(['checkpoint'], env(imported))).stdout);
      expect(importedHead).toMatchObject({ treeSize: rows.length, rootHash: manifest.checkpoint.rootHash });

      const copy = await start(imported);
      expect(await views(copy)).toBe(await views(api));
      const someActions = (await query(api, '{ actions(first: 5) { nodes { id } } }')).actions.nodes.map((node: { id: string }) => node.id);
      expect(await peopleShown(copy, someActions)).toBe(await peopleShown(api, someActions));
      await copy.stop();
    });

    it('refuses to import into a store that holds events, saying why and changing nothing', async () => {
      const before = eventsIn(imported).length;
      const again = await runCli(['import', exported], env(imported));
      expect(again.code).toBe(1);
      expect(again.stderr).toContain(`it already holds ${before} events; import writes only into an empty store`);
      expect(eventsIn(imported)).toHaveLength(before);
    });

    it('refuses an export whose events file no longer matches its manifest', async () => {
      const edited = join(newDataDir(), 'export');
      expect((await runCli(['export', edited], env(source))).code).toBe(0);
      const path = join(edited, 'events.ndjson');
      writeFileSync(path, readFileSync(path, 'utf8').replace('"Action 7', '"Action 8'));
      const refused = await runCli(['import', edited], env(newDataDir()));
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/events\.ndjson does not match manifest\.json .*: edited or truncated; nothing was imported/);
    });

    it('exports one partnership: whole streams of its own, none of another partnership', async () => {
      const leeds = partnershipIds.get('leeds')!;
      const dir = join(newDataDir(), 'leeds');
      const run = await runCli(['export', dir, '--partnership', leeds], env(source));
      expect(run.code).toBe(0);
      const lines = linesOf(join(dir, 'events.ndjson'));
      const streams = new Set(lines.map((line) => line.streamId as string));
      expect(streams.has(`partnership-${leeds}`)).toBe(true);
      for (const other of [...partnershipIds.values()].filter((id) => id !== leeds)) expect(streams.has(`partnership-${other}`)).toBe(false);
      // Every stream whole, from revision 0, so its chain can be checked.
      const all = eventsIn(source);
      for (const streamId of streams) {
        expect(lines.filter((line) => line.streamId === streamId).length).toBe(all.filter((row) => row.stream_id === streamId).length);
      }
      expect(lines.every((line) => line.data.partnershipId === undefined || line.data.partnershipId === leeds || line.type === 'RoleGranted')).toBe(true);
      expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))).toMatchObject({ scope: { kind: 'partnership', partnershipId: leeds }, personalData: null });

      const unknown = await runCli(['export', join(newDataDir(), 'none'), '--partnership', '0190a1b2-0000-7000-8000-000000000996'], env(source));
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('--partnership 0190a1b2-0000-7000-8000-000000000996 names no partnership in this log');
    });

    it('the offline verifier passes on a clean export, and names the position of an edited event line', async () => {
      const clean = verify(exported);
      expect(clean.stdout).toMatch(/^ok {3}chain: \d+ events in \d+ streams: every hash and every stream's chain recomputes$/m);
      expect(clean.stdout).toMatch(/VERIFIED\n$/);
      expect(clean.status).toBe(0);

      // An edit, with the manifest's sha256 brought up to date: only the chain can tell.
      const edited = join(newDataDir(), 'edited');
      expect((await runCli(['export', edited], env(source))).code).toBe(0);
      const lines = readFileSync(join(edited, 'events.ndjson'), 'utf8').split('\n');
      const index = lines.findIndex((line) => line.includes('"type":"ActionRescheduled"') || line.includes('"type":"ActionUpdateSubmitted"'));
      const target = JSON.parse(lines[index]!);
      lines[index] = JSON.stringify({ ...target, data: { ...target.data, whatHasHappened: 'Nothing to report' } });
      writeFileSync(join(edited, 'events.ndjson'), lines.join('\n'));
      const manifestPath = join(edited, 'manifest.json');
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
      manifest.events.sha256 = createHash('sha256').update(readFileSync(join(edited, 'events.ndjson'))).digest('hex');
      writeFileSync(manifestPath, JSON.stringify(manifest));

      const found = verify(edited);
      expect(found.stdout).toContain(`BROKEN: position ${target.position} (line ${index + 1}), ${target.streamId} revision ${target.streamRevision}: stored hash ${target.metadata.hash}, but the event hashes to `);
      expect(found.status).toBe(1);
      const refused = await runCli(['import', edited], env(newDataDir()));
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`chain broken at position ${target.position}, ${target.streamId} revision ${target.streamRevision}: stored hash ${target.metadata.hash}`);
      expect(refused.stderr).toContain('nothing was imported');
    });

    it('leaves the imported log verifiable by the ledger’s own verify', async () => {
      const verified = await runCli(['verify'], env(imported));
      expect(verified.stdout).toContain(`Chains intact (${eventsIn(imported).length} events`);
      expect(verified.code).toBe(0);
    });
  });

  describe('forgetPerson', () => {
    const FORGET = 'mutation($input: ForgetPersonInput!) { forgetPerson(input: $input) { person { id name } position } }';
    const head = async () => (await query(api, '{ health { store { headPosition } } }')).health.store.headPosition as string;

    it('is the platform administrator’s alone, and refuses an unknown person, writing nothing', async () => {
      const before = await head();
      const stranger = await tokenOf('stranger@forget.example');
      const refused = await api.graphql(FORGET, { input: { personId: '0190a1b2-0000-7000-8000-000000000995', reason: 'Erasure request' } }, stranger);
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', required: [{ role: 'PLATFORM_ADMIN' }] });
      const unknown = await api.graphql(FORGET, { input: { personId: '0190a1b2-0000-7000-8000-000000000995', reason: 'Erasure request' } }, admin);
      expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
      expect(unknown.errors?.[0]?.message).toBe('Person 0190a1b2-0000-7000-8000-000000000995 was not found');
      expect(await head()).toBe(before);
    });

    it('erases a board member and a partner who reported: their names leave every API answer and a new export, while counts and views stay', async () => {
      // A partner signs in with a name and reports on an open action of the LLR system.
      const { actions } = await query(api, '{ actions(first: 100) { nodes { id status owningOrganisation { id } } } }');
      const open = actions.nodes.find((node: any) => node.owningOrganisation && node.status !== 'COMPLETED');
      await api.grant('reporter@forget.example', 'PARTNER', { organisationId: open.owningOrganisation.id });
      const reporter = await tokenOf('reporter@forget.example', { name: 'Rosalind Reporter-Quill', email: 'rosalind@forget.example' });
      await query(api, 'mutation($input: SubmitActionUpdateInput!) { submitActionUpdate(input: $input) { position } }', {
        input: { actionId: open.id, status: 'ON_TRACK', percentComplete: 40, whatHasHappened: 'Discharge pathway agreed' },
      }, reporter);
      const reporterId = (await query(api, '{ me { person { id name } } }', undefined, reporter)).me.person;
      expect(reporterId.name).toBe('Rosalind Reporter-Quill');

      // A board member, found with their name in an export with personal data.
      const before = join(newDataDir(), 'before');
      expect((await runCli(['export', before, '--with-personal-data'], env(source))).code).toBe(0);
      const appointed = linesOf(join(before, 'events.ndjson')).find((line) => line.type === 'MemberAppointed');
      const member = linesOf(join(before, 'people.ndjson')).find((row) => row.kind === 'person' && row.personId === appointed.data.personId);
      expect(member.name).toEqual(expect.any(String));

      const shownBefore = await peopleShown(api, [open.id]);
      expect(shownBefore).toContain(member.name);
      expect(shownBefore).toContain('Rosalind Reporter-Quill');
      const viewsBefore = await views(api);
      const eventsBefore = eventsIn(source);

      for (const personId of [appointed.data.personId, reporterId.id]) {
        const { forgetPerson } = await query(api, FORGET, { input: { personId, reason: 'Erasure request under UK GDPR Article 17' } });
        expect(forgetPerson.person).toEqual({ id: personId, name: null });
      }

      const shownAfter = await peopleShown(api, [open.id]);
      expect(shownAfter).not.toContain(member.name);
      expect(shownAfter).not.toContain('Rosalind Reporter-Quill');
      // Their seat and their update still show, naming nobody.
      expect(shownAfter).toContain(`{"id":"${appointed.data.memberId}","name":null,`);
      expect(shownAfter).toContain(`{"submittedBy":{"id":"${reporterId.id}","name":null},"whatHasHappened":"Discharge pathway agreed"}`);
      expect(await views(api)).toBe(viewsBefore);

      // The log only grew: two PersonForgotten events, holding the id and the reason and nothing else.
      const eventsAfter = eventsIn(source);
      expect(eventsAfter.slice(0, eventsBefore.length)).toEqual(eventsBefore);
      const added = eventsAfter.slice(eventsBefore.length);
      expect(added.map((row) => [row.type, row.stream_id])).toEqual([
        ['PersonForgotten', `person-${appointed.data.personId}`],
        ['PersonForgotten', `person-${reporterId.id}`],
      ]);
      expect(Object.keys(JSON.parse(added[0]!.data)).sort()).toEqual(['forgottenAt', 'personId', 'reason']);

      const after = join(newDataDir(), 'after');
      expect((await runCli(['export', after, '--with-personal-data'], env(source))).code).toBe(0);
      const text = exportText(after);
      for (const personal of [member.name, 'Rosalind Reporter-Quill', 'rosalind@forget.example', 'reporter@forget.example']) {
        expect({ personal, found: text.includes(personal) }).toEqual({ personal, found: false });
      }
      expect(linesOf(join(after, 'events.ndjson'))).toHaveLength(eventsAfter.length);
      // Verification is unchanged: offline over the new export, and by the ledger over its own log.
      expect(verify(after).status).toBe(0);
      expect((await runCli(['verify'], env(source))).code).toBe(0);

      // Forgotten once: a second request is refused and writes nothing.
      const headNow = await head();
      const twice = await api.graphql(FORGET, { input: { personId: reporterId.id, reason: 'Again' } }, admin);
      expect(twice.errors?.[0]?.extensions.code).toBe('FAILED_PRECONDITION');
      expect(await head()).toBe(headNow);
    });
  });
});

