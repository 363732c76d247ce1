import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mintIdentityToken } from '@ledger/auth';
import { BenchReport } from './results.js';

/**
 * The HTTP stack's cost per request (issue 13, "Close the gaps"): the built API as a child process,
 * driven by autocannon (in this process, so the load generator shares the machine, as in the issue's
 * figures) for the constant query `{__typename}` and for `submitActionUpdate`, both with a bearer token.
 * Self-contained on purpose: the general HTTP harness is test/bench/http/.
 *
 * Standalone: `node dist/test/bench/http-stack.js [--log info|silent [--only constant|update] [--env NAME=VALUE]] [--profile DIR] [--seconds N]`.
 *
 * Profiled before any change (2026-11-24, `--log silent|info --only constant|update --seconds 8 --profile DIR`,
 * i.e. node --cpu-prof of the API under 20 clients; self time as a share of the API's busy time, start-up
 * included (~8%, module loading); the machine shared with four other helpers' work):
 * - {__typename}, silent: writev (the socket writes, kernel) 16%, GC 8%, Apollo's request pipeline 6.6%
 *   (its sha256 of the query 1.7%), graphql-js 5.9%, Express and its router 6.6%, pino-http + pino 4.5% even
 *   though nothing is logged (a child logger, a random UUID and an AsyncLocalStorage scope per request),
 *   async_hooks 1.3%. The token is never verified: no resolver runs, so the guard does not either.
 * - {__typename}, info: request logging 10.5% inclusive in pino-http's middleware, 4% writing the line
 *   when the response finishes (a synchronous write to stdout per request).
 * - submitActionUpdate, silent: the store's commit 30% (sqliteTransaction: the fsync'd append, for group
 *   commit to take on), verifying the token 4% inclusive, 3.5% of it jose importing the HMAC key from the
 *   secret's bytes on every call (crypto.createPublicKey, the issue's 15.6%, is gone since tokens are jose's:
 *   the key is bytes, but jose still imports it per call); graphql-js 5%, class-validator 1.9%.
 *
 * After (same commands; self time by package): the token's check is gone from the profile (0.0%: the
 * HMAC key is imported once and a verified token is remembered until it expires); request logging at
 * info went from ~11.8% (pino-http 4.4, pino 2.9, async_hooks 2.3, serializers 0.9, the write 0.9...) to
 * ~4.7% (our middleware 1.4, pino 1.4, the asynchronous write 1.5, async_hooks 0.2), and with LOG_LEVEL=silent
 * from ~6.4% to ~1.3%. Promise hooks (promiseInitHook) are gone: nestjs-pino's per-request
 * AsyncLocalStorage.run was what enabled them on Node 20. What is left of the constant query is Node's
 * HTTP (writev 16%), GC 9%, Apollo 6.7%, Express's router 4.8%, graphql-js ~4%.
 *
 * Then NestJS on Fastify against NestJS on Express, same fixes, same Apollo 5 server, interleaved runs
 * at LOG_LEVEL=info, 20 clients (2026-11-24, machine shared; /tmp builds of each commit):
 *   constant query    before 1,420–1,693 req/s, 0.49–0.51 ms server CPU a request
 *                     Express + fixes 2,249–2,526 req/s, 0.33–0.35 ms
 *                     Fastify + fixes 3,419–4,043 req/s, 0.20–0.21 ms  (Fastify/Express ≈ 1.55x the rate, 0.6x the CPU)
 *   submitActionUpdate 93–333 req/s on each, 2.6–4.7 ms CPU: the same within the noise; the fsync'd commit rules it.
 * So the API runs on Fastify (apps/api/src/http/http-adapter.ts).
 */
const ROOT = resolve(process.cwd());
const API_ENTRY = join(ROOT, 'dist/apps/api/src/main.js');
const CLI_ENTRY = join(ROOT, 'dist/apps/cli/src/main.js');
const SECRET = 'bench-secret-that-is-long-enough-for-hs256';
const ISSUER = 'partnership-ledger';
const CLIENTS = 20;

export const CONSTANT_QUERY = JSON.stringify({ query: '{__typename}' });
const UPDATE = 'mutation($input: SubmitActionUpdateInput!) { submitActionUpdate(input: $input) { action { revision } update { id } position } }';

/**
 * `cpuMsPerRequest` is the server's own CPU time (user + system) a request: unlike the rate, it hardly
 * moves when other work shares the machine, so it is the figure to compare between runs.
 */
export type Load = Readonly<{ requestsPerSecond: number; p50Ms: number; p99Ms: number; cpuMsPerRequest: number; non2xx: number; errors: number }>;

