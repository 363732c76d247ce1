import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/** The built API and CLI: the bench measures what `npm run start:prod` runs, not ts sources. */
const API_MAIN = resolve('dist/apps/api/src/main.js');
const CLI_MAIN = resolve('dist/apps/cli/src/main.js');

export const BENCH_JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';

/** What every API child and CLI run shares: production settings, silent logs, the bench's secret. */
export function apiEnvironment(dataDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    LEDGER_DATA_DIR: dataDir,
    LEDGER_JWT_SECRET: BENCH_JWT_SECRET,
    LOG_LEVEL: 'silent',
    // Ready means caught up: start-up is timed to the moment every read model holds the whole log.
    LEDGER_READY_MAX_LAG: '0',
    // No LEDGER_MAX_QUERY_COST: the default (10,000 objects) admits the page of 50 commitments with
    // their actions and latest updates (~5,100), as a deployment would run it.
    ...extra,
  };
}

/** A `cli` command on the data folder (e.g. `grant`); throws with its stderr when it fails. */
export function runCli(dataDir: string, args: readonly string[]): string {
  const run = spawnSync(process.execPath, [CLI_MAIN, ...args], { env: apiEnvironment(dataDir), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`cli ${args[0]} failed (exit ${run.status}): ${run.stderr || run.stdout}`);
  return run.stdout;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

export type RunningApi = Readonly<{
  child: ChildProcess;
  pid: number;
  /** The base URL, e.g. http://127.0.0.1:41234 (GraphQL at /graphql). */
  base: string;
  /** Seconds from spawn to the first 200 of /readyz: listening, and every read model caught up. */
  readySeconds: number;
  /** Seconds from spawn to the first answer of /readyz, whatever its status: the HTTP server is up. */
  listeningSeconds: number;
  stop: () => Promise<void>;
}>;

export type StartOptions = Readonly<{
  /** Extra node flags for the child, e.g. ['--cpu-prof', '--cpu-prof-dir=/tmp/x']. */
  nodeFlags?: readonly string[];
  /** Give up waiting for readiness after this long. */
  timeoutMs?: number;
  /** Settings beside the bench's own, e.g. { LEDGER_SQLITE_SYNCHRONOUS: 'NORMAL' } for an experiment. */
  env?: NodeJS.ProcessEnv;
  /** Listen here instead of a free port: a restarted API keeps the URL its clients were given. */
  port?: number;
}>;

/**
 * Starts the built API on `dataDir` as a child process on a free port and waits until /readyz
 * answers 200. Its stderr is kept and quoted if it exits early. `stop()` sends SIGTERM (the API
 * drains and closes its stores; a --cpu-prof profile is written then) and waits for the exit.
 */
export async function startApi(dataDir: string, { nodeFlags = [], timeoutMs = 600_000, env = {}, port: given }: StartOptions = {}): Promise<RunningApi> {
  const port = given ?? (await freePort());
  return spawnUntilReady([...nodeFlags, API_MAIN], apiEnvironment(dataDir, { ...env, PORT: String(port) }), port, timeoutMs, `the API on ${dataDir}`);
}

/**
 * The floor of any start-up figure: a node process that imports nothing and answers 200 on every path,
 * spawned and polled exactly as the API is (what is left is node's own start and the polling).
 */
export async function startBareNode(): Promise<RunningApi> {
  const port = await freePort();
  const server = `require('node:http').createServer((request, response) => response.end('ok')).listen(${port}, '0.0.0.0')`;
  return spawnUntilReady(['-e', server], { PATH: process.env.PATH }, port, 60_000, 'a bare node server');
}

/** Spawns `args` and polls /readyz every 25 ms until a 200; the first answer of any status is "listening". */
async function spawnUntilReady(args: readonly string[], env: NodeJS.ProcessEnv, port: number, timeoutMs: number, what: string): Promise<RunningApi> {
  const started = process.hrtime.bigint();
  const since = () => Number(process.hrtime.bigint() - started) / 1e9;
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => void (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = once(child, 'exit');
  let exitCode: number | null | undefined;
  void exited.then(([code]) => void (exitCode = code as number | null));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  let listeningSeconds: number | undefined;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`${what} exited (code ${exitCode}) before it was ready: ${stderr.trim()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${what} was not ready within ${timeoutMs / 1000} s`);
    }
    const status = await fetch(`${base}/readyz`).then(
      (response) => response.status,
      () => 0,
    );
    if (status !== 0) listeningSeconds ??= since();
    if (status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const readySeconds = since();
  const stop = async () => {
    if (exitCode !== undefined) return;
    child.kill('SIGTERM');
    await exited;
  };
  return { child, pid: child.pid!, base, readySeconds, listeningSeconds: listeningSeconds ?? readySeconds, stop };
}

/** One GraphQL request; throws on an HTTP error or a GraphQL error, naming the query. */
export async function graphql<T = any>(base: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (!response.ok || body.errors?.length) {
    throw new Error(`GraphQL ${query.slice(0, 60).replace(/\s+/g, ' ')}… answered ${response.status}: ${JSON.stringify(body.errors ?? body)}`);
  }
  return body.data!;
}
