import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { buildSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { ApiProcess, newDataDir, runCli, startExpectingFailure, TEST_JWT_SECRET, tokenOf } from './support/api-process.js';

describe('start-up configuration', () => {
  it.each([
    ['PORT', { PORT: 'eighty' }, /PORT: must be a whole number/],
    ['LEDGER_JWT_SECRET missing in production', { NODE_ENV: 'production' }, /LEDGER_JWT_SECRET: is required/],
    ['LEDGER_JWT_SECRET too short', { LEDGER_JWT_SECRET: 'short' }, /LEDGER_JWT_SECRET: must be at least 32 characters/],
    ['LEDGER_SQLITE_SYNCHRONOUS', { LEDGER_SQLITE_SYNCHRONOUS: 'OFF', LEDGER_JWT_SECRET: TEST_JWT_SECRET }, /LEDGER_SQLITE_SYNCHRONOUS: must be one of FULL, NORMAL/],
    ['ESDB_CONNECTION_STRING', { ESDB_CONNECTION_STRING: 'http://localhost:2113', LEDGER_JWT_SECRET: TEST_JWT_SECRET }, /ESDB_CONNECTION_STRING is not a valid EventStoreDB connection string/],
  ])('refuses a bad %s, naming the variable', async (_case, env, message) => {
    const { code, stderr } = await startExpectingFailure({ LEDGER_DATA_DIR: newDataDir(), ...env });
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
  });
});

describe('the EventStoreDB mode', () => {
  it('starts on a connection string and reports the store as unreachable while no server answers', async () => {
    const api = await ApiProcess.start({ env: { ESDB_CONNECTION_STRING: 'esdb://127.0.0.1:1?tls=false' }, until: 'degraded' });
    try {
      // Store details need only a signed-in caller, not a grant (none can be written while the store is away).
      const { data } = await api.graphql<any>('{ health { status store { kind reachable headPosition } } }', undefined, await tokenOf('operator-e2e'));
      expect(data.health).toEqual({ status: 'degraded', store: { kind: 'eventstoredb', reachable: false, headPosition: null } });
    } finally {
      await api.stop();
    }
  });
});

describe('the CLI', () => {
  it('mints an identity token with the development secret kept in the data folder', async () => {
    const dataDir = newDataDir();
    const { code, stdout } = await runCli(['mint-token', '--sub', 'auditor-1'], { LEDGER_DATA_DIR: dataDir });
    expect(code).toBe(0);
    const [, payload] = stdout.trim().split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    expect(claims).toMatchObject({ sub: 'auditor-1', iss: 'partnership-ledger' });
    // Who the caller is, never what they may do: that is granted in the ledger.
    expect(claims).not.toHaveProperty('role');
    expect(readFileSync(`${dataDir}/dev-jwt-secret`, 'utf8').length).toBeGreaterThanOrEqual(32);
  });

  it('refuses a role on a token, pointing to grants in the ledger', async () => {
    const { code, stderr } = await runCli(['mint-token', '--role', 'PARTNER', '--sub', 'p'], { LEDGER_DATA_DIR: newDataDir() });
    expect(code).toBe(1);
    expect(stderr).toContain('--role is gone: a token proves identity only, and roles are granted in the ledger with `cli grant`');
  });

  it('refuses a partner grant without an organisation', async () => {
    const { code, stderr } = await runCli(['grant', '--subject', 'p', '--role', 'PARTNER'], { LEDGER_DATA_DIR: newDataDir() });
    expect(code).toBe(1);
    expect(stderr).toContain('A PARTNER grant is held for an organisation: give organisationId');
  });
});

describe('schema.gql', () => {
  it('matches the schema the API serves (run `npm run schema` after changing the API)', () => {
    const served = execFileSync(process.execPath, ['dist/apps/api/src/print-schema.js'], { encoding: 'utf8' });
    const normalise = (sdl: string) => printSchema(lexicographicSortSchema(buildSchema(sdl)));
    expect(normalise(readFileSync('schema.gql', 'utf8'))).toBe(normalise(served));
  });
});
