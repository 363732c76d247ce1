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
  });
});
