import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startLocalOidcIssuer, type LocalOidcIssuer } from '@ledger/auth/testing';
import { ApiProcess, newDataDir, runCli, TEST_JWT_SECRET, tokenOf } from './support/api-process.js';

/**
 * The API trusting an OpenID Connect provider (a local one, with a JWKS) beside its own HS256
 * tokens: people sign in with the provider's tokens, are granted roles by issuer and subject, and
 * keep working when the provider rotates its keys. Every forged or misdirected token is refused.
 */
describe('OpenID Connect sign-in over HTTP', () => {
  let provider: LocalOidcIssuer;
  let api: ApiProcess;
  const ME = '{ me { person { id name } email grants { nodes { role } } } }';

  beforeAll(async () => {
    provider = await startLocalOidcIssuer({ audience: 'partnership-ledger-api' });
    const dataDir = newDataDir();
    // The first administrator is someone from the provider, made so by the operator at the console.
    const granted = await runCli(['grant', '--issuer', provider.issuer, '--subject', 'nhs-admin-1', '--role', 'PLATFORM_ADMIN'], {
      LEDGER_DATA_DIR: dataDir,
      LEDGER_JWT_SECRET: TEST_JWT_SECRET,
      LEDGER_OIDC_ISSUERS: provider.issuer,
      LEDGER_OIDC_AUDIENCE: provider.audience,
    });
    expect(granted).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Granted PLATFORM_ADMIN to person [0-9a-f-]{36} \(grant [0-9a-f-]{36}, position \d+\)\n$/) });
    api = await ApiProcess.start({
      dataDir,
      env: { LEDGER_OIDC_ISSUERS: provider.issuer, LEDGER_OIDC_AUDIENCE: provider.audience, LEDGER_OIDC_JWKS_COOLDOWN: '0' },
    });
  });
  afterAll(async () => {
    await api?.stop();
    await provider?.stop();
  });

  it('accepts the provider’s tokens, with the name and email it vouches for', async () => {
    const token = await provider.sign({ sub: 'nhs-admin-1', name: 'Priya Shah', email: 'priya.shah@nhs.example' });
    const { data, errors } = await api.graphql<any>(ME, undefined, token);
    expect(errors).toBeUndefined();
    expect(data.me).toMatchObject({ person: { name: 'Priya Shah' }, email: 'priya.shah@nhs.example', grants: { nodes: [{ role: 'PLATFORM_ADMIN' }] } });
  });

  it('grants a role to a provider identity before its first sign-in, and keeps working across a key rotation', async () => {
    const admin = await provider.sign({ sub: 'nhs-admin-1' });
    const formed = await api.graphql<any>('mutation { formPartnership(input: {name: "Leeds Health and Wellbeing Board", level: PLACE}) { partnership { id } } }', undefined, admin);
    const partnershipId = formed.data.formPartnership.partnership.id;
    const granted = await api.graphql<any>(
      'mutation($input: GrantRoleInput!) { grantRole(input: $input) { grant { role person { id } } } }',
      { input: { issuer: provider.issuer, subject: 'leeds-secretary', role: 'SECRETARIAT', partnershipId, reason: 'Board secretary' } },
      admin,
    );
    expect(granted.errors).toBeUndefined();

    await provider.rotate();
    const secretary = await provider.sign({ sub: 'leeds-secretary' });
    const made = await api.graphql<any>(
      'mutation($input: AdoptPriorityInput!) { adoptPriority(input: $input) { priority { code } } }',
      { input: { partnershipId, code: 'A1', title: 'Allyship' } },
      secretary,
    );
    expect(made.errors).toBeUndefined();
    const me = await api.graphql<any>('{ me { person { id } } }', undefined, secretary);
    expect(me.data.me.person.id).toBe(granted.data.grantRole.grant.person.id);
  });

  it('keeps a local HS256 identity apart from a provider identity with the same subject', async () => {
    const local = await api.graphql<any>(ME, undefined, await tokenOf('nhs-admin-1'));
    expect(local.errors).toBeUndefined();
    expect(local.data.me.grants.nodes).toEqual([]);
  });

  it.each([
    ['a key the provider never published', () => provider.sign({ sub: 'nhs-admin-1' }, { kid: 'no-such-key' }), /key/i],
    ['a forged signature under the real key id', () => provider.sign({ sub: 'nhs-admin-1' }, { forged: true }), /signature/i],
    ['an expired token', () => provider.sign({ sub: 'nhs-admin-1' }, { expiresIn: -120 }), /exp/i],
    ['another audience', () => provider.sign({ sub: 'nhs-admin-1', aud: 'someone-else' }), /audience/i],
    ['an issuer not configured', () => provider.sign({ sub: 'nhs-admin-1', iss: 'https://login.example.org' }), /not configured/],
    ['a lifetime beyond the maximum', () => provider.sign({ sub: 'nhs-admin-1' }, { expiresIn: 7 * 24 * 3600 }), /LEDGER_JWT_MAX_LIFETIME/],
    ['HS256 claiming to be the provider', () => hs256ClaimingProvider(), /algorithm/i],
  ])('refuses %s as UNAUTHENTICATED, writing nothing', async (_case, token, reason) => {
    const head = async () => (await api.graphql<any>('{ health { store { headPosition } } }', undefined, await provider.sign({ sub: 'nhs-admin-1' }))).data.health.store.headPosition;
    const before = await head();
    const { data, errors } = await api.graphql<any>('mutation { registerOrganisation(input: {name: "Forged Ltd", sector: BUSINESS}) { position } }', undefined, await token());
    expect(data?.registerOrganisation ?? null).toBeNull();
    expect(errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect(errors?.[0]?.message).toMatch(reason);
    expect(await head()).toBe(before);
  });

  /** The local HS256 secret signing a token that names the provider as its issuer: algorithm confusion. */
  async function hs256ClaimingProvider() {
    const { SignJWT } = await import('jose');
    return new SignJWT({ sub: 'nhs-admin-1', aud: provider.audience })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(provider.issuer)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
  }
});
