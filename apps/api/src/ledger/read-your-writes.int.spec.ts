import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@ledger/config';
import { EVENT_STORE, type EventStore, type Position } from '@ledger/event-store';
import { boardViewsProjection, ProjectionRunner, type Projection } from '@ledger/projections';
import { startInProcessApi } from '../testing/in-process-api.js';

type Answer = { data?: any; errors?: { message: string; extensions: Record<string, unknown> }[] };

/**
 * The API in-process with one read model held back (its projection fails every batch until released):
 * a mutation waits only for the read models its payload reads.
 */
describe('read-your-writes waits for the read models the payload reads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-ryw-'));
  // Short, so a mutation waiting on the held read model gives up within the test.
  const config = loadConfig({
    NODE_ENV: 'test',
    LEDGER_DATA_DIR: dir,
    LEDGER_JWT_SECRET: 'x'.repeat(40),
    LOG_LEVEL: 'silent',
    LEDGER_READ_YOUR_WRITES_TIMEOUT_MS: '500',
  });
  let app: INestApplication;
  let url: string;
  let token: string;
  let actionId: string;

  async function graphql(query: string, variables: object = {}): Promise<Answer> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as Answer;
  }

  async function ok(query: string, variables: object = {}) {
    const answer = await graphql(query, variables);
    expect(answer.errors).toBeUndefined();
    return answer.data;
  }

  /** Until `release` is called, board views fail every batch, so their checkpoint stays where it was. */
  function holdBoardViews() {
    const projection = app.get(ProjectionRunner).projections.find((candidate) => candidate.name === boardViewsProjection.name) as { apply: Projection['apply'] };
    const apply = projection.apply;
    projection.apply = () => {
      throw new Error('Held back by the test');
    };
    return () => {
      projection.apply = apply;
    };
  }

  /** Whether board views have processed `position`. */
  function boardViewsReached(position: string) {
    const checkpoint = app.get(ProjectionRunner).checkpoint(boardViewsProjection.name);
    return checkpoint !== null && app.get<EventStore>(EVENT_STORE).comparePositions(checkpoint, position as Position) >= 0;
  }

  beforeAll(async () => {
    ({ app, url, token } = await startInProcessApi(config, { subject: 'secretariat', roles: ['PLATFORM_ADMIN'] }));
    const partnershipId = (await ok(`mutation { formPartnership(input: {name: "Leeds Health and Care Partnership", level: PLACE}) { partnership { id } } }`)).formPartnership.partnership.id;
    await ok(`mutation($input: GrantRoleInput!) { grantRole(input: $input) { position } }`, {
      input: { issuer: config.jwtIssuer, subject: 'secretariat', role: 'SECRETARIAT', partnershipId, reason: 'Test board' },
    });
    const organisationId = (
      await ok(`mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { organisation { id } } }`, {
        input: { name: 'Leeds Teaching Hospitals NHS Trust', sector: 'HEALTH' },
      })
    ).registerOrganisation.organisation.id;
    await ok(`mutation($input: JoinPartnershipInput!) { joinPartnership(input: $input) { position } }`, { input: { partnershipId, organisationId } });
    const commitmentId = (
      await ok(`mutation($input: MakeCommitmentInput!) { makeCommitment(input: $input) { commitment { id } } }`, {
        input: { partnershipId, owningOrganisationId: organisationId, title: 'Same-day discharge', description: 'Discharge the same day.' },
      })
    ).makeCommitment.commitment.id;
    await ok(`mutation($input: EndorseCommitmentInput!) { endorseCommitment(input: $input) { position } }`, { input: { commitmentId, endorsedOn: '2021-03-25' } });
    actionId = (
      await ok(`mutation($input: PlanActionInput!) { planAction(input: $input) { actions { id } } }`, {
        input: { commitmentId, owningOrganisationId: organisationId, title: 'Discharge lounge open', dueDate: '2031-10-30' },
      })
    ).planAction.actions[0].id;
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers from the commitment tracker while board views are held back, and shows its own write there', async () => {
    const release = holdBoardViews();
    try {
      const { submitActionUpdate } = await ok(
        `mutation($input: SubmitActionUpdateInput!) { submitActionUpdate(input: $input) {
          position update { whatHasHappened } action { status latestUpdate { whatHasHappened } updates { totalCount } } } }`,
        { input: { actionId, status: 'AT_RISK', whatHasHappened: 'Lounge staffing short.' } },
      );
      expect(submitActionUpdate.action).toEqual({ status: 'AT_RISK', latestUpdate: { whatHasHappened: 'Lounge staffing short.' }, updates: { totalCount: 1 } });
      expect(submitActionUpdate.update.whatHasHappened).toBe('Lounge staffing short.');
      // It did not wait for board views: they have not processed the write.
      expect(boardViewsReached(submitActionUpdate.position)).toBe(false);
    } finally {
      release();
    }
  });

  it('waits for both read models when the payload reads both, and answers once both show the write', async () => {
    const release = holdBoardViews();
    const input = { actionId, status: 'OFF_TRACK', whatHasHappened: 'Lounge closed.', clientMutationId: 'both' };
    const BOTH = `mutation($input: SubmitActionUpdateInput!) { submitActionUpdate(input: $input) { position action { status rag } } }`;
    let held: Answer;
    try {
      held = await graphql(BOTH, { input });
    } finally {
      release();
    }
    // `rag` comes from board views, which were held: the write stands, but the answer could not be read.
    expect(held.data?.submitActionUpdate).toBeNull();
    expect(held.errors?.[0]?.extensions).toMatchObject({ code: 'READ_MODEL_BEHIND', written: true });
    const position = held.errors![0]!.extensions.position as string;

    // Released, board views catch up on their next retry (within a second); the resend answers from both with the same write.
    const deadline = Date.now() + 10_000;
    let resent: Answer;
    do resent = await graphql(BOTH, { input });
    while (resent.errors && Date.now() < deadline);
    expect(resent.errors).toBeUndefined();
    expect(resent.data.submitActionUpdate).toEqual({ position, action: { status: 'OFF_TRACK', rag: 'RED' } });
    expect(boardViewsReached(position)).toBe(true);
  });
});
