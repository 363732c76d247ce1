import { afterAll } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { mintIdentityToken } from '@ledger/auth';
import type { Role } from '@ledger/domain';

export const TEST_JWT_SECRET = 'e2e-secret-that-is-long-enough-for-hs256';
/** Tests run from the repository root. */
const ROOT = resolve(process.cwd());
export const API_ENTRY = join(ROOT, 'dist/apps/api/src/main.js');
export const CLI_ENTRY = join(ROOT, 'dist/apps/cli/src/main.js');

export const newDataDir = () => mkdtempSync(join(tmpdir(), 'ledger-e2e-'));

/** The issuer of tokens the API signs itself (LEDGER_JWT_ISSUER's default). */
export const LOCAL_ISSUER = 'partnership-ledger';

/** A token that says who someone is, and nothing about what they may do: that is granted in the ledger (`api.grant`). */
export const tokenOf = (subject: string, claims: { name?: string; email?: string } = {}) =>
  mintIdentityToken({ secret: TEST_JWT_SECRET, issuer: LOCAL_ISSUER, subject, ...claims, maxLifetimeSeconds: 24 * 3600 });

/** Who administers the platform in tests; made PLATFORM_ADMIN by the CLI, as an operator would. */
export const ADMIN_SUBJECT = 'admin-e2e';

export type GrantScope = Readonly<{ partnershipId?: string; organisationId?: string }>;

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

export type GraphQLResponse<T = Record<string, any>> = {
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions: Record<string, any> }[];
};

/** Every API a test file started; killed after the file so a failed test never leaves a server running. */
const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

/** The built API running as a child process on its own port and data folder, driven over HTTP. */
export class ApiProcess {
  private constructor(
    readonly url: string,
    readonly dataDir: string,
    private readonly child: ChildProcess,
    readonly exited: Promise<number | null>,
    private readonly output: string[],
  ) {}

  /** Resolves once the health query answers with the `until` status (ok by default). */
  static async start(options: { dataDir?: string; env?: Record<string, string>; until?: 'ok' | 'degraded' } = {}): Promise<ApiProcess> {
    const dataDir = options.dataDir ?? newDataDir();
    const port = await freePort();
    const child = spawn(process.execPath, [API_ENTRY], {
      env: { PATH: process.env.PATH, NODE_ENV: 'test', PORT: String(port), LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: TEST_JWT_SECRET, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    child.stdout!.on('data', (chunk) => output.push(String(chunk)));
    child.stderr!.on('data', (chunk) => output.push(String(chunk)));
    running.add(child);
    const exited = new Promise<number | null>((done) =>
      child.once('exit', (code) => {
        running.delete(child);
        done(code);
      }),
    );
    const api = new ApiProcess(`http://127.0.0.1:${port}/graphql`, dataDir, child, exited, output);
    await api.waitForHealth(options.until ?? 'ok');
    return api;
  }

  private admin?: Promise<string>;

  /** The administrator's token, bootstrapped once with `cli grant` on this API's data folder. */
  adminToken(): Promise<string> {
    return (this.admin ??= (async () => {
      const granted = await runCli(['grant', '--issuer', LOCAL_ISSUER, '--subject', ADMIN_SUBJECT, '--role', 'PLATFORM_ADMIN', '--reason', 'e2e bootstrap'], {
        LEDGER_DATA_DIR: this.dataDir,
        LEDGER_JWT_SECRET: TEST_JWT_SECRET,
      });
      if (granted.code !== 0) throw new Error(`cli grant failed (${granted.code}): ${granted.stderr}`);
      return tokenOf(ADMIN_SUBJECT);
    })());
  }

  /** Grants `role` in `scope` to whoever signs in as `subject`, as the administrator; resolves with the grant id. */
  async grant(subject: string, role: Role, scope: GrantScope = {}): Promise<string> {
    const response = await this.graphql<{ grantRole: { grant: { id: string } } }>(
      'mutation($input: GrantRoleInput!) { grantRole(input: $input) { grant { id } } }',
      { input: { issuer: LOCAL_ISSUER, subject, role, ...scope, reason: 'e2e' } },
      await this.adminToken(),
    );
    if (!response.data?.grantRole) throw new Error(`grantRole ${role} to ${subject} failed: ${JSON.stringify(response.errors)}`);
    return response.data.grantRole.grant.id;
  }

  get logs() {
    return this.output.join('');
  }

  private async waitForHealth(status: 'ok' | 'degraded') {
    const deadline = Date.now() + 20_000;
    let exitCode: number | null | undefined;
    void this.exited.then((code) => (exitCode = code));
    while (Date.now() < deadline) {
      if (exitCode !== undefined) throw new Error(`API exited with ${exitCode} while starting:\n${this.logs}`);
      try {
        const response = await this.graphql<{ health: { status: string } }>('{ health { status } }');
        if (response.data?.health.status === status) return;
      } catch {
        // not listening yet
      }
      await new Promise((done) => setTimeout(done, 50));
    }
    throw new Error(`API health did not become ${status}:\n${this.logs}`);
  }

  async graphql<T = Record<string, any>>(query: string, variables?: object, token?: string, headers: Record<string, string> = {}) {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { ...((await response.json()) as GraphQLResponse<T>), headers: response.headers };
  }

  /** SIGTERM: the API drains and closes its stores; resolves with the exit code. */
  async stop() {
    this.child.kill('SIGTERM');
    return this.exited;
  }

  /** SIGKILL: no chance to flush or close anything, as in a crash or power cut. */
  async kill() {
    this.child.kill('SIGKILL');
    return this.exited;
  }
}

/** Runs a command of the built CLI to completion. */
export function runCli(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(process.execPath, [CLI_ENTRY, ...args], { env: { PATH: process.env.PATH, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('exit', (code) => done({ code, stdout, stderr }));
  });
}

/** Runs the built API entry expecting it to refuse to start. */
export function startExpectingFailure(env: Record<string, string>) {
  return new Promise<{ code: number | null; stderr: string }>((done) => {
    const child = spawn(process.execPath, [API_ENTRY], { env: { PATH: process.env.PATH, ...env } });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, stderr });
    });
  });
}
