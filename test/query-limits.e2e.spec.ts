import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApiProcess, tokenOf, type GraphQLResponse } from './support/api-process.js';

const secretariat = await tokenOf('secretariat-e2e');

/** The 12 nested lists of the query that once killed the server: organisations → partnerships → organisations … */
/** Organisations of partnerships of organisations…, `levels` deep, each list `args` (e.g. '(first: 10)'). */
function nestedPartnershipQuery(partnershipId: string, levels = 12, args = '') {
  let selection = '{ id name }';
  for (let level = levels; level > 0; level--) selection = `{ ${level % 2 === 1 ? 'organisations' : 'partnerships'}${args} { nodes ${selection} } }`;
  return `{ partnership(id: "${partnershipId}") ${selection} }`;
}

const aliased = (count: number, field: (i: number) => string) => Array.from({ length: count }, (_, i) => `a${i}: ${field(i)}`).join('\n');

/**
 * Hostile and careless queries are refused before any resolver runs, quickly, with a code and the
 * rule that refused them; nothing is written and the server keeps answering.
 */
describe('query limits', () => {
  let api: ApiProcess;
  let partnershipId: string;
  let commitmentId: string;
  let actionId: string;
  let partner: string;

  const ok = async (query: string, variables: object = {}, token = secretariat) => {
    const response = await api.graphql<any>(query, variables, token);
    expect(response.errors).toBeUndefined();
    return response.data;
  };
  const head = async () => (await ok('{ health { store { headPosition } } }')).health.store.headPosition as string;

  /**
   * Sends a query, expecting it refused within a second by `rule` (among any other limits it
   * breaks), with the log head unchanged and the server still answering.
   */
  async function expectRefused(query: string, rule: string, token?: string, variables: object = {}) {
    const before = await head();
    const started = performance.now();
    const response: GraphQLResponse = await api.graphql(query, variables, token);
    const elapsed = performance.now() - started;
    expect(response.data ?? null).toBeNull();
    const error = response.errors?.find((candidate) => candidate.extensions.rule === rule);
    expect(error?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'query', rule });
    expect(elapsed).toBeLessThan(1000);
    expect(await head()).toBe(before);
    expect((await api.graphql<any>('{ health { status } }')).data.health.status).toBe('ok');
    return error!;
  }

  beforeAll(async () => {
    api = await ApiProcess.start();
    const admin = await api.adminToken();
    partnershipId = (await ok(`mutation { formPartnership(input: {name: "Leicester City Health and Wellbeing Board", level: PLACE}) { partnership { id } } }`, {}, admin)).formPartnership.partnership.id;
    await api.grant('secretariat-e2e', 'SECRETARIAT', { partnershipId });
    const organisations: string[] = [];
    for (const [name, sector] of [['Leicester City Council', 'LOCAL_GOVERNMENT'], ['University Hospitals of Leicester NHS Trust', 'HEALTH'], ['Voluntary Action LeicesterShire', 'VCSE']]) {
      const organisationId = (await ok(`mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { organisation { id } } }`, { input: { name, sector } }, admin))
        .registerOrganisation.organisation.id;
      await ok(`mutation($input: JoinPartnershipInput!) { joinPartnership(input: $input) { position } }`, { input: { partnershipId, organisationId } });
      organisations.push(organisationId);
    }
    await api.grant('partner@council.example', 'PARTNER', { organisationId: organisations[0] });
    partner = await tokenOf('partner@council.example');
    commitmentId = (
      await ok(`mutation($input: MakeCommitmentInput!) { makeCommitment(input: $input) { commitment { id } } }`, {
        input: { partnershipId, owningOrganisationId: organisations[0], title: 'Health equity audit', description: 'At the planning stage of every project.' },
      })
    ).makeCommitment.commitment.id;
    await ok(`mutation($input: EndorseCommitmentInput!) { endorseCommitment(input: $input) { position } }`, { input: { commitmentId, endorsedOn: '2021-03-25' } });
    await ok(`mutation($input: PlanActionInput!) { planAction(input: $input) { position } }`, {
      input: { commitmentId, everyMemberOrganisation: true, title: 'Standard HEA tool adopted', dueDate: '2031-10-30' },
    });
    const { commitment } = await ok(`query($id: ID!) { commitment(id: $id) { actions { nodes { id owningOrganisation { id } } } } }`, { id: commitmentId });
    actionId = commitment.actions.nodes.find((action: any) => action.owningOrganisation.id === organisations[0]).id;
    await ok(`mutation($input: SubmitActionUpdateInput!) { submitActionUpdate(input: $input) { position } }`, { input: { actionId, status: 'ON_TRACK', whatHasHappened: 'Tool chosen.' } }, partner);
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('answers the same nested query when it stays within the limits', async () => {
    // Three levels of 10 (~1,100 objects); left to the default first (50) they could return 130,102 and are refused.
    expect((await expectRefused(nestedPartnershipQuery(partnershipId, 3), 'maxCost', partner)).message).toMatch(/found 130102/);
    const data = await ok(nestedPartnershipQuery(partnershipId, 3, '(first: 10)'), {}, partner);
    expect(data.partnership.organisations.nodes).toHaveLength(3);
    expect(data.partnership.organisations.nodes[0].partnerships.nodes[0].organisations.nodes).toHaveLength(3);
  });

  it('refuses the 12-level organisations → partnerships query from a partner', async () => {
    const error = await expectRefused(nestedPartnershipQuery(partnershipId), 'maxDepth', partner);
    expect(error.message).toMatch(/depth limit of 8/);
  });

  it('refuses 1000 aliases of a commitment with its actions and updates', async () => {
    const query = `query($id: ID!) { ${aliased(1000, () => 'commitment(id: $id) { actions { nodes { updates { nodes { id } } } } }')} }`;
    expect((await expectRefused(query, 'maxTokens', partner, { id: commitmentId })).message).toMatch(/token limit of 2000/);
  });

  it('refuses 1000 aliases of health without a token, 40 such requests at once', async () => {
    const query = `{ ${aliased(1000, () => 'health { status projections { name checkpoint } }')} }`;
    await expectRefused(query, 'maxTokens');
    const started = performance.now();
    const responses = await Promise.all(Array.from({ length: 40 }, () => api.graphql(query)));
    expect(responses.every((response) => response.errors?.[0]?.extensions.rule === 'maxTokens')).toBe(true);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('refuses more aliases than the limit even in a short query', async () => {
    await expectRefused(`{ ${aliased(21, () => 'health { status }')} }`, 'maxAliases');
  });

  it('refuses 500 aliased submitActionUpdate mutations, writing nothing', async () => {
    const mutation = `mutation { ${aliased(500, (i) => `submitActionUpdate(input: {actionId: "${actionId}", status: ON_TRACK, whatHasHappened: "Update ${i}"}) { position }`)} }`;
    await expectRefused(mutation, 'maxTokens', partner);
  });

  it('refuses more than 10 mutations in one request, writing none of them', async () => {
    const mutation = (count: number) =>
      `mutation { ${aliased(count, (i) => `submitActionUpdate(input: {actionId: "${actionId}", status: ON_TRACK, whatHasHappened: "Update ${i}"}) { position }`)} }`;
    const error = await expectRefused(mutation(11), 'maxMutations', partner);
    expect(error.message).toBe('At most 10 mutations per request (found 11)');
    const { action } = await ok(`query($id: ID!) { action(id: $id) { updates { totalCount } } }`, { id: actionId });
    expect(action.updates.totalCount).toBe(1);
  });

  it('refuses a query whose lists could return too many nodes (cost)', async () => {
    const query = `{ partnerships(first: 100) { nodes { organisations(first: 100) { nodes { partnerships(first: 100) { nodes { id } } } } } } }`;
    expect((await expectRefused(query, 'maxCost', partner)).message).toMatch(/^Query cost limit of 10000 exceeded, found 1020201/);
  });

  it('refuses too many directives', async () => {
    await expectRefused(`{ health { status ${Array.from({ length: 21 }, () => '@include(if: true)').join(' ')} } }`, 'maxDirectives');
  });

  it('refuses first above 100 on a nested list, naming the field and the rule', async () => {
    const before = await head();
    const response = await api.graphql(`{ partnership(id: "${partnershipId}") { organisations(first: 101) { totalCount } } }`, {}, partner);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first', rule: 'max' });
    const topLevel = await api.graphql(`{ partnerships(first: 101) { totalCount } }`, {}, partner);
    expect(topLevel.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first', rule: 'max' });
    expect(await head()).toBe(before);
  });

  it('refuses a forged after cursor', async () => {
    const forged = Buffer.from('organisation:-1').toString('base64url');
    for (const after of [forged, 'not a cursor', Buffer.from('member:1').toString('base64url')]) {
      const response = await api.graphql(`query($after: String) { partnership(id: "${partnershipId}") { organisations(after: $after) { totalCount } } }`, { after }, partner);
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after', rule: 'cursor' });
    }
  });

  it('keeps introspection outside production', async () => {
    expect((await ok('{ __schema { queryType { name } } }')).__schema.queryType.name).toBe('Query');
  });

  it('pages a nested list with cursors, totalCount and nodes', async () => {
    const page = async (after: string | null) =>
      (await ok(`query($id: ID!, $after: String) { partnership(id: $id) { organisations(first: 2, after: $after) { totalCount nodes { name } edges { cursor node { name } } pageInfo { hasNextPage endCursor } } } }`, { id: partnershipId, after }))
        .partnership.organisations;
    const first = await page(null);
    expect(first).toMatchObject({ totalCount: 3, nodes: [{ name: 'Leicester City Council' }, { name: 'University Hospitals of Leicester NHS Trust' }], pageInfo: { hasNextPage: true } });
    expect(first.edges.map((edge: any) => edge.node)).toEqual(first.nodes);
    const second = await page(first.pageInfo.endCursor);
    expect(second).toMatchObject({ totalCount: 3, nodes: [{ name: 'Voluntary Action LeicesterShire' }], pageInfo: { hasNextPage: false } });
  });
});

/** Every query here is refused before it runs, so the caller needs a token but no grant. */
describe('query limits in production', () => {
  let api: ApiProcess;

  beforeAll(async () => {
    api = await ApiProcess.start({ env: { NODE_ENV: 'production', LEDGER_MAX_QUERY_DEPTH: '3' } });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('suggests no field, argument or enum value names', async () => {
    const queries = [
      '{ health { statu } }',
      '{ partnerships(firs: 3) { totalCount } }',
      'mutation { formPartnership(input: {nme: "Leeds", level: PLACE}) { position } }',
      'mutation { formPartnership(input: {name: "Leeds", level: PLAC}) { position } }',
    ];
    for (const query of queries) {
      const response = await api.graphql(query, {}, secretariat);
      expect(response.errors?.length).toBeGreaterThan(0);
      for (const error of response.errors!) expect(error.message).not.toMatch(/Did you mean/);
    }
    const variables = await api.graphql('mutation($input: FormPartnershipInput!) { formPartnership(input: $input) { position } }', { input: { nme: 'Leeds', level: 'PLAC' } }, secretariat);
    expect(variables.errors?.length).toBeGreaterThan(0);
    for (const error of variables.errors!) expect(error.message).not.toMatch(/Did you mean/);
  });

  it('refuses introspection', async () => {
    const response = await api.graphql('{ __schema { types { name } } }', {}, secretariat);
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0]?.message).toMatch(/introspection/i);
  });

  it('takes its limits from the configuration', async () => {
    const response = await api.graphql('{ partnerships { nodes { organisations { nodes { id } } } } }', {}, secretariat);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'maxDepth' });
    expect(response.errors?.[0]?.message).toMatch(/depth limit of 3/);
  });
});
