import { describe, expect, it } from '@jest/globals';
import { dumpReadModels } from './support/read-models.js';
import { ADMIN_SUBJECT, ApiProcess, newDataDir, runCli, TEST_JWT_SECRET, tokenOf } from './support/api-process.js';

/**
 * The administrator (bootstrapped by `api.adminToken()` on each new data folder), also made
 * secretariat of the board it forms: one token registers organisations and reports on the action.
 * Its grants are events, so they hold after a restart.
 */
const secretariat = await tokenOf(ADMIN_SUBJECT);
const REGISTER = `mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { organisation { id } position } }`;


const UPDATE = `mutation($input: SubmitActionUpdateInput!) { submitActionUpdate(input: $input) { update { id } } }`;

/** A partnership with one active commitment and one action, so a burst can also race on an action's stream. */
async function anAction(api: ApiProcess) {
  const ok = async (query: string, variables: object) => {
    const { data, errors } = await api.graphql<any>(query, variables, secretariat);
    if (errors) throw new Error(JSON.stringify(errors));
    return data;
  };
  const { formPartnership } = await ok(`mutation { formPartnership(input: {name: "Leeds Health and Wellbeing Board", level: PLACE}) { partnership { id } } }`, {});
  const partnershipId = formPartnership.partnership.id;
  await api.grant(ADMIN_SUBJECT, 'SECRETARIAT', { partnershipId });
  const { registerOrganisation } = await ok(REGISTER, { input: { name: 'Leeds City Council', sector: 'LOCAL_GOVERNMENT' } });
  const owningOrganisationId = registerOrganisation.organisation.id;
  await ok(`mutation($input: JoinPartnershipInput!) { joinPartnership(input: $input) { position } }`, { input: { partnershipId, organisationId: owningOrganisationId } });
  const { makeCommitment } = await ok(`mutation($input: MakeCommitmentInput!) { makeCommitment(input: $input) { commitment { id } } }`, {
    input: { partnershipId, owningOrganisationId, title: 'Hardwire health inequalities as the purpose', description: 'Leeds THIG recommendation 1.' },
  });
  const commitmentId = makeCommitment.commitment.id;
  await ok(`mutation($input: EndorseCommitmentInput!) { endorseCommitment(input: $input) { position } }`, { input: { commitmentId, endorsedOn: '2021-09-16' } });
  const { planAction } = await ok(`mutation($input: PlanActionInput!) { planAction(input: $input) { actions { id } } }`, {
    input: { commitmentId, owningOrganisationId, title: 'Publish what has happened and what more is to be done', dueDate: '2030-03-31' },
  });
  return planAction.actions[0].id as string;
}

/**
 * Fires mutations until stopped, several in flight at once: organisation registrations, and, given
 * an action, progress updates racing on its stream. Returns the ids the API acknowledged.
 */
