import { describe, expect, it } from '@jest/globals';
import { decodeJwt, SignJWT } from 'jose';
import { dumpReadModels } from './support/read-models.js';
import { ADMIN_SUBJECT, ApiProcess, LOCAL_ISSUER, newDataDir, runCli, startExpectingFailure, TEST_JWT_SECRET, tokenOf } from './support/api-process.js';

/** Registers the organisations (bootstrapped by `api.adminToken()`; its grant outlives a restart and a rebuild). */
const admin = await tokenOf(ADMIN_SUBJECT);
const REGISTER = `mutation($name: String!) { registerOrganisation(input: {name: $name, sector: LOCAL_GOVERNMENT}) { organisation { id } } }`;


describe('rebuild beside a live API', () => {
  it('is refused while the API runs, changing nothing, and works once the API is gone (even by SIGKILL)', async () => {
    const dataDir = newDataDir();
    const env = { LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: TEST_JWT_SECRET };
    const api = await ApiProcess.start({ dataDir });
    await api.adminToken();
    const ids: string[] = [];
    for (const name of ['Leeds City Council', 'Bradford Council', 'Wakefield Council']) {
      const { data } = await api.graphql<any>(REGISTER, { name }, admin);
      ids.push(data.registerOrganisation.organisation.id);
    }
    const before = dumpReadModels(dataDir);

    const refused = await runCli(['rebuild'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^Cannot rebuild: The read models beside .*read-models\.lock are in use by the API on port \d+ \(pid \d+, since .*\)\. Stop the API/m);
    expect(refused.stdout).toBe('');
    expect(dumpReadModels(dataDir)).toEqual(before);
    const { data: still } = await api.graphql<any>(`query($id: ID!) { organisation(id: $id) { name } }`, { id: ids[2] }, admin);
    expect(still.organisation.name).toBe('Wakefield Council');

    // A second API on the same data folder is refused too: two runners would race the same checkpoints.
    const second = await startExpectingFailure({ ...env, PORT: '0' });
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/cannot start: The read models beside .* are in use by the API on port/);

    await api.kill();
    const rebuilt = await runCli(['rebuild'], env);
    // Only progress on stderr.
    expect(rebuilt.stderr).toMatch(/^(Rebuilding: [\d,]+\/[\d,]+ events \(\d+%\), [\d,]+ events\/s.*\n)+$/);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toMatch(/^Rebuilt partnership-directory, commitment-tracker, indicator-readings, allyship-pairings, meetings, access-grants, board-views, history, publication, public-pages, action-external-ids in/m);
    expect(dumpReadModels(dataDir)).toEqual(before);

    const restarted = await ApiProcess.start({ dataDir });
    try {
      for (const id of ids) expect((await restarted.graphql<any>(`query($id: ID!) { organisation(id: $id) { id } }`, { id }, admin)).data.organisation.id).toBe(id);
    } finally {
      await restarted.stop();
    }
  });
});

describe('token lifetime', () => {
  const env = () => ({ LEDGER_DATA_DIR: newDataDir(), LEDGER_JWT_SECRET: TEST_JWT_SECRET });

  it('mint-token refuses a lifetime above LEDGER_JWT_MAX_LIFETIME, and a duration it cannot read', async () => {
    const tooLong = await runCli(['mint-token', '--sub', 'auditor-1', '--expires-in', '25h'], env());
    expect(tooLong.code).toBe(1);
    expect(tooLong.stderr).toMatch(/A token may live at most 24h; asked for 25h/);
    expect(tooLong.stdout).toBe('');

    const unreadable = await runCli(['mint-token', '--sub', 'auditor-1', '--expires-in', 'forever'], env());
    expect(unreadable.code).not.toBe(0);
    expect(unreadable.stderr).toMatch(/--expires-in must be a duration such as 30m, 8h or 1d \(got "forever"\)/);

    const allowed = await runCli(['mint-token', '--sub', 'auditor-1', '--expires-in', '25h'], { ...env(), LEDGER_JWT_MAX_LIFETIME: '2d' });
    expect(allowed.code).toBe(0);
    const claims = decodeJwt(allowed.stdout.trim());
    expect(claims.exp! - claims.iat!).toBe(25 * 3600);
  });

  it('the API refuses a token that expires in 2286 as UNAUTHENTICATED, saying why', async () => {
    const api = await ApiProcess.start();
    try {
      const forever = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(LOCAL_ISSUER)
        .setSubject('x')
        .setExpirationTime(9_999_999_999)
        .sign(new TextEncoder().encode(TEST_JWT_SECRET));
      const response = await api.graphql('{ partnerships(first: 1) { edges { node { id } } } }', undefined, forever);
      expect(response.data ?? null).toBeNull();
      expect(response.errors).toEqual([
        expect.objectContaining({
          message: 'Invalid token: it lives longer than the maximum of 24h (LEDGER_JWT_MAX_LIFETIME); ask the issuer for a shorter-lived token',
          extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }),
        }),
      ]);
    } finally {
      await api.stop();
    }
  });
});