/** A process's CPU time so far, in ms, from /proc (Linux); NaN elsewhere. */
function cpuMsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime (fields 14 and 15 of stat; 12 and 13 after the command name), in clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** `clients` connections sending `body` for `seconds` (after a one-second warm-up that is not counted) to the server `pid`. */
export async function drive(url: string, body: string, token: string | null, { clients = CLIENTS, seconds = 5, pid = process.pid } = {}): Promise<Load> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const options = { url, method: 'POST' as const, headers, body, connections: clients };
  await autocannon({ ...options, duration: 1 });
  const cpuBefore = cpuMsOf(pid);
  const result = await autocannon({ ...options, duration: seconds });
  const cpu = cpuMsOf(pid) - cpuBefore;
  return {
    requestsPerSecond: result.requests.total / seconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    cpuMsPerRequest: cpu / result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** A bare node:http server answering the constant query's exact response: the machine's HTTP ceiling. */
async function bareServer(): Promise<{ url: string; server: Server }> {
  const answer = JSON.stringify({ data: { __typename: 'Query' } });
  const server = createServer((request, response) => {
    request.resume();
    request.once('end', () => response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(answer));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`, server };
}

function run(entry: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [entry, ...args], { env: { PATH: process.env.PATH, ...env } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => (code === 0 ? done(output) : fail(new Error(`${entry} ${args.join(' ')} exited ${code}: ${output}`))));
  });
}

export type BenchApi = Readonly<{ url: string; pid: number; adminToken: string; stop: () => Promise<void> }>;

/** The built API on `port` over `dataDir`, with an administrator; `--cpu-prof` into `profileDir` when given. */
export async function startApi(
  dataDir: string,
  { logLevel = 'silent', profileDir, port = 3917, extraEnv = {} }: { logLevel?: string; profileDir?: string; port?: number; extraEnv?: Record<string, string> } = {},
): Promise<BenchApi> {
  const env = { NODE_ENV: 'test', LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: SECRET, LOG_LEVEL: logLevel, PORT: String(port), ...extraEnv };
  await run(CLI_ENTRY, ['grant', '--issuer', ISSUER, '--subject', 'bench-admin', '--role', 'PLATFORM_ADMIN', '--reason', 'bench'], env).catch((error: Error) => {
    // A data folder used before already has its administrator.
    if (!/already/i.test(error.message)) throw error;
  });
  const flags = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...flags, API_ENTRY], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  // Logs go through a pipe, as under a process manager, and are drained unread.
  child.stdout!.resume();
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = `http://127.0.0.1:${port}/graphql`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: CONSTANT_QUERY });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the API did not start within 30 s');
    await new Promise((done) => setTimeout(done, 100));
  }
  const adminToken = await tokenFor('bench-admin');
  return {
    url,
    pid: child.pid!,
    adminToken,
    stop: async () => {
      // SIGINT: the API closes its stores and exits, which writes the CPU profile.
      child.kill('SIGINT');
      await exited;
    },
  };
}

const tokenFor = (subject: string) => mintIdentityToken({ secret: SECRET, issuer: ISSUER, subject, maxLifetimeSeconds: 24 * 3600 });

async function graphql(url: string, token: string, query: string, input: object): Promise<any> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables: { input } }),
  });
  const { data, errors } = (await response.json()) as { data?: any; errors?: unknown };
  if (errors) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(errors)}`);
  return data;
}

/** One partnership, one member organisation, one commitment with one action, and a partner who reports on it. */
export async function actionToUpdate(api: BenchApi): Promise<{ actionId: string; partnerToken: string }> {
  const { url, adminToken } = api;
  const mutation = (name: string, type: string, selection: string) => `mutation($input: ${type}!) { ${name}(input: $input) { ${selection} } }`;
  const { formPartnership } = await graphql(url, adminToken, mutation('formPartnership', 'FormPartnershipInput', 'partnership { id }'), { name: 'Bench board', level: 'PLACE' });
  const partnershipId = formPartnership.partnership.id;
  const grant = (subject: string, role: string, scope: object) =>
    graphql(url, adminToken, mutation('grantRole', 'GrantRoleInput', 'grant { id }'), { issuer: ISSUER, subject, role, ...scope, reason: 'bench' });
  await grant('bench-admin', 'SECRETARIAT', { partnershipId });
  const { registerOrganisation } = await graphql(url, adminToken, mutation('registerOrganisation', 'RegisterOrganisationInput', 'organisation { id }'), {
    name: 'Bench partner',
    sector: 'VCSE',
    allowDuplicateName: true,
  });
  const organisationId = registerOrganisation.organisation.id;
  await graphql(url, adminToken, mutation('joinPartnership', 'JoinPartnershipInput', 'position'), { partnershipId, organisationId });
  const { makeCommitment } = await graphql(url, adminToken, mutation('makeCommitment', 'MakeCommitmentInput', 'commitment { id }'), {
    partnershipId,
    owningOrganisationId: organisationId,
    title: 'Bench commitment',
    description: 'Measured.',
  });
  const commitmentId = makeCommitment.commitment.id;
  await graphql(url, adminToken, mutation('endorseCommitment', 'EndorseCommitmentInput', 'position'), { commitmentId, endorsedOn: '2026-01-05' });
  const { planAction } = await graphql(url, adminToken, mutation('planAction', 'PlanActionInput', 'actions { id }'), {
    commitmentId,
    owningOrganisationId: organisationId,
    title: 'Bench action',
    dueDate: '2030-03-31',
  });
  await grant('bench-partner', 'PARTNER', { organisationId });
  return { actionId: planAction.actions[0].id, partnerToken: await tokenFor('bench-partner') };
}

export const updateBody = (actionId: string) =>
  JSON.stringify({ query: UPDATE, variables: { input: { actionId, status: 'ON_TRACK', whatHasHappened: 'Measured under load.' } } });

const summary = (name: string, load: Load) =>
  `${name}: ${Math.round(load.requestsPerSecond)} req/s, p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms, server CPU ${load.cpuMsPerRequest.toFixed(2)} ms/request${load.non2xx || load.errors ? ` (${load.non2xx} non-2xx, ${load.errors} errors)` : ''}`;

/** One API run: the constant query and submitActionUpdate at 20 clients. */
async function measureApi(dir: string, logLevel: string, seconds: number, { profileDir, only, extraEnv }: { profileDir?: string; only?: 'constant' | 'update'; extraEnv?: Record<string, string> } = {}) {
  const dataDir = mkdtempSync(join(dir, `http-stack-${logLevel}-`));
  const api = await startApi(dataDir, { logLevel, profileDir, extraEnv });
  try {
    const { actionId, partnerToken } = await actionToUpdate(api);
    const none: Load = { requestsPerSecond: 0, p50Ms: 0, p99Ms: 0, cpuMsPerRequest: 0, non2xx: 0, errors: 0 };
    const constant = only === 'update' ? none : await drive(api.url, CONSTANT_QUERY, api.adminToken, { seconds, pid: api.pid });
    const update = only === 'constant' ? none : await drive(api.url, updateBody(actionId), partnerToken, { seconds, pid: api.pid });
    console.log(`  LOG_LEVEL=${logLevel}: ${summary('{__typename}', constant)}; ${summary('submitActionUpdate', update)}`);
    return { constant, update };
  } finally {
    await api.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Figures: the constant query against a bare node:http server (what NestJS, Express, Apollo, the guard
 * and the token cost a request), request logging at info against silent, and submitActionUpdate against
 * the constant query on the same server.
 */
export async function benchHttpStack(report: BenchReport, dir: string, { seconds = 5 }: { seconds?: number } = {}) {
  const bare = await bareServer();
  const ceiling = await drive(bare.url, CONSTANT_QUERY, 'x', { seconds });
  await new Promise((done) => bare.server.close(done));
  const silent = await measureApi(dir, 'silent', seconds);
  const info = await measureApi(dir, 'info', seconds);
  report.add({
    figure: `1 constant query {__typename} over HTTP, ${CLIENTS} clients`,
    ours: { value: silent.constant.requestsPerSecond, unit: 'req/s' },
    ceiling: { what: 'bare node:http server, same answer', value: ceiling.requestsPerSecond, unit: 'req/s' },
    ratio: { kind: 'ofCeiling', value: silent.constant.requestsPerSecond / ceiling.requestsPerSecond },
    note:
      `LOG_LEVEL=silent; p99 ${silent.constant.p99Ms} ms (bare ${ceiling.p99Ms} ms); server CPU ${silent.constant.cpuMsPerRequest.toFixed(2)} ms a request. ` +
      'NestJS on Fastify: on Express, measured 2026-11-24 with the same fixes, this query ran at ~0.65 of the rate with ~1.65x the CPU a request',
  });
  report.add({
    figure: `1 request logging at info, constant query, ${CLIENTS} clients`,
    ours: { value: info.constant.requestsPerSecond, unit: 'req/s' },
    ceiling: { what: 'the same with LOG_LEVEL=silent', value: silent.constant.requestsPerSecond, unit: 'req/s' },
    ratio: { kind: 'ofCeiling', value: info.constant.requestsPerSecond / silent.constant.requestsPerSecond },
  });
  report.add({
    figure: `1 submitActionUpdate over HTTP (http-stack run), ${CLIENTS} clients`,
    ours: { value: info.update.requestsPerSecond, unit: 'req/s' },
    ceiling: { what: 'constant query on the same server', value: info.constant.requestsPerSecond, unit: 'req/s' },
    ratio: { kind: 'ofCeiling', value: info.update.requestsPerSecond / info.constant.requestsPerSecond },
    goal: { atLeast: 0.6 },
    note: `LOG_LEVEL=info; p99 ${info.update.p99Ms} ms`,
  });
}

/** Standalone: one API run at the given log level, optionally profiled, printed. */
async function standalone() {
  const argument = (name: string) => {
    const at = process.argv.indexOf(`--${name}`);
    return at > 0 ? process.argv[at + 1] : undefined;
  };
  const seconds = Number(argument('seconds') ?? 5);
  const profileDir = argument('profile');
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'ledger-http-stack-'));
  try {
    const only = argument('only') as 'constant' | 'update' | undefined;
    // --env NAME=VALUE: one more setting for the API (e.g. to compare two builds of it).
    const extraEnv = Object.fromEntries(argument('env') ? [argument('env')!.split('=', 2)] : []);
    if (argument('log')) await measureApi(dir, argument('log')!, seconds, { profileDir, only, extraEnv });
    else await benchHttpStack(new BenchReport(), dir, { seconds });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await standalone();
