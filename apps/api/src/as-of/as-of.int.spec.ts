import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@ledger/config';
import { startInProcessApi } from '../testing/in-process-api.js';

/** A small seeded generator, so a failing sequence can be replayed from its seed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}

const STATUSES = ['NOT_STARTED', 'ON_TRACK', 'AT_RISK', 'OFF_TRACK', 'COMPLETED'] as const;
const DUE = ['2021-06-30', '2021-12-31', '2026-11-30', '2027-03-31'];

/**
 * The property: for random sequences of commands (each decided by the domain's deciders, through
 * the API), the as-of read at the latest position, and at every earlier position a live read was
 * taken at, equals that live read.
 */
describe('as of a position, for random histories', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-as-of-'));
  const config = loadConfig({ NODE_ENV: 'test', LEDGER_DATA_DIR: dir, LEDGER_JWT_SECRET: 'x'.repeat(40), LOG_LEVEL: 'silent' });
  let app: INestApplication;
  let url: string;
  let token: string;

  async function call(query: string, variables: object = {}) {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    return (await response.json()) as { data?: any; errors?: { message: string; extensions: { code: string } }[] };
  }
  async function graphql(query: string, variables: object = {}) {
    const body = await call(query, variables);
    expect(body.errors).toBeUndefined();
    return body.data;
  }
  const refusals: string[] = [];
  const mutate = async (name: string, input: object) => {
    const response = await call(`mutation($input: ${name[0]!.toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { position } }`, { input });
    if (response.errors) refusals.push(`${name}: ${response.errors[0]!.message}`);
    return response;
  };

  beforeAll(async () => {
    ({ app, url, token } = await startInProcessApi(config, { subject: 'auditor', roles: ['PLATFORM_ADMIN', 'AUDITOR'] }));
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const COMMITMENT = `query($id: ID!, $asAt: AsAtInput) { commitment(id: $id, asAt: $asAt) { id title description targetDate status revision
    owningOrganisation { id } actions(first: 30) { totalCount nodes { id title dueDate status rag overdue owningOrganisation { id } latestUpdate { status reportedOn } } } } }`;
  const DASHBOARD = `query($id: ID!, $asAt: AsAtInput) { dashboard(partnershipId: $id, asAt: $asAt) { today commitmentsByStatus { status count } openChallengeCount
    actionSummary { total byStatus { status count } byRag { green amber red grey none } overdue dueSoon silent completed completedOnTime lastReportedOn }
    overdueActions(first: 100) { totalCount nodes { id rag } } owners(first: 100) { nodes { owningOrganisation { id } actionSummary { total } } } } }`;
  const head = async () => (await graphql('{ health { store { headPosition } } }')).health.store.headPosition as string;
  /** Every live read model has caught up with the log (a write waits only for its own capability's). */
  const settled = async () => {
    for (;;) {
      const { health } = await graphql('{ health { projections { lag } } }');
      if (health.projections.every((projection: { lag: number }) => projection.lag === 0)) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const views = async (partnershipId: string, commitmentIds: readonly string[], asAt?: object) => ({
    dashboard: (await graphql(DASHBOARD, { id: partnershipId, asAt })).dashboard,
    commitments: await Promise.all(commitmentIds.map(async (id) => (await graphql(COMMITMENT, { id, asAt })).commitment)),
  });

  async function randomHistory(seed: number) {
    const { next, pick } = random(seed);
    const partnershipId = (await graphql(`mutation { formPartnership(input: {name: "Board ${seed}", level: PLACE}) { partnership { id } } }`)).formPartnership.partnership.id;
    await graphql(`mutation($input: GrantRoleInput!) { grantRole(input: $input) { position } }`, {
      input: { issuer: config.jwtIssuer, subject: 'auditor', role: 'SECRETARIAT', partnershipId, reason: 'Test board' },
    });
    const organisations: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { registerOrganisation } = await graphql(`mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { organisation { id } } }`, {
        input: { name: `Organisation ${i} of board ${seed}`, sector: 'HEALTH' },
      });
      organisations.push(registerOrganisation.organisation.id);
      await graphql(`mutation($input: JoinPartnershipInput!) { joinPartnership(input: $input) { position } }`, { input: { partnershipId, organisationId: organisations[i] } });
    }
    const commitments: string[] = [];
    const actions: string[] = [];
    const seen: { position: string; live: Awaited<ReturnType<typeof views>> }[] = [];
    for (let step = 0; step < 24; step++) {
      const kind = commitments.length === 0 ? 'make' : pick(['make', 'endorse', 'plan', 'plan', 'update', 'update', 'update', 'reschedule', 'reassign', 'amend', 'close']);
      const commitmentId = commitments.length ? pick(commitments) : '';
      const actionId = actions.length ? pick(actions) : '';
      // Refusals (an update to a closed action, a plan under a closed commitment) are part of the sequence: the deciders say no, nothing is written.
      if (kind === 'make') {
        const made = await call(`mutation($input: MakeCommitmentInput!) { makeCommitment(input: $input) { commitment { id } } }`, {
          input: { partnershipId, owningOrganisationId: pick(organisations), title: `Commitment ${step}`, description: 'Random.', targetDate: pick([null, '2027-03-31']), madeOn: '2021-01-04' },
        });
        expect(made.errors).toBeUndefined();
        commitments.push(made.data.makeCommitment.commitment.id);
        // Most are endorsed at once, so actions can be planned under them.
        if (next() < 0.7) await mutate('endorseCommitment', { commitmentId: commitments.at(-1)!, endorsedOn: '2021-02-01' });
      } else if (kind === 'endorse') await mutate('endorseCommitment', { commitmentId, endorsedOn: '2021-03-01' });
      else if (kind === 'plan') {
        const planned = await call(`mutation($input: PlanActionInput!) { planAction(input: $input) { actions { id } } }`, {
          input: { commitmentId, owningOrganisationId: pick(organisations), title: `Action ${step}`, dueDate: pick(DUE) },
        });
        if (planned.errors) refusals.push(`planAction: ${planned.errors[0]!.message}`);
        actions.push(...(planned.data?.planAction?.actions ?? []).map((action: { id: string }) => action.id));
      } else if (kind === 'update' && actionId) await mutate('submitActionUpdate', { actionId, status: pick(STATUSES), whatHasHappened: `Step ${step}.` });
      else if (kind === 'reschedule' && actionId) await mutate('rescheduleAction', { actionId, dueDate: pick(DUE), reason: `Step ${step}` });
      else if (kind === 'reassign' && actionId) await mutate('reassignAction', { actionId, owningOrganisationId: pick(organisations), reason: `Step ${step}` });
      else if (kind === 'amend') await mutate('amendCommitment', { commitmentId, title: `Amended at ${step}`, reason: `Step ${step}` });
      else if (kind === 'close') await mutate('closeCommitment', { commitmentId, outcome: pick(['MISSED', 'WITHDRAWN']), reason: `Step ${step}` });
      if (next() < 0.25) {
        await settled();
        seen.push({ position: await head(), live: await views(partnershipId, commitments) });
      }
    }
    return { partnershipId, commitments, seen };
  }

  it.each([1, 2, 3, 4, 5])('equals the live views at the latest position, and at earlier ones, for the history of seed %i', async (seed) => {
    const { partnershipId, commitments, seen } = await randomHistory(seed);
    await settled();
    const live = await views(partnershipId, commitments);
    // The history has something to compare: actions planned (a failure shows the refusals), and live reads taken on the way.
    expect({ actions: live.dashboard.actionSummary.total > 0, refusals }).toEqual({ actions: true, refusals });
    expect(seen.length).toBeGreaterThan(0);
    expect(await views(partnershipId, commitments, { position: await head() })).toEqual(live);
    for (const { position, live: then } of seen) {
      const commitmentsThen = then.commitments.map((commitment) => commitment.id);
      expect(await views(partnershipId, commitmentsThen, { position })).toEqual(then);
    }
  });
});
