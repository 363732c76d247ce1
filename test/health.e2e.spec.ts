import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { ApiProcess, tokenOf } from './support/api-process.js';

const auditor = await tokenOf('auditor-e2e');
const DETAILS = '{ health { status store { kind reachable headPosition } projections { name checkpoint lag lastError } } }';

describe('health for load balancers and Kubernetes', () => {
  let api: ApiProcess;
  let origin: string;
  let admin: string;

  beforeAll(async () => {
    api = await ApiProcess.start();
    origin = new URL(api.url).origin;
    admin = await api.adminToken();
    await api.grant('auditor-e2e', 'AUDITOR');
  });
  afterAll(() => api.stop());

  it('GET /healthz: the process is up', async () => {
    const response = await fetch(`${origin}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ status: 'ok' });
    expect((await fetch(`${origin}/healthz`, { method: 'HEAD' })).status).toBe(200);
  });

  it('GET /readyz: ready while the store answers and the read models are caught up', async () => {
    const response = await fetch(`${origin}/readyz`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as any;
    expect(body).toMatchObject({ status: 'ready', reasons: [], maxLag: 1000, store: { reachable: true } });
    expect(body.projections.map((projection: { name: string }) => projection.name)).toEqual(['partnership-directory', 'commitment-tracker', 'indicator-readings', 'allyship-pairings', 'meetings', 'access-grants', 'board-views', 'history', 'publication', 'public-pages', 'action-external-ids']);
  });

  it('the health query shows an anonymous caller its status only, and a token holder the details', async () => {
    const anonymous = await api.graphql(DETAILS);
    expect(anonymous.data).toEqual({ health: { status: 'ok', store: null, projections: null } });
    expect(anonymous.errors).toHaveLength(2);
    expect(anonymous.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: ['health', 'store'], extensions: { code: 'UNAUTHENTICATED' }, message: 'health.store needs a bearer token; without one, health shows status only' }),
        expect.objectContaining({ path: ['health', 'projections'], extensions: { code: 'UNAUTHENTICATED' } }),
      ]),
    );

    const authenticated = await api.graphql(DETAILS, undefined, auditor);
    expect(authenticated.errors).toBeUndefined();
    expect(authenticated.data!.health).toMatchObject({ status: 'ok', store: { kind: 'sqlite', reachable: true } });
    for (const projection of authenticated.data!.health.projections) expect(projection).toMatchObject({ lag: 0, lastError: null });
  });

  it('refuses a bad token on the health query rather than treating it as anonymous', async () => {
    const response = await api.graphql('{ health { status } }', undefined, 'not-a-token');
    expect(response.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('a failing read model: /readyz 503 with the reason, degraded health, error text only with a token, /healthz still 200', async () => {
    const db = new Database(join(api.dataDir, 'read-models.sqlite'));
    db.exec('DROP TABLE directory_partnerships');
    db.close();
    // The event is written; the directory cannot apply it and retries. (Not an organisation: registering
    // one reads the directory for a duplicate name first, and would be refused before writing.)
    await api.graphql(`mutation { formPartnership(input: {name: "Leeds Health and Wellbeing Board", level: PLACE}) { position } }`, undefined, admin);
    let ready: Response;
    const deadline = Date.now() + 10_000;
    do ready = await fetch(`${origin}/readyz`);
    while (ready.status === 200 && Date.now() < deadline);

    expect(ready.status).toBe(503);
    const body = (await ready.json()) as any;
    expect(body.status).toBe('not ready');
    expect(body.reasons).toContain('read model partnership-directory is failing and retrying from its checkpoint');
    expect(JSON.stringify(body)).not.toMatch(/no such table/);

    const anonymous = await api.graphql('{ health { status } }');
    expect(anonymous.data!.health.status).toBe('degraded');
    const authenticated = await api.graphql(DETAILS, undefined, auditor);
    const directory = authenticated.data!.health.projections.find((projection: { name: string }) => projection.name === 'partnership-directory');
    expect(directory.lastError).toMatch(/no such table/);
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
  });
});
