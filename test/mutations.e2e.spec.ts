import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { ADMIN_SUBJECT, ApiProcess, tokenOf } from './support/api-process.js';

/**
 * The administrator (bootstrapped by `api.adminToken()`), also made secretariat of each board it
 * forms with a commitment: one caller forms, registers and runs the boards, as before grants.
 */
const secretariat = await tokenOf(ADMIN_SUBJECT);

/** A partner for the organisation: a PARTNER grant, and a token for whoever holds it. */
async function partnerFor(api: ApiProcess, organisationId: string) {
  await api.grant(`partner-${organisationId}`, 'PARTNER', { organisationId });
  return tokenOf(`partner-${organisationId}`);
}

const FORM = `mutation($input: FormPartnershipInput!) { formPartnership(input: $input) { partnership { id name } position clientMutationId } }`;
const REGISTER = `mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { organisation { id } position clientMutationId } }`;
const JOIN = `mutation($input: JoinPartnershipInput!) { joinPartnership(input: $input) { partnership { revision } position } }`;
const APPOINT = `mutation($input: AppointMemberInput!) { appointMember(input: $input) { member { id name } position } }`;
const MAKE = `mutation($input: MakeCommitmentInput!) { makeCommitment(input: $input) { commitment { id } position } }`;
const ENDORSE = `mutation($input: EndorseCommitmentInput!) { endorseCommitment(input: $input) { commitment { revision } position } }`;
const PLAN = `mutation($input: PlanActionInput!) { planAction(input: $input) { actions { id planId } position clientMutationId } }`;
const UPDATE = `mutation($input: SubmitActionUpdateInput!) { submitActionUpdate(input: $input) { action { revision } update { id } position clientMutationId } }`;

/** Events in the API's embedded log, read beside it (WAL lets a reader in while the API writes). */
function eventsOf(dataDir: string, type: string) {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare<[string], { stream_id: string; data: string }>('SELECT stream_id, data FROM events WHERE type = ?').all(type);
  } finally {
    db.close();
  }
}

async function ok(api: ApiProcess, query: string, variables: object, token = secretariat) {
  const { data, errors } = await api.graphql<any>(query, variables, token);
  if (errors) throw new Error(JSON.stringify(errors));
  return data;
}

/** A partnership with `size` member organisations and one endorsed commitment. */
async function partnershipWithCommitment(api: ApiProcess, size: number) {
  await api.adminToken();
  const { formPartnership } = await ok(api, FORM, { input: { name: 'Leeds Health and Wellbeing Board', level: 'PLACE' } });
  const partnershipId: string = formPartnership.partnership.id;
  await api.grant(ADMIN_SUBJECT, 'SECRETARIAT', { partnershipId });
  const organisationIds: string[] = [];
  for (let i = 1; i <= size; i++) {
    // Each test's board has partners of its own, under the names an earlier test's board used too.
    const { registerOrganisation } = await ok(api, REGISTER, { input: { name: `Leeds partner ${i}`, sector: 'VCSE', allowDuplicateName: true } });
    organisationIds.push(registerOrganisation.organisation.id);
    await ok(api, JOIN, { input: { partnershipId, organisationId: registerOrganisation.organisation.id } });
  }
  const { makeCommitment } = await ok(api, MAKE, {
    input: { partnershipId, owningOrganisationId: organisationIds[0], title: 'Publicly say what has happened', description: 'Leeds THIG.' },
  });
  const commitmentId: string = makeCommitment.commitment.id;
  await ok(api, ENDORSE, { input: { commitmentId, endorsedOn: '2021-09-16' } });
  return { partnershipId, organisationIds, commitmentId };
}