async function burst(api: ApiProcess, count: number, inFlight: number, onAcknowledged: (done: number) => void = () => {}, actionId?: string) {
  const acknowledged: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const n = next++;
      try {
        const response =
          actionId && n % 2
            ? await api.graphql(UPDATE, { input: { actionId, status: 'ON_TRACK', whatHasHappened: `Update ${n}` } }, secretariat)
            : await api.graphql(REGISTER, { input: { name: `VCSE group ${n}`, sector: 'VCSE' } }, secretariat);
        const id = response.data?.registerOrganisation?.organisation?.id ?? response.data?.submitActionUpdate?.update?.id;
        if (id) {
          acknowledged.push(id);
          onAcknowledged(acknowledged.length);
        }
      } catch {
        return; // the server has gone
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return acknowledged;
}

async function caughtUp(api: ApiProcess) {
  const { data } = await api.graphql<any>('{ health { store { headPosition } projections { checkpoint lag } } }', undefined, secretariat);
  return data.health;
}

describe('durability', () => {
  it('finds all data after a restart, with every projection caught up', async () => {
    const dataDir = newDataDir();
    const first = await ApiProcess.start({ dataDir });
    await first.adminToken();
    const ids = await burst(first, 20, 4);
    expect(await first.stop()).toBe(0);

    const second = await ApiProcess.start({ dataDir });
    try {
      for (const id of ids) {
        const { data } = await second.graphql<any>(`query($id: ID!) { organisation(id: $id) { id } }`, { id }, secretariat);
        expect(data.organisation.id).toBe(id);
      }
      const health = await caughtUp(second);
      expect(health.projections.length).toBeGreaterThan(0);
      for (const projection of health.projections) expect(projection).toEqual({ checkpoint: health.store.headPosition, lag: 0 });
    } finally {
      await second.stop();
    }
  });

  it('loses no acknowledged mutation when killed with SIGKILL mid-burst, and its read models equal a rebuild', async () => {
    const dataDir = newDataDir();
    const api = await ApiProcess.start({ dataDir });
    await api.adminToken();
    const actionId = await anAction(api);
    let killed: Promise<unknown> | undefined;
    const acknowledged = await burst(
      api,
      2000,
      8,
      (done) => {
        if (done === 150 && !killed) killed = api.kill();
      },
      actionId,
    );
    await killed;
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);
    expect(acknowledged.length).toBeLessThan(2000);

    const restarted = await ApiProcess.start({ dataDir });
    const updateIds = new Set<string>();
    for (let after: string | null = null, more = true; more; ) {
      const { data }: { data?: any } = await restarted.graphql(
        `query($id: ID!, $after: String) { action(id: $id) { updates(first: 100, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } } }`,
        { id: actionId, after },
        secretariat,
      );
      for (const update of data.action.updates.nodes) updateIds.add(update.id);
      ({ hasNextPage: more, endCursor: after } = data.action.updates.pageInfo);
    }
    for (const id of acknowledged) {
      if (updateIds.has(id)) continue;
      const { data } = await restarted.graphql<any>(`query($id: ID!) { organisation(id: $id) { id } }`, { id }, secretariat);
      expect(data?.organisation?.id).toBe(id);
    }
    expect(updateIds.size).toBeGreaterThan(20);
    const health = await caughtUp(restarted);
    expect(health.projections.map((projection: { lag: number }) => projection.lag)).toEqual(health.projections.map(() => 0));
    expect(await restarted.stop()).toBe(0);

    const afterCrash = dumpReadModels(dataDir);
    const rebuild = await runCli(['rebuild'], { LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: TEST_JWT_SECRET });
    expect(rebuild.code).toBe(0);
    expect(rebuild.stderr).toMatch(/^Rebuilding: (\d[\d,]*)\/\1 events \(100%\)/m);
    expect(dumpReadModels(dataDir)).toEqual(afterCrash);
    expect((afterCrash.directory_organisations as unknown[]).length + (afterCrash.tracker_action_updates as unknown[]).length).toBeGreaterThanOrEqual(
      acknowledged.length,
    );
  });

  it('drains in-flight requests on SIGTERM and exits cleanly', async () => {
    const dataDir = newDataDir();
    const api = await ApiProcess.start({ dataDir });
    await api.adminToken();
    let stopped: Promise<number | null> | undefined;
    const acknowledged = await burst(api, 500, 8, (done) => {
      if (done === 50 && !stopped) stopped = api.stop();
    });
    expect(await stopped).toBe(0);
    expect(api.logs).toContain('Stores closed after SIGTERM');

    const restarted = await ApiProcess.start({ dataDir });
    try {
      const { data } = await restarted.graphql<any>('{ health { projections { checkpoint } } }', undefined, secretariat);
      for (const projection of data.health.projections) expect(Number(projection.checkpoint)).toBeGreaterThanOrEqual(acknowledged.length);
    } finally {
      await restarted.stop();
    }
  });
});
