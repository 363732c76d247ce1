import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT, UnsecuredJWT } from 'jose';
import { ADMIN_SUBJECT, ApiProcess, LOCAL_ISSUER, TEST_JWT_SECRET, tokenOf } from './support/api-process.js';

/** Forms top-level boards and registers organisations (bootstrapped by `api.adminToken()`). */
const admin = await tokenOf(ADMIN_SUBJECT);
/** Secretariat of each board a test runs (granted as the board is formed), and of the boards beneath it. */
const secretariat = await tokenOf('secretariat-e2e');
/** A platform-wide auditor: reads everything, writes nothing. */
const auditor = await tokenOf('auditor-e2e');

const FORM = `mutation($input: FormPartnershipInput!) { formPartnership(input: $input) { partnership { id name level parent { id name } } position } }`;
const REGISTER = `mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { organisation { id name sector } position } }`;
const JOIN = `mutation($input: JoinPartnershipInput!) { joinPartnership(input: $input) { partnership { id organisations { nodes { name } } } position } }`;
const APPOINT = `mutation($input: AppointMemberInput!) { appointMember(input: $input) { member { id name roleTitle organisation { name } } position } }`;

describe('partnerships, organisations and board members over GraphQL', () => {
  let api: ApiProcess;
  beforeAll(async () => {
    api = await ApiProcess.start();
    await api.adminToken();
    await api.grant('auditor-e2e', 'AUDITOR');
  });
  afterAll(async () => {
    await api?.stop();
  });

  const head = async () => (await api.graphql<{ health: { store: { headPosition: string | null } } }>('{ health { store { headPosition } } }', undefined, secretariat)).data!.health.store.headPosition;
  const form = async (input: object, token = admin) => (await api.graphql(FORM, { input }, token)).data!.formPartnership;
  /** A board the administrator forms and hands to the secretariat. */
  const board = async (input: object) => {
    const formed = await form(input);
    await api.grant('secretariat-e2e', 'SECRETARIAT', { partnershipId: formed.partnership.id });
    return formed;
  };
  const register = async (name: string, sector: string) =>
    (await api.graphql(REGISTER, { input: { name, sector } }, admin)).data!.registerOrganisation.organisation.id as string;

  it('sets up the Leicester board under the LLR system partnership, with partners and members', async () => {
    const llr = await board({ name: 'Leicester, Leicestershire and Rutland Health and Care Partnership', level: 'SYSTEM' });
    // The system partnership's secretariat forms and runs the place boards beneath it.
    const leicester = await form({ name: '  Leicester City Health and Wellbeing Board ', level: 'PLACE', parentPartnershipId: llr.partnership.id }, secretariat);
    expect(leicester.partnership).toMatchObject({ name: 'Leicester City Health and Wellbeing Board', level: 'PLACE', parent: { id: llr.partnership.id } });
    expect(BigInt(leicester.position)).toBeGreaterThan(BigInt(llr.position));

    const council = await register('Leicester City Council', 'LOCAL_GOVERNMENT');
    const trust = await register('Leicestershire Partnership NHS Trust', 'HEALTH');
    for (const organisationId of [council, trust]) {
      const joined = await api.graphql(JOIN, { input: { partnershipId: leicester.partnership.id, organisationId } }, secretariat);
      expect(joined.errors).toBeUndefined();
    }
    const appointed = await api.graphql(
      APPOINT,
      { input: { partnershipId: leicester.partnership.id, organisationId: council, name: 'Ivan Browne', roleTitle: 'Director Public Health' } },
      secretariat,
    );
    expect(appointed.data!.appointMember.member).toMatchObject({ name: 'Ivan Browne', roleTitle: 'Director Public Health', organisation: { name: 'Leicester City Council' } });

    // The system partnership's auditor reads the boards beneath it.
    await api.grant('auditor@llr.example', 'AUDITOR', { partnershipId: llr.partnership.id });
    const boardAuditor = await tokenOf('auditor@llr.example');
    const view = await api.graphql(
      `query($id: ID!) { partnership(id: $id) { name parent { name } organisations { nodes { name sector } } members { nodes { name roleTitle organisation { name } } } } }`,
      { id: leicester.partnership.id },
      boardAuditor,
    );
    expect(view.data!.partnership).toEqual({
      name: 'Leicester City Health and Wellbeing Board',
      parent: { name: 'Leicester, Leicestershire and Rutland Health and Care Partnership' },
      organisations: {
        nodes: [
          { name: 'Leicester City Council', sector: 'LOCAL_GOVERNMENT' },
          { name: 'Leicestershire Partnership NHS Trust', sector: 'HEALTH' },
        ],
      },
      members: { nodes: [{ name: 'Ivan Browne', roleTitle: 'Director Public Health', organisation: { name: 'Leicester City Council' } }] },
    });

    await api.grant('partner@trust.example', 'PARTNER', { organisationId: trust });
    const organisation = await api.graphql(`query($id: ID!) { organisation(id: $id) { name partnerships { nodes { name } } } }`, { id: trust }, await tokenOf('partner@trust.example'));
    expect(organisation.data!.organisation).toEqual({ name: 'Leicestershire Partnership NHS Trust', partnerships: { nodes: [{ name: 'Leicester City Health and Wellbeing Board' }] } });
  });

  it('pages through partnerships in the order they were formed', async () => {
    const names = ['Leeds Health and Wellbeing Board', 'Rutland Health and Wellbeing Board', 'Leicestershire Health and Wellbeing Board'];
    for (const name of names) await form({ name, level: 'PLACE' });
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const response: any = await api.graphql(
        `query($after: String) { partnerships(first: 2, after: $after) { edges { cursor node { name } } pageInfo { hasNextPage endCursor } } }`,
        { after },
        admin,
      );
      const connection = response.data.partnerships;
      seen.push(...connection.edges.map((edge: any) => edge.node.name));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen.slice(-3)).toEqual(names);
    expect(new Set(seen).size).toBe(seen.length);
  });

  describe('bad input names the field and the rule, and writes nothing', () => {
    it.each([
      ['a blank name', { name: '   ', level: 'PLACE' }, 'name', 'notEmpty'],
      ['a name over 200 characters', { name: 'x'.repeat(201), level: 'PLACE' }, 'name', 'maxLength'],
      ['a parent that is not a UUID', { name: 'Board', level: 'PLACE', parentPartnershipId: 'leeds' }, 'parentPartnershipId', 'isUuid'],
    ])('refuses %s', async (_case, input, field, rule) => {
      const before = await head();
      const response = await api.graphql(FORM, { input }, admin);
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, rule });
      expect(response.data).toEqual({ formPartnership: null });
      expect(await head()).toBe(before);
    });

    it('answers NOT_FOUND for a parent that does not exist, naming the field', async () => {
      // Access is decided first, and needs the parent's place in the tree: an unknown parent is not found before any rule.
      const before = await head();
      const response = await api.graphql(FORM, { input: { name: 'Board', level: 'PLACE', parentPartnershipId: '0190a1b2-0000-7000-8000-000000000999' } }, admin);
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'parentPartnershipId' });
      expect(response.data).toEqual({ formPartnership: null });
      expect(await head()).toBe(before);
    });

    it('refuses the same organisation joining twice', async () => {
      const { partnership } = await board({ name: 'Rutland Health and Wellbeing Board', level: 'PLACE' });
      const organisationId = await register('Rutland County Council', 'LOCAL_GOVERNMENT');
      await api.graphql(JOIN, { input: { partnershipId: partnership.id, organisationId } }, secretariat);
      const before = await head();
      const again = await api.graphql(JOIN, { input: { partnershipId: partnership.id, organisationId } }, secretariat);
      expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'organisationId', rule: 'notAlreadyJoined' });
      expect(await head()).toBe(before);
    });

    it('refuses appointing someone from an organisation that has not joined, keeping no personal data', async () => {
      const { partnership } = await board({ name: 'Leeds Place Based Partnership', level: 'PLACE' });
      const organisationId = await register('Leeds Teaching Hospitals NHS Trust', 'HEALTH');
      const response = await api.graphql(APPOINT, { input: { partnershipId: partnership.id, organisationId, name: 'A Person', roleTitle: 'Chief Executive' } }, secretariat);
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'organisationId', rule: 'joinedPartnership' });
      const view = await api.graphql(`query($id: ID!) { partnership(id: $id) { members { nodes { id } } } }`, { id: partnership.id }, secretariat);
      expect(view.data!.partnership.members.nodes).toEqual([]);
    });

    it('answers NOT_FOUND for an unknown partnership', async () => {
      const response = await api.graphql(`{ partnership(id: "0190a1b2-0000-7000-8000-000000000999") { name } }`, undefined, secretariat);
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    });
  });

  describe('identity', () => {
    const key = (secret: string) => new TextEncoder().encode(secret);
    const inTenMinutes = () => Math.floor(Date.now() / 1000) + 600;
    const forged = (secret: string) => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer(LOCAL_ISSUER).setSubject('intruder').setExpirationTime(inTenMinutes()).sign(key(secret));

    it.each([
      ['no token', async () => undefined],
      ['a token signed with another secret', () => forged('not-the-servers-secret-not-the-servers')],
      ['an unsigned token (alg none)', async () => new UnsecuredJWT({}).setIssuer(LOCAL_ISSUER).setSubject('intruder').setExpirationTime(inTenMinutes()).encode()],
      ['an expired token', () => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer(LOCAL_ISSUER).setSubject('x').setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(key(TEST_JWT_SECRET))],
      ['a token that does not say who it is for (no sub)', () => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer(LOCAL_ISSUER).setExpirationTime(inTenMinutes()).sign(key(TEST_JWT_SECRET))],
    ])('refuses %s as UNAUTHENTICATED and writes nothing', async (_case, token) => {
      const before = await head();
      const response = await api.graphql(FORM, { input: { name: 'Intruders Board', level: 'PLACE' } }, await token());
      expect(response.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
      expect(await head()).toBe(before);
    });

    it.each([
      ['a PARTNER', async () => {
        await api.grant('partner@county.example', 'PARTNER', { organisationId: await register('Leicestershire County Council', 'LOCAL_GOVERNMENT') });
        return tokenOf('partner@county.example');
      }],
      ['an AUDITOR', async () => auditor],
      // A role in the token is only a claim: what a person may do is granted in the ledger.
      ['a token claiming PLATFORM_ADMIN', () => new SignJWT({ role: 'PLATFORM_ADMIN' }).setProtectedHeader({ alg: 'HS256' }).setIssuer(LOCAL_ISSUER).setSubject('self-appointed').setIssuedAt().setExpirationTime(inTenMinutes()).sign(key(TEST_JWT_SECRET))],
    ])('refuses %s setting up partnerships as FORBIDDEN and writes nothing', async (_case, token) => {
      const caller = await token();
      const before = await head();
      const response = await api.graphql(FORM, { input: { name: 'Board', level: 'PLACE' } }, caller);
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', required: [{ role: 'PLATFORM_ADMIN' }] });
      expect(await head()).toBe(before);
    });

    it('serves health status without a token, and its details only with one', async () => {
      const query = `{ health { status store { kind reachable } projections { name lag } } }`;
      const anonymous = await api.graphql(query);
      expect(anonymous.data!.health).toEqual({ status: 'ok', store: null, projections: null });
      expect(anonymous.errors!.map((error) => error.extensions.code)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
      const response = await api.graphql(query, undefined, auditor);
      expect(response.data!.health).toMatchObject({ status: 'ok', store: { kind: 'sqlite', reachable: true } });
    });
  });

  it('logs one line per request with the caller’s correlation id, and echoes it', async () => {
    const response = await api.graphql('{ health { status } }', undefined, undefined, { 'x-correlation-id': 'board-meeting-2021-03-25' });
    expect(response.headers.get('x-correlation-id')).toBe('board-meeting-2021-03-25');
    await new Promise((done) => setTimeout(done, 100));
    const lines = api.logs.split('\n').filter((line) => line.includes('"correlationId":"board-meeting-2021-03-25"'));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'request completed', res: { statusCode: 200 } });
  });
});
