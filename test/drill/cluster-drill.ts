import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { compareCounts, positionOrder, type Acknowledged, type Failed, type InstanceView, type Recorded, type Verdict } from './verdict.js';

/**
 * The cluster drill: load every API instance with action updates while an operator kills the
 * EventStoreDB leader (or an API instance), then compare counts. The runbook in docs/scaling.md
 * calls it.
 *
 * Usage:
 *   npm run drill -- --api http://localhost:3001 --api http://localhost:3002 --token "$TOKEN" \
 *     [--updates 2000] [--clients 20] [--actions 10] [--timeout-seconds 120] \
 *     [--max-attempts 15] [--request-timeout-seconds 10]
 *   (or, built: node dist/test/drill/cluster-drill.js …)
 *
 *   --api URL                  an API instance's base URL (GraphQL at URL/graphql); repeat it for every
 *                              instance: updates go to them round-robin, a retry to the next one
 *   --token TOKEN              bearer token of a PLATFORM_ADMIN (README "Identity and access"):
 *                                npm run -s cli -- grant --subject drill@ops --role PLATFORM_ADMIN --reason "Cluster drill"
 *                                TOKEN=$(npm run -s cli -- mint-token --sub drill@ops --expires-in 2h)
 *   --updates N                submitActionUpdate mutations to send (default 2000)
 *   --clients C                mutations in flight at once (default 20)
 *   --actions K                actions the updates are spread over (default 10)
 *   --timeout-seconds S        how long every instance may take to catch up at the end (default 120)
 *   --max-attempts A           tries of one mutation before it counts as failed (default 15: 15-30 s of back-off,
 *                              100 ms doubling to 3 s with jitter, plus any request timeouts)
 *   --request-timeout-seconds  one request's time limit; a timed-out request is retried (default 10)
 *
 * What it does: forms its own partnership (its name carries the run id), grants the token's person
 * SECRETARIAT of it, registers and joins one organisation, makes and endorses a commitment and plans
 * K actions; then sends N updates, each with its own clientMutationId (also written in its text, so a
 * duplicate shows) and no expectedRevision. A request that fails in transit (connection refused or
 * reset, HTTP 5xx or 429, a timeout, an unreadable answer) or with a GraphQL error a retry can complete
 * (INTERNAL_SERVER_ERROR, READ_MODEL_BEHIND, CONFLICT — we send no expectedRevision, so a conflict only
 * means the server's own retries ran out) is sent again with the SAME clientMutationId, with back-off:
 * the server answers a repeat with the first result and writes nothing. Any other error (BAD_USER_INPUT,
 * FORBIDDEN, NOT_FOUND, FAILED_PRECONDITION, UNAUTHENTICATED, HTTP 4xx) fails the mutation at once.
 * Progress goes to stderr every second: sent, acknowledged, retried (attempts after the first), failed.
 *
 * Then it waits until every projection on every instance has a checkpoint at or past the highest
 * acknowledged position (`health { projections }`; the docs' "Read-your-writes"), reads every update
 * of the K actions from each instance (`action { updates }`) and prints the verdict to stdout, e.g.
 *
 *   acknowledged 2000, failed 0
 *   http://localhost:3001: caught up; recorded 2000: lost 0, doubled 0, unacknowledged 0
 *   http://localhost:3002: caught up; recorded 2000: lost 0, doubled 0, unacknowledged 0
 *   PASS: every acknowledged update is recorded exactly once on every instance; no mutation failed
 *
 * or `FAIL: n difference(s)` and one line each (lost, doubled, recorded but never acknowledged, on
 * another action, not caught up, failed mutations). Exit code 0 on PASS, 1 on FAIL or when the set-up
 * could not be done, 2 for a bad argument.
 */

export const USAGE =
  'usage: cluster-drill --api URL [--api URL …] --token TOKEN [--updates N] [--clients C] [--actions K] ' +
  '[--timeout-seconds S] [--max-attempts A] [--request-timeout-seconds S]';

export class DrillArgumentError extends Error {}

export type DrillOptions = Readonly<{
  apis: readonly string[];
  token: string;
  updates: number;
  clients: number;
  actions: number;
  timeoutSeconds: number;
  maxAttempts: number;
  requestTimeoutSeconds: number;
}>;