describe('mutations are safe to retry, and one failure never hides another result', () => {
  let api: ApiProcess;
  const head = async () => (await api.graphql<any>('{ health { store { headPosition } } }', {}, secretariat)).data.health.store.headPosition;

  beforeAll(async () => {
    api = await ApiProcess.start();
    await api.adminToken();
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('a retried create with the same clientMutationId returns the first result and writes nothing', async () => {
    const input = { name: 'Leicester City Health and Wellbeing Board', level: 'PLACE', clientMutationId: 'form-leicester-1' };
    const first = await ok(api, FORM, { input });
    expect(first.formPartnership.clientMutationId).toBe('form-leicester-1');
    const before = await head();
    const retry = await ok(api, FORM, { input });
    expect(retry.formPartnership).toEqual(first.formPartnership);
    expect(await head()).toBe(before);

    // Another key is another partnership; the same key from another caller is theirs, not this one.
    const other = await ok(api, FORM, { input: { ...input, clientMutationId: 'form-leicester-2' } });
    expect(other.formPartnership.partnership.id).not.toBe(first.formPartnership.partnership.id);
    await api.grant('another-admin', 'PLATFORM_ADMIN');
    const colleague = await tokenOf('another-admin');
    const theirs = await ok(api, FORM, { input }, colleague);
    expect(theirs.formPartnership.partnership.id).not.toBe(first.formPartnership.partnership.id);
  });

  it('a retried update with the same key is recorded once, even when the action has moved on since', async () => {
    const { organisationIds, commitmentId } = await partnershipWithCommitment(api, 1);
    const { planAction } = await ok(api, PLAN, {
      input: { commitmentId, owningOrganisationId: organisationIds[0], title: 'Allies programme report', dueDate: '2030-03-31' },
    });
    const actionId = planAction.actions[0].id;
    const partner = await partnerFor(api, organisationIds[0]!);
    const input = { actionId, status: 'ON_TRACK', whatHasHappened: 'CoIN members paired with board members.', clientMutationId: 'update-42', expectedRevision: '0' };
    const first = await ok(api, UPDATE, { input }, partner);
    await ok(api, UPDATE, { input: { actionId, status: 'AT_RISK', whatHasHappened: 'Two allies left.' } }, partner);
    const before = await head();
    // The stale expectedRevision would be a CONFLICT for a new change; for a retry it is the first answer.
    const retry = await ok(api, UPDATE, { input }, partner);
    expect(retry.submitActionUpdate.update).toEqual(first.submitActionUpdate.update);
    expect(retry.submitActionUpdate.position).toBe(first.submitActionUpdate.position);
    expect(await head()).toBe(before);
    const { action } = await ok(api, `query($id: ID!) { action(id: $id) { revision } }`, { id: actionId });
    expect(action.revision).toBe('2');
  });

  it('twenty copies of one keyed update sent at once write it once; the same key on another mutation is another change', async () => {
    const { organisationIds, commitmentId } = await partnershipWithCommitment(api, 1);
    const { planAction } = await ok(api, PLAN, {
      input: { commitmentId, owningOrganisationId: organisationIds[0], title: 'Allies report to the board', dueDate: '2030-03-31' },
    });
    const actionId = planAction.actions[0].id;
    const partner = await partnerFor(api, organisationIds[0]!);
    const input = { actionId, status: 'ON_TRACK', whatHasHappened: 'Report drafted.', clientMutationId: 'storm' };
    const answers = await Promise.all(Array.from({ length: 20 }, () => api.graphql<any>(UPDATE, { input }, partner)));
    expect(answers.every((answer) => answer.errors === undefined)).toBe(true);
    expect(new Set(answers.map((answer) => answer.data.submitActionUpdate.update.id)).size).toBe(1);
    const { action } = await ok(api, `query($id: ID!) { action(id: $id) { revision updates { totalCount } } }`, { id: actionId });
    expect(action).toEqual({ revision: '1', updates: { totalCount: 1 } });

    const formed = await ok(api, FORM, { input: { name: 'Storm Board', level: 'PLACE', clientMutationId: 'storm' } });
    expect(formed.formPartnership.partnership.name).toBe('Storm Board');
  });

  it('a retried appointment keeps the first name and does not erase it', async () => {
    const { partnershipId, organisationIds } = await partnershipWithCommitment(api, 1);
    const input = { partnershipId, organisationId: organisationIds[0], name: 'Cllr Fiona Venner', roleTitle: 'Chair', clientMutationId: 'appoint-chair' };
    const first = await ok(api, APPOINT, { input });
    const retry = await ok(api, APPOINT, { input: { ...input, name: 'Somebody Else' } });
    expect(retry.appointMember.member).toEqual({ id: first.appointMember.member.id, name: 'Cllr Fiona Venner' });
  });

  it('refuses a malformed clientMutationId, naming the field and the rule', async () => {
    const before = await head();
    const response = await api.graphql(FORM, { input: { name: 'Board', level: 'PLACE', clientMutationId: 'has spaces\u0000' } }, secretariat);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'clientMutationId', rule: 'matches' });
    expect(await head()).toBe(before);
  });

  it('in a document of two mutations, the second failing leaves the first result visible', async () => {
    const response = await api.graphql<any>(
      `mutation { a: formPartnership(input: {name: "Rutland Health and Wellbeing Board", level: PLACE}) { partnership { id name } }
                  b: formPartnership(input: {name: "   ", level: PLACE}) { partnership { id } } }`,
      {},
      secretariat,
    );
    expect(response.data?.a.partnership.name).toBe('Rutland Health and Wellbeing Board');
    expect(response.data?.b).toBeNull();
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0]).toMatchObject({ path: ['b'], extensions: { code: 'BAD_USER_INPUT', field: 'name', rule: 'notEmpty' } });
    const { partnership } = await ok(api, `query($id: ID!) { partnership(id: $id) { name } }`, { id: response.data!.a.partnership.id });
    expect(partnership.name).toBe('Rutland Health and Wellbeing Board');
  });

  it('answers a stale expectedRevision with CONFLICT, the current revision and no internal stream name', async () => {
    const { partnershipId } = await partnershipWithCommitment(api, 1);
    const { registerOrganisation } = await ok(api, REGISTER, { input: { name: 'West Yorkshire Police', sector: 'PUBLIC_SERVICES' } });
    const before = await head();
    const stale = await api.graphql(JOIN, { input: { partnershipId, organisationId: registerOrganisation.organisation.id, expectedRevision: '0' } }, secretariat);
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedRevision', currentRevision: '1' });
    expect(stale.errors?.[0]?.message).not.toMatch(/partnership-|stream/i);
    expect(await head()).toBe(before);
  });

  it('a plan for every member organisation, retried with its key, returns the same actions and writes nothing', async () => {
    const { partnershipId, commitmentId } = await partnershipWithCommitment(api, 3);
    const input = { commitmentId, everyMemberOrganisation: true, title: '7a Standard HEA tool adopted', dueDate: '2030-10-30', clientMutationId: 'plan-7a' };
    const first = await ok(api, PLAN, { input });
    expect(first.planAction.actions).toHaveLength(3);
    // An organisation joining later does not change what the retry answers.
    const { registerOrganisation } = await ok(api, REGISTER, { input: { name: 'Leeds Beckett University', sector: 'PUBLIC_SERVICES' } });
    await ok(api, JOIN, { input: { partnershipId, organisationId: registerOrganisation.organisation.id } });
    const before = await head();
    const retry = await ok(api, PLAN, { input });
    expect(retry.planAction).toEqual(first.planAction);
    expect(await head()).toBe(before);
    // Without the key it is a new plan, for all four members.
    const again = await ok(api, PLAN, { input: { ...input, clientMutationId: null } });
    expect(again.planAction.actions).toHaveLength(4);
  });
});

