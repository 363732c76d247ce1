import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { buildSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { ApiProcess, newDataDir, runCli, startExpectingFailure, TEST_JWT_SECRET, tokenFor } from './support/api-process.js';

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
      const { data } = await api.graphql<any>('{ health { status store { kind reachable headPosition } } }', undefined, tokenFor('AUDITOR'));
      expect(data.health).toEqual({ status: 'degraded', store: { kind: 'eventstoredb', reachable: false, headPosition: null } });
    } finally {
      await api.stop();
    }
  });
});

describe('the CLI', () => {
  it('mints a token with the development secret kept in the data folder', async () => {
    const dataDir = newDataDir();
    const { code, stdout } = await runCli(['mint-token', '--role', 'AUDITOR', '--sub', 'auditor-1'], { LEDGER_DATA_DIR: dataDir });
    expect(code).toBe(0);
    const [, payload] = stdout.trim().split('.');
    expect(JSON.parse(Buffer.from(payload!, 'base64url').toString())).toMatchObject({ sub: 'auditor-1', role: 'AUDITOR' });
    expect(readFileSync(`${dataDir}/dev-jwt-secret`, 'utf8').length).toBeGreaterThanOrEqual(32);
  });

  it('refuses a partner token without an organisation', async () => {
    const { code, stderr } = await runCli(['mint-token', '--role', 'PARTNER', '--sub', 'p'], { LEDGER_DATA_DIR: newDataDir() });
    expect(code).toBe(1);
    expect(stderr).toContain('--org is required for the PARTNER role');
  });
});

describe('schema.gql', () => {
  it('matches the schema the API serves (run `npm run schema` after changing the API)', () => {
    const served = execFileSync(process.execPath, ['dist/apps/api/src/print-schema.js'], { encoding: 'utf8' });
    const normalise = (sdl: string) => printSchema(lexicographicSortSchema(buildSchema(sdl)));
    expect(normalise(readFileSync('schema.gql', 'utf8'))).toBe(normalise(served));
  });
});