const COUNTS = {
  updates: { flag: '--updates', fallback: 2000, min: 1 },
  clients: { flag: '--clients', fallback: 20, min: 1 },
  actions: { flag: '--actions', fallback: 10, min: 1 },
  timeoutSeconds: { flag: '--timeout-seconds', fallback: 120, min: 1 },
  maxAttempts: { flag: '--max-attempts', fallback: 15, min: 1 },
  requestTimeoutSeconds: { flag: '--request-timeout-seconds', fallback: 10, min: 1 },
} as const;

/** The command line; every bad argument is a DrillArgumentError naming the flag and its rule. */
export function parseDrillArguments(argv: readonly string[]): DrillOptions {
  const apis: string[] = [];
  let token: string | undefined;
  const given = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    const known = flag === '--api' || flag === '--token' || Object.values(COUNTS).some((count) => count.flag === flag);
    if (!known) throw new DrillArgumentError(`unknown argument "${flag}"; ${USAGE}`);
    if (value === undefined || value.startsWith('--')) throw new DrillArgumentError(`${flag} needs a value`);
    i++;
    if (flag === '--api') apis.push(baseUrl(value));
    else if (flag === '--token') token = value;
    else given.set(flag, value);
  }
  if (apis.length === 0) throw new DrillArgumentError(`--api is required (the base URL of every API instance, repeated); ${USAGE}`);
  if (new Set(apis).size !== apis.length) throw new DrillArgumentError('--api names the same instance twice');
  if (!token) throw new DrillArgumentError('--token is required: a bearer token of a PLATFORM_ADMIN (cli grant, then cli mint-token)');
  const count = (name: keyof typeof COUNTS) => {
    const { flag, fallback, min } = COUNTS[name];
    const text = given.get(flag);
    if (text === undefined) return fallback;
    if (!/^\d+$/.test(text) || Number(text) < min) throw new DrillArgumentError(`${flag} must be a whole number of at least ${min} (got "${text}")`);
    return Number(text);
  };
  return {
    apis,
    token,
    updates: count('updates'),
    clients: count('clients'),
    actions: count('actions'),
    timeoutSeconds: count('timeoutSeconds'),
    maxAttempts: count('maxAttempts'),
    requestTimeoutSeconds: count('requestTimeoutSeconds'),
  };
}

function baseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DrillArgumentError(`--api must be an http or https URL such as http://localhost:3001 (got "${text}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new DrillArgumentError(`--api must be an http or https URL (got "${text}")`);
  // GraphQL is at /graphql of the base; a URL given with /graphql already means the same instance.
  return url.href.replace(/\/+$/, '').replace(/\/graphql$/, '');
}

/** GraphQL error codes a repeat of the same mutation (same clientMutationId, no expectedRevision) can complete. */
const RETRYABLE_CODES = new Set(['INTERNAL_SERVER_ERROR', 'READ_MODEL_BEHIND', 'CONFLICT', 'SERVICE_UNAVAILABLE']);

type Attempt<T> = { ok: true; data: T } | { ok: false; retryable: boolean; reason: string };

/** One request to one instance, sorted into an answer, a failure worth repeating, or a final one. */
async function attempt<T>(api: string, token: string, query: string, variables: object, timeoutMs: number): Promise<Attempt<T>> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${api}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    // Refused, reset, DNS, timed out: the request may or may not have reached the server.
    const cause = (error as { cause?: { code?: string } }).cause;
    return { ok: false, retryable: true, reason: `${api}: ${cause?.code ?? (error as Error).name}` };
  }
  let body: { data?: T | null; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, retryable: response.status >= 500 || response.ok, reason: `${api}: HTTP ${response.status}, not JSON` };
  }
  if (body.errors?.length) {
    const codes = body.errors.map((error) => error.extensions?.code ?? 'no code');
    const retryable = response.status >= 500 || response.status === 429 || codes.every((code) => RETRYABLE_CODES.has(code));
    return { ok: false, retryable, reason: `${api}: ${codes.join(', ')}: ${body.errors[0]!.message.slice(0, 200)}` };
  }
  if (!response.ok || !body.data) return { ok: false, retryable: response.status >= 500 || response.status === 429, reason: `${api}: HTTP ${response.status}` };
  return { ok: true, data: body.data };
}

type Sent<T> = { ok: true; data: T } | { ok: false; reason: string };

type Tally = { sent: number; acknowledged: number; retried: number; failed: number };

/**
 * Sends a request until it is answered, failing at once on a final error and after `maxAttempts` tries
 * otherwise. Try n goes to instance (first + n − 1) round-robin, after a back-off of 100 ms doubling to 3 s,
 * with jitter so clients that failed together do not retry together.
 */
async function sendWithRetries<T>(
  options: DrillOptions,
  first: number,
  query: string,
  variables: object,
  tally: Tally,
): Promise<Sent<T>> {
  for (let n = 0; ; n++) {
    if (n > 0) {
      tally.retried++;
      await sleep(Math.min(3000, 100 * 2 ** (n - 1)) * (0.5 + Math.random() / 2));
    }
    const api = options.apis[(first + n) % options.apis.length]!;
    const result = await attempt<T>(api, options.token, query, variables, options.requestTimeoutSeconds * 1000);
    if (result.ok) return result;
    if (!result.retryable) return { ok: false, reason: result.reason };
    if (n + 1 >= options.maxAttempts) return { ok: false, reason: `${options.maxAttempts} attempts, last ${result.reason}` };
  }
}

const ME = '{ me { person { id } } }';
const FORM = 'mutation($input: FormPartnershipInput!) { formPartnership(input: $input) { partnership { id } position } }';
const GRANT = 'mutation($input: GrantRoleInput!) { grantRole(input: $input) { grant { id } position } }';
const REGISTER = 'mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { organisation { id } position } }';
const JOIN = 'mutation($input: JoinPartnershipInput!) { joinPartnership(input: $input) { position } }';
const MAKE = 'mutation($input: MakeCommitmentInput!) { makeCommitment(input: $input) { commitment { id } position } }';
const ENDORSE = 'mutation($input: EndorseCommitmentInput!) { endorseCommitment(input: $input) { position } }';
const PLAN = 'mutation($input: PlanActionInput!) { planAction(input: $input) { actions { id } position } }';
const SUBMIT = 'mutation($input: SubmitActionUpdateInput!) { submitActionUpdate(input: $input) { clientMutationId position action { id } update { id } } }';
const HEALTH = '{ health { projections { name checkpoint lag lastError } } }';
const UPDATES = `query($id: ID!, $after: String) { action(id: $id) { updates(first: 100, after: $after) {
  pageInfo { endCursor hasNextPage } nodes { id whatHasHappened } } } }`;

/** The text of each drill update: its clientMutationId, so the read side can tell one update from another. */
const UPDATE_TEXT = 'Cluster drill update ';
const keyOf = (whatHasHappened: string) => (whatHasHappened.startsWith(UPDATE_TEXT) ? whatHasHappened.slice(UPDATE_TEXT.length) : null);

class SetUpError extends Error {}

/** The drill's own partnership, organisation, commitment and actions, each step retried like any mutation. */
async function setUp(options: DrillOptions, run: string, tally: Tally): Promise<string[]> {
  const step = async <T>(what: string, query: string, variables: object): Promise<T> => {
    const result = await sendWithRetries<T>(options, 0, query, variables, tally);
    if (!result.ok) throw new SetUpError(`set-up failed at ${what}: ${result.reason}`);
    return result.data;
  };
  const key = (what: string) => `drill-${run}-${what}`;
  const me = await step<{ me: { person: { id: string } } }>('me (is --token valid?)', ME, {});
  const { formPartnership } = await step<any>('formPartnership (is --token a PLATFORM_ADMIN?)', FORM, {
    input: { clientMutationId: key('form'), name: `Cluster drill ${run}`, level: 'PLACE' },
  });
  const partnershipId: string = formPartnership.partnership.id;
  await step('grantRole SECRETARIAT', GRANT, {
    input: { clientMutationId: key('grant'), personId: me.me.person.id, role: 'SECRETARIAT', partnershipId, reason: `Cluster drill ${run}` },
  });
  const { registerOrganisation } = await step<any>('registerOrganisation', REGISTER, {
    input: { clientMutationId: key('register'), name: `Cluster drill organisation ${run}`, sector: 'HEALTH', allowDuplicateName: true },
  });
  const organisationId: string = registerOrganisation.organisation.id;
  await step('joinPartnership', JOIN, { input: { clientMutationId: key('join'), partnershipId, organisationId } });
  const { makeCommitment } = await step<any>('makeCommitment', MAKE, {
    input: { clientMutationId: key('make'), partnershipId, owningOrganisationId: organisationId, title: 'Cluster drill', description: `Run ${run}` },
  });
  const commitmentId: string = makeCommitment.commitment.id;
  await step('endorseCommitment', ENDORSE, { input: { clientMutationId: key('endorse'), commitmentId, endorsedOn: new Date().toISOString().slice(0, 10) } });
  const dueDate = `${new Date().getUTCFullYear() + 1}-12-31`;
  const actions: string[] = [];
  for (let k = 0; k < options.actions; k++) {
    const { planAction } = await step<any>(`planAction ${k + 1}`, PLAN, {
      input: { clientMutationId: key(`plan-${k}`), commitmentId, owningOrganisationId: organisationId, title: `Drill action ${k + 1}`, dueDate },
    });
    actions.push(planAction.actions[0].id);
  }
  return actions;
}

/** N updates, C at a time, round-robin over the instances and the actions. */
async function load(options: DrillOptions, run: string, actions: readonly string[], tally: Tally) {
  const acknowledged: Acknowledged[] = [];
  const failed: Failed[] = [];
  let next = 0;
  const client = async () => {
    for (let i = next++; i < options.updates; i = next++) {
      const clientMutationId = `drill-${run}-u${i}`;
      const actionId = actions[i % actions.length]!;
      tally.sent++;
      const result = await sendWithRetries<any>(options, i, SUBMIT, { input: { clientMutationId, actionId, status: 'ON_TRACK', whatHasHappened: `${UPDATE_TEXT}${clientMutationId}` } }, tally);
      if (result.ok && result.data.submitActionUpdate.clientMutationId === clientMutationId) {
        tally.acknowledged++;
        acknowledged.push({ clientMutationId, actionId: result.data.submitActionUpdate.action.id, position: result.data.submitActionUpdate.position });
      } else {
        tally.failed++;
        failed.push({ clientMutationId, reason: result.ok ? `answered with clientMutationId ${result.data.submitActionUpdate.clientMutationId}` : result.reason });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.clients, options.updates) }, client));
  return { acknowledged, failed };
}

type ProjectionHealth = { name: string; checkpoint: string | null; lag: number; lastError: string | null };

/** Waits until every projection of `api` has applied `target`; the reason it has not by `deadline`, else null. */
async function waitForCatchUp(options: DrillOptions, api: string, target: bigint, deadline: number): Promise<string | null> {
  let behind = 'no answer to the health query yet';
  for (;;) {
    const result = await attempt<{ health: { projections: ProjectionHealth[] | null } }>(api, options.token, HEALTH, {}, options.requestTimeoutSeconds * 1000);
    if (!result.ok) behind = `health query failed: ${result.reason}`;
    else {
      const lagging = (result.data.health.projections ?? []).filter(({ checkpoint }) => checkpoint === null || positionOrder(checkpoint) < target);
      if (lagging.length === 0) return null;
      behind = lagging.map(({ name, checkpoint, lastError }) => `${name} at ${checkpoint ?? 'nothing'}${lastError ? ` (failing: ${lastError})` : ''}`).join('; ');
    }
    if (Date.now() >= deadline) return `after ${options.timeoutSeconds} s, below position ${target}: ${behind}`;
    await sleep(250);
  }
}

type UpdatesPage = {
  action: { updates: { pageInfo: { endCursor: string | null; hasNextPage: boolean }; nodes: { id: string; whatHasHappened: string }[] } };
};

/** Every update of the drill's actions as `api` shows them. */
async function recordedOn(options: DrillOptions, api: string, actions: readonly string[]): Promise<{ recorded: Recorded[]; unreadable: string | null }> {
  const recorded: Recorded[] = [];
  const tally: Tally = { sent: 0, acknowledged: 0, retried: 0, failed: 0 };
  const only: DrillOptions = { ...options, apis: [api] };
  for (const actionId of actions) {
    let after: string | null = null;
    do {
      const result: Sent<UpdatesPage> = await sendWithRetries<UpdatesPage>(only, 0, UPDATES, { id: actionId, after }, tally);
      if (!result.ok) return { recorded, unreadable: `action ${actionId}: ${result.reason}` };
      const page: UpdatesPage['action']['updates'] = result.data.action.updates;
      for (const node of page.nodes) recorded.push({ clientMutationId: keyOf(node.whatHasHappened), actionId, updateId: node.id });
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
  }
  return { recorded, unreadable: null };
}

/** The drill, start to verdict; lines of the verdict go to `print`, progress to `progress`. */
export async function runDrill(options: DrillOptions, print: (line: string) => void, progress: (line: string) => void): Promise<Verdict> {
  const run = randomUUID().slice(0, 8);
  const tally: Tally = { sent: 0, acknowledged: 0, retried: 0, failed: 0 };
  const started = Date.now();
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
  const instances = `${options.apis.length} instance${options.apis.length === 1 ? '' : 's'}`;
  print(`cluster drill ${run}: ${options.updates} updates to ${options.actions} actions over ${instances}, ${options.clients} clients`);
  const actions = await setUp(options, run, tally);
  const setUpRetries = tally.retried;
  tally.retried = 0;
  progress(`[${seconds()} s] set up: partnership "Cluster drill ${run}", ${actions.length} actions; sending ${options.updates} updates`);
  const ticker = setInterval(
    () => progress(`[${seconds()} s] sent ${tally.sent}/${options.updates}, acknowledged ${tally.acknowledged}, retried ${tally.retried}, failed ${tally.failed}`),
    1000,
  );
  let outcome: Awaited<ReturnType<typeof load>>;
  try {
    outcome = await load(options, run, actions, tally);
  } finally {
    clearInterval(ticker);
  }
  const loadSeconds = seconds();
  print(`sent ${tally.sent}, acknowledged ${tally.acknowledged}, retried ${tally.retried}, failed ${tally.failed} (${loadSeconds} s; set-up retried ${setUpRetries})`);

  const highest = outcome.acknowledged.reduce((top, { position }) => (positionOrder(position) > top ? positionOrder(position) : top), 0n);
  print(`highest acknowledged position ${highest}`);
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  const views: InstanceView[] = [];
  for (const api of options.apis) {
    const waited = Date.now();
    const behind = await waitForCatchUp(options, api, highest, deadline);
    const { recorded, unreadable } = await recordedOn(options, api, actions);
    views.push({ api, behind, unreadable, recorded });
    if (behind === null) progress(`[${seconds()} s] ${api} caught up in ${((Date.now() - waited) / 1000).toFixed(1)} s`);
  }
  const verdict = compareCounts(outcome.acknowledged, outcome.failed, views);
  print(`acknowledged ${verdict.acknowledged}, failed ${verdict.failed}`);
  for (const [i, counts] of verdict.instances.entries()) {
    const state = views[i]!.behind === null ? 'caught up' : 'NOT caught up';
    print(`${counts.api}: ${state}; recorded ${counts.recorded}: lost ${counts.lost}, doubled ${counts.doubled}, unacknowledged ${counts.unacknowledged}`);
  }
  if (verdict.pass) print('PASS: every acknowledged update is recorded exactly once on every instance; no mutation failed');
  else {
    print(`FAIL: ${verdict.differences.length} difference(s)`);
    for (const difference of verdict.differences) print(`  - ${difference}`);
  }
  return verdict;
}

async function main() {
  let options: DrillOptions;
  try {
    options = parseDrillArguments(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof DrillArgumentError)) throw error;
    process.stderr.write(`cluster-drill: ${error.message}\n`);
    process.exit(2);
  }
  try {
    const verdict = await runDrill(options, (line) => process.stdout.write(`${line}\n`), (line) => process.stderr.write(`${line}\n`));
    process.exitCode = verdict.pass ? 0 : 1;
  } catch (error) {
    if (!(error instanceof SetUpError)) throw error;
    process.stdout.write(`FAIL: ${error.message}\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