describe('a plan for every member organisation is all or nothing, even across a crash', () => {
  it('is completed after a SIGKILL part-way, never doubled, and a retry answers with the whole plan', async () => {
    const size = 80;
    const api = await ApiProcess.start();
    const { organisationIds, commitmentId } = await partnershipWithCommitment(api, size);
    const input = { commitmentId, everyMemberOrganisation: true, title: '7a Standard HEA tool adopted', dueDate: '2030-10-30', clientMutationId: 'plan-hea-tool' };

    // Kill the API as soon as the first action of the plan is in the log, while the rest are still being written.
    const pending = api.graphql(PLAN, { input }, secretariat).catch(() => null);
    while (eventsOf(api.dataDir, 'ActionPlanned').length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    await api.kill();
    await pending;
    const startedAtKill = eventsOf(api.dataDir, 'ActionPlanned').length;
    expect(eventsOf(api.dataDir, 'ActionsPlanned')).toHaveLength(1);
    expect(startedAtKill).toBeGreaterThan(0);
    expect(startedAtKill).toBeLessThan(size);

    const restarted = await ApiProcess.start({ dataDir: api.dataDir });
    try {
      const deadline = Date.now() + 20_000;
      while (eventsOf(restarted.dataDir, 'ActionPlanned').length < size && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const started = eventsOf(restarted.dataDir, 'ActionPlanned');
      expect(started).toHaveLength(size);
      expect(new Set(started.map((event) => event.stream_id)).size).toBe(size);
      const owners = started.map((event) => JSON.parse(event.data).owningOrganisationId as string);
      expect(new Set(owners)).toEqual(new Set(organisationIds));

      const head = async () => (await restarted.graphql<any>('{ health { store { headPosition } } }', {}, secretariat)).data.health.store.headPosition;
      const before = await head();
      const retry = await ok(restarted, PLAN, { input });
      expect(retry.planAction.actions).toHaveLength(size);
      expect(new Set(retry.planAction.actions.map((action: { id: string }) => `action-${action.id}`))).toEqual(new Set(started.map((event) => event.stream_id)));
      expect(await head()).toBe(before);
    } finally {
      await restarted.stop();
    }
  });
});

describe('read-your-writes has a bound', () => {
  it('says the write succeeded, with its position, when the read models cannot show it in time', async () => {
    const api = await ApiProcess.start({ env: { LEDGER_READ_YOUR_WRITES_TIMEOUT_MS: '300' } });
    try {
      await api.adminToken();
      // Another process holds the read models' write lock, so the projections cannot apply the event.
      const blocker = new Database(join(api.dataDir, 'read-models.sqlite'));
      blocker.exec('BEGIN IMMEDIATE');
      let response;
      try {
        response = await api.graphql<any>(REGISTER, { input: { name: 'Leeds Community Healthcare NHS Trust', sector: 'HEALTH', clientMutationId: 'lch' } }, secretariat);
      } finally {
        blocker.exec('ROLLBACK');
        blocker.close();
      }
      expect(response.data?.registerOrganisation).toBeNull();
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'READ_MODEL_BEHIND', written: true });
      const position = response.errors![0]!.extensions.position as string;
      expect(response.errors?.[0]?.message).toContain(`was written (position ${position})`);

      // Once the lock is gone the projections catch up, and the retry answers with the same write.
      const deadline = Date.now() + 15_000;
      let retry;
      do {
        await new Promise((resolve) => setTimeout(resolve, 100));
        retry = await api
          .graphql<any>(REGISTER, { input: { name: 'Leeds Community Healthcare NHS Trust', sector: 'HEALTH', clientMutationId: 'lch' } }, secretariat)
          .catch((error: unknown) => {
            throw new Error(`The API stopped answering (${String(error)}); its output:\n${api.logs}`);
          });
      } while (retry.errors && Date.now() < deadline);
      expect(retry.errors).toBeUndefined();
      expect(retry.data.registerOrganisation.position).toBe(position);
    } finally {
      await api.stop();
    }
  });
});
