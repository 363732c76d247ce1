import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@ledger/config';
import { startInProcessApi } from '../testing/in-process-api.js';

/**
 * The API in-process, its read-model database counting every statement it runs: a page of a
 * nested list costs the same number of statements whether it holds 3 rows or 30.
 */
describe('batched reads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-loaders-'));
  const config = loadConfig({ NODE_ENV: 'test', LEDGER_DATA_DIR: dir, LEDGER_JWT_SECRET: 'x'.repeat(40), LOG_LEVEL: 'silent' });
  let secretariat: string;
  let statements: () => number;
  let app: INestApplication;
  let url: string;

  async function graphql(query: string, variables: object = {}) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secretariat}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: any; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return body.data;
  }

  /** Statements the read-model database ran to answer one query. */
  async function statementsFor(query: string, variables: object) {
    const before = statements();
    const data = await graphql(query, variables);
    return { data, statements: statements() - before };
  }

  /** A partnership of `size` organisations, each with a board member; a commitment with an action per organisation, each with an update. */
  async function partnershipOf(size: number) {
    const partnershipId = (await graphql(`mutation { formPartnership(input: {name: "Board of ${size}", level: PLACE}) { partnership { id } } }`)).formPartnership.partnership.id;
    // The administrator who formed it is its secretariat too, so one token sets up the whole board.
    await graphql(`mutation($input: GrantRoleInput!) { grantRole(input: $input) { position } }`, {
      input: { issuer: config.jwtIssuer, subject: 'secretariat', role: 'SECRETARIAT', partnershipId, reason: 'Test board' },
    });
    const organisations: string[] = [];
    for (let i = 0; i < size; i++) {
      const { registerOrganisation } = await graphql(`mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { organisation { id } } }`, {
        input: { name: `Organisation ${i} of ${size}`, sector: 'HEALTH' },
      });
      const organisationId = registerOrganisation.organisation.id;
      await graphql(`mutation($input: JoinPartnershipInput!) { joinPartnership(input: $input) { position } }`, { input: { partnershipId, organisationId } });
      await graphql(`mutation($input: AppointMemberInput!) { appointMember(input: $input) { position } }`, {
        input: { partnershipId, organisationId, name: `Person ${i}`, roleTitle: 'Chief Executive' },
      });
      organisations.push(organisationId);
    }
    const commitmentId = (
      await graphql(`mutation($input: MakeCommitmentInput!) { makeCommitment(input: $input) { commitment { id } } }`, {
        input: { partnershipId, owningOrganisationId: organisations[0], contributingOrganisationIds: organisations.slice(1), title: 'Audit', description: 'Audit.' },
      })
    ).makeCommitment.commitment.id;
    await graphql(`mutation($input: EndorseCommitmentInput!) { endorseCommitment(input: $input) { position } }`, { input: { commitmentId, endorsedOn: '2021-03-25' } });
    await graphql(`mutation($input: PlanActionInput!) { planAction(input: $input) { position } }`, {
      input: { commitmentId, everyMemberOrganisation: true, title: 'Tool adopted', dueDate: '2031-10-30' },
    });
    const { commitment } = await graphql(`query($id: ID!) { commitment(id: $id) { actions(first: 100) { nodes { id } } } }`, { id: commitmentId });
    for (const action of commitment.actions.nodes) {
      await graphql(`mutation($input: SubmitActionUpdateInput!) { submitActionUpdate(input: $input) { position } }`, {
        input: { actionId: action.id, status: 'ON_TRACK', whatHasHappened: 'Started.' },
      });
    }
    for (let i = 0; i < size; i++) {
      const { defineIndicator } = await graphql(`mutation($input: DefineIndicatorInput!) { defineIndicator(input: $input) { indicator { id } } }`, {
        input: { commitmentId, name: `Indicator ${i}`, unit: 'percent', direction: 'HIGHER_IS_BETTER', baseline: { value: 30, date: '2021-04-01' }, target: { value: 80, date: '2022-03-31' }, owningOrganisationId: organisations[i] },
      });
      await graphql(`mutation($input: RecordIndicatorReadingInput!) { recordIndicatorReading(input: $input) { position } }`, {
        input: { indicatorId: defineIndicator.indicator.id, value: 40, periodDate: '2021-06-30', source: 'Register' },
      });
    }
    return { partnershipId, commitmentId };
  }

  // Pages of 30 hold every organisation; the cost limit counts each list by its `first` (the default 50 too).
  const BOARD = `query($id: ID!) { partnership(id: $id) { name parent { name } currentPriorities { totalCount }
    organisations(first: 30) { totalCount nodes { name partnerships(first: 5) { nodes { name members(first: 30) { totalCount nodes { name roleTitle } } } } } }
    members(first: 30) { edges { cursor node { name roleTitle organisation { name partnerships(first: 5) { totalCount } } } } } } }`;
  const ACTION_LOG = `query($id: ID!) { commitment(id: $id) { title partnership { name } owningOrganisation { name } priorities(first: 10) { totalCount }
    contributingOrganisations(first: 30) { nodes { name } }
    actions(first: 30) { totalCount nodes { title overdue commitment { title } owningOrganisation { name } leadMember { roleTitle } latestUpdate { status }
      updates(first: 5) { totalCount nodes { whatHasHappened } } } }
    indicators(first: 30) { nodes { name progress latestReading { value } owningOrganisation { name } readings(first: 5) { totalCount nodes { value } } } } } }`;

  beforeAll(async () => {
    ({ app, url, token: secretariat, statements } = await startInProcessApi(config, { subject: 'secretariat', roles: ['PLATFORM_ADMIN'] }));
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a board of 3 or of 30 organisations, and their commitment’s actions and indicators, in the same number of statements', async () => {
    const small = await partnershipOf(3);
    const large = await partnershipOf(30);

    const smallBoard = await statementsFor(BOARD, { id: small.partnershipId });
    const largeBoard = await statementsFor(BOARD, { id: large.partnershipId });
    expect(largeBoard.data.partnership.organisations.nodes).toHaveLength(30);
    expect(largeBoard.data.partnership.organisations.nodes[29].partnerships.nodes[0].members.nodes).toHaveLength(30);
    expect(largeBoard.data.partnership.members.edges).toHaveLength(30);
    expect(smallBoard.statements).toBeGreaterThan(0);
    expect(largeBoard.statements).toBe(smallBoard.statements);

    const smallLog = await statementsFor(ACTION_LOG, { id: small.commitmentId });
    const largeLog = await statementsFor(ACTION_LOG, { id: large.commitmentId });
    expect(largeLog.data.commitment.actions.nodes).toHaveLength(30);
    expect(largeLog.data.commitment.actions.nodes.every((action: any) => action.updates.totalCount === 1 && action.latestUpdate.status === 'ON_TRACK')).toBe(true);
    expect(largeLog.data.commitment.indicators.nodes).toHaveLength(30);
    expect(largeLog.data.commitment.indicators.nodes.every((indicator: any) => indicator.progress === 0.2 && indicator.readings.nodes.length === 1)).toBe(true);
    expect(largeLog.data.commitment.contributingOrganisations.nodes).toHaveLength(29);
    expect(smallLog.statements).toBeGreaterThan(0);
    expect(largeLog.statements).toBe(smallLog.statements);
  });
});
