import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays } from '../apps/cli/src/demo/demo-data.js';
import { ApiProcess, newDataDir, runCli, TEST_JWT_SECRET, tokenOf } from './support/api-process.js';

/** The demo's "today": the Monday after the LLR framework's 30 October 2021 deadline. */
const TODAY = '2021-11-01';
const HOSTILE = `<script>alert("owned")</script> & <img src=x onerror=alert(1)>`;

type Listed = Readonly<{ totalCount: number; nodes: { title: string }[] }>;
type Board = Readonly<{ today: string; openChallengeCount: number; settings: { dueSoonDays: number; silentAfterDays: number }; overdueActions: Listed; dueSoonActions: Listed; silentActions: Listed }>;

describe('npm run cli -- digest', () => {
  const dataDir = newDataDir();
  const env = { LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: TEST_JWT_SECRET, NODE_ENV: 'test', LEDGER_CLOCK_NOW: `${TODAY}T12:00:00Z` };
  let api: ApiProcess;
  let admin: string;
  const partnerships = new Map<string, string>();
  const organisations = new Map<string, string>();

  const query = async <T = any>(text: string, variables: object = {}, token = admin) => {
    const response = await api.graphql<T>(text, variables, token);
    expect(response.errors).toBeUndefined();
    return response.data!;
  };

  /** The digest over the CLI; a write just made may still be on its way to a read model the digest reads, so it is asked again then. */
  const digest = async (args: string[]) => {
    for (let attempt = 0; ; attempt++) {
      const run = await runCli(['digest', ...args], env);
      if (run.code === 0 || attempt === 20 || !/behind the log/.test(run.stderr)) return run;
      await new Promise((done) => setTimeout(done, 100));
    }
  };

  /** The board views' lists of one organisation's actions in one partnership: what the digest must agree with. */
  const boardOf = async (partnershipId: string, organisationId: string) => {
    const filter = { owningOrganisationId: organisationId };
    const { dashboard } = await query<{ dashboard: Board }>(
      `query($id: ID!, $filter: ActionFilterInput) { dashboard(partnershipId: $id) {
         today openChallengeCount settings { dueSoonDays silentAfterDays }
         overdueActions(filter: $filter, first: 100) { totalCount nodes { title } }
         dueSoonActions(filter: $filter, first: 100) { totalCount nodes { title } }
         silentActions(filter: $filter, first: 100) { totalCount nodes { title } } } }`,
      { id: partnershipId, filter },
    );
    return dashboard;
  };

  /** The lines of one part of one partnership's section of the text digest. */
  const partOf = (text: string, partnership: string, part: RegExp) => {
    const section = text.split(/\n(?=\S[^\n]* — today )/).find((block) => block.startsWith(`${partnership} — today `))!;
    expect(section).toBeDefined();
    const lines = section.split('\n');
    const start = lines.findIndex((line) => part.test(line));
    expect(start).toBeGreaterThan(-1);
    const items = [];
    for (const line of lines.slice(start + 1)) {
      if (!line.startsWith('  ')) break;
      if (line.startsWith('  - ')) items.push(line.slice(4));
    }
    return items;
  };

  beforeAll(async () => {
    expect((await runCli(['demo'], { LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: TEST_JWT_SECRET })).code).toBe(0);
    api = await ApiProcess.start({ dataDir, env: { LEDGER_CLOCK_NOW: env.LEDGER_CLOCK_NOW } });
    admin = await api.adminToken();
    const data = await query('{ partnerships(first: 20) { nodes { id name } } organisations(first: 100) { nodes { id name } } }');
    for (const node of data.partnerships.nodes) partnerships.set(node.name, node.id);
    for (const node of data.organisations.nodes) organisations.set(node.name, node.id);
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
  });

  it('lists what the board views list for an organisation in each of its partnerships, judged on the partnership’s today', async () => {
    const uhl = organisations.get('University Hospitals of Leicester NHS Trust')!;
    const run = await digest(['--organisation', uhl]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Weekly digest for University Hospitals of Leicester NHS Trust\n/);
    let listed = 0;
    for (const name of ['Leicester, Leicestershire and Rutland Integrated Care System', 'Leicester City Health and Wellbeing Board', 'Rutland Health and Wellbeing Board']) {
      const board = await boardOf(partnerships.get(name)!, uhl);
      expect(run.stdout).toContain(`${name} — today ${board.today} (Europe/London)`);
      const parts = [
        [/^Overdue:$/, board.overdueActions],
        [new RegExp(`^Due in the next ${board.settings.dueSoonDays} days:$`), board.dueSoonActions],
        [new RegExp(`^Silent for ${board.settings.silentAfterDays} days or more:$`), board.silentActions],
      ] as const;
      for (const [part, list] of parts) {
        const items = partOf(run.stdout, name, part);
        expect(items).toHaveLength(list.totalCount);
        expect(items.map((item) => item.split(' — due ')[0])).toEqual(list.nodes.map((node) => node.title));
        listed += items.length;
      }
    }
    // The demo's LLR trust has overdue and silent actions on 1 November: an empty digest would prove nothing.
    expect(listed).toBeGreaterThan(0);
  });

  it('lists the open allyship challenges raised with the organisation’s board member, as the dashboard counts them', async () => {
    const leeds = partnerships.get('Leeds Health and Wellbeing Board')!;
    const council = organisations.get('Leeds City Council')!;
    const board = await boardOf(leeds, council);
    expect(board.openChallengeCount).toBeGreaterThan(0);
    const run = await digest(['--organisation', council, '--partnership', leeds]);
    expect(run.code).toBe(0);
    const challenges = partOf(run.stdout, 'Leeds Health and Wellbeing Board', /^Open allyship challenges:$/);
    // Every open challenge of Leeds is raised with the council's member of the board.
    expect(challenges).toHaveLength(board.openChallengeCount);
    expect(challenges[0]).toMatch(/^\d{4}-\d{2}-\d{2}: Will the Place Based Partnership publish/);
    expect(run.stdout).not.toContain('Leicester');
  });

  it('escapes every text in the HTML digest, such as a hostile <script> in an action title, and writes both formats with --out', async () => {
    const leeds = partnerships.get('Leeds Health and Wellbeing Board')!;
    const council = organisations.get('Leeds City Council')!;
    const { commitments } = await query('query($id: ID!) { commitments(partnershipId: $id, status: ACTIVE, first: 1) { nodes { id } } }', { id: leeds });
    await api.grant('secretariat@leeds.example', 'SECRETARIAT', { partnershipId: leeds });
    await query(
      'mutation($input: PlanActionInput!) { planAction(input: $input) { actions { id } } }',
      { input: { commitmentId: commitments.nodes[0].id, owningOrganisationId: council, title: HOSTILE, dueDate: addDays(TODAY, 3) } },
      await tokenOf('secretariat@leeds.example'),
    );
    const out = join(newDataDir(), 'digests');
    const run = await digest(['--organisation', council, '--partnership', leeds, '--out', out]);
    expect(run.code).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toEqual([`digest-${council}-${TODAY}.html`, `digest-${council}-${TODAY}.txt`]);
    expect(run.stdout.trim().split('\n').sort()).toEqual(files.map((file) => join(out, file)));
    const html = readFileSync(join(out, files[0]!), 'utf8');
    expect(html).toContain('&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/<script|<img/i);
    // Only the page's own markup is left once the escaped text is taken out.
    expect([...html.matchAll(/<\/?([a-z0-9]+)/gi)].map((tag) => tag[1]!.toLowerCase()).filter((tag) => !['html', 'head', 'meta', 'title', 'body', 'h1', 'h2', 'h3', 'section', 'p', 'ul', 'li'].includes(tag))).toEqual([]);
    // The text digest is for a terminal or a mail body: the title as written, due soon.
    expect(partOf(readFileSync(join(out, files[1]!), 'utf8'), 'Leeds Health and Wellbeing Board', /^Due in the next \d+ days:$/)[0]).toContain(HOSTILE);
  });

  it('refuses an unknown organisation, one not in the partnership named, and a bad format, naming the option', async () => {
    const council = organisations.get('Leeds City Council')!;
    const unknown = await digest(['--organisation', '00000000-0000-4000-8000-000000000000']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/Organisation 00000000-0000-4000-8000-000000000000/);
    const elsewhere = await digest(['--organisation', council, '--partnership', partnerships.get('Rutland Health and Wellbeing Board')!]);
    expect(elsewhere.stderr).toMatch(/^--partnership: Leeds City Council is not a member of partnership /);
    const format = await digest(['--organisation', council, '--format', 'pdf']);
    expect(format.stderr).toMatch(/--format must be one of text, html \(got "pdf"\)/);
    const missing = await digest([]);
    expect(missing.stderr).toMatch(/--organisation <organisationId> is required/);
  });
});
