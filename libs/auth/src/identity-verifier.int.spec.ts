import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPair, SignJWT } from 'jose';
import { UnauthenticatedError } from './errors.js';
import { mintIdentityToken } from './identity.js';
import { IdentityVerifier, type IdentityOptions } from './identity-verifier.js';
import { startLocalOidcIssuer, type LocalOidcIssuer } from './testing/local-oidc-issuer.js';

const secret = 'a-local-test-secret-of-at-least-32-chars';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const refusal = async (verifier: IdentityVerifier, token: string): Promise<string> => {
  const error = await verifier.verify(token).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(UnauthenticatedError);
  return (error as Error).message;
};

describe('identity tokens of OpenID Connect issuers', () => {
  let idp: LocalOidcIssuer;
  /** A verifier trusting idp, with a short cooldown; each test that counts fetches makes its own. */
  const verifierFor = (changes: Partial<IdentityOptions> = {}) =>
    new IdentityVerifier({
      jwtSecret: secret,
      localIssuer: 'partnership-ledger',
      oidcIssuers: [idp.issuer],
      oidcAudience: idp.audience,
      maxLifetimeSeconds: 24 * 3600,
      jwksCooldownMs: 50,
      ...changes,
    });

  beforeAll(async () => {
    idp = await startLocalOidcIssuer({ audience: 'ledger-client' });
  });
  afterAll(() => idp.stop());

  it.each(['RS256', 'ES256'] as const)('accepts a %s token, with the profile it carries', async (alg) => {
    const token = await idp.sign({ sub: 'nhs-user-1', name: 'Sam Okafor', email: 'sam.okafor@nhs.example' }, { alg });
    expect(await verifierFor().verify(token)).toEqual({ issuer: idp.issuer, subject: 'nhs-user-1', name: 'Sam Okafor', email: 'sam.okafor@nhs.example' });
  });

  it('discovers the keys once and reuses them', async () => {
    const verifier = verifierFor();
    const before = idp.jwksFetches();
    for (const alg of ['RS256', 'ES256', 'RS256'] as const) await verifier.verify(await idp.sign({ sub: 'x' }, { alg }));
    expect(idp.jwksFetches() - before).toBe(1);
  });

  it('refuses a key id the issuer does not publish', async () =>
    expect(await refusal(verifierFor(), await idp.sign({ sub: 'x' }, { kid: 'retired-key' }))).toBe(
      `Invalid token: its key id (kid) is not among the keys issuer "${idp.issuer}" publishes`,
    ));

  it('refuses a token whose signature is not the published key’s', async () =>
    expect(await refusal(verifierFor(), await idp.sign({ sub: 'x' }, { forged: true }))).toBe('Invalid token: invalid signature'));

  it('refuses a token claiming the issuer but signed by a key of its own, with a kid of its own', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ iss: idp.issuer, aud: idp.audience, sub: 'x' })
      .setProtectedHeader({ alg: 'RS256', kid: 'attacker' })
      .setExpirationTime('5m')
      .sign(privateKey);
    expect(await refusal(verifierFor(), token)).toMatch(/its key id \(kid\) is not among the keys/);
  });

  it('refuses an HS256 token claiming the OIDC issuer, even signed with the local secret (algorithm confusion)', async () => {
    const token = await new SignJWT({ iss: idp.issuer, aud: idp.audience, sub: 'x' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(secret));
    expect(await refusal(verifierFor(), token)).toBe('Invalid token: algorithm "HS256" is not accepted from this issuer (only RS256 or ES256)');
  });

  it.each([
    ['another audience', { aud: 'another-app' }, 'Invalid token: its audience (aud) must include "ledger-client" (LEDGER_OIDC_AUDIENCE)'],
    ['no audience', { aud: undefined }, 'Invalid token: claim aud is required'],
    ['no subject', { sub: undefined }, 'Invalid token: claim sub is required'],
  ])('refuses a token with %s', async (_case, claims, message) => expect(await refusal(verifierFor(), await idp.sign({ sub: 'x', ...claims }))).toBe(message));

  it('accepts an audience list that includes ours', async () =>
    expect((await verifierFor().verify(await idp.sign({ sub: 'x', aud: ['another-app', 'ledger-client'] }))).subject).toBe('x'));

  it('refuses a token without exp', async () =>
    expect(await refusal(verifierFor(), await idp.sign({ sub: 'x' }, { expiresIn: null }))).toBe('Invalid token: claim exp is required'));

  it('refuses an expired token', async () => expect(await refusal(verifierFor(), await idp.sign({ sub: 'x' }, { expiresIn: -120 }))).toBe('Invalid token: it has expired'));

  it('refuses a token that lives longer than the maximum', async () =>
    expect(await refusal(verifierFor({ maxLifetimeSeconds: 3600 }), await idp.sign({ sub: 'x' }, { expiresIn: 2 * 3600 }))).toMatch(
      /lives longer than the maximum of 1h \(LEDGER_JWT_MAX_LIFETIME\)/,
    ));

  it('refuses a token of an issuer not configured, fetching nothing', async () => {
    const stranger = await startLocalOidcIssuer({ audience: 'ledger-client' });
    try {
      expect(await refusal(verifierFor(), await stranger.sign({ sub: 'x' }))).toBe(
        `Invalid token: issuer "${stranger.issuer}" is not configured (LEDGER_OIDC_ISSUERS)`,
      );
      expect(stranger.jwksFetches()).toBe(0);
    } finally {
      await stranger.stop();
    }
  });

  it('still accepts local HS256 tokens beside OIDC ones', async () => {
    const token = await mintIdentityToken({ secret, issuer: 'partnership-ledger', subject: 'operator', maxLifetimeSeconds: 3600 });
    expect(await verifierFor().verify(token)).toEqual({ issuer: 'partnership-ledger', subject: 'operator', name: null, email: null });
  });

  describe('key rotation', () => {
    it('accepts a token signed with a rotated key once the cooldown has passed, and refuses the retired key', async () => {
      const verifier = verifierFor({ jwksCooldownMs: 0 });
      const old = await idp.sign({ sub: 'x' });
      await verifier.verify(old);
      await idp.rotate();
      expect((await verifier.verify(await idp.sign({ sub: 'x' }))).subject).toBe('x');
      expect((await verifier.verify(await idp.sign({ sub: 'x' }, { alg: 'ES256' }))).subject).toBe('x');
      expect(await refusal(verifier, old)).toMatch(/its key id \(kid\) is not among the keys/);
      // Its provider's tokens are checked every time: none is remembered past a rotation.
      expect(verifier.rememberedTokens).toBe(0);
    });

    it('does not refetch the keys within the cooldown, however many unknown kids arrive', async () => {
      const verifier = verifierFor({ jwksCooldownMs: 60_000 });
      await verifier.verify(await idp.sign({ sub: 'x' }));
      const fetches = idp.jwksFetches();
      await idp.rotate();
      for (let i = 0; i < 5; i += 1) expect(await refusal(verifier, await idp.sign({ sub: 'x' }, { kid: `forged-${i}` }))).toMatch(/kid/);
      expect(await refusal(verifier, await idp.sign({ sub: 'x' }))).toMatch(/its key id \(kid\) is not among the keys/);
      expect(idp.jwksFetches()).toBe(fetches);
    });

    it('refetches the keys for an unknown kid once the cooldown has passed', async () => {
      const cooldownMs = 300;
      const verifier = verifierFor({ jwksCooldownMs: cooldownMs });
      await verifier.verify(await idp.sign({ sub: 'x' }));
      const fetchedAt = Date.now();
      const fetches = idp.jwksFetches();
      await idp.rotate();
      const rotated = await idp.sign({ sub: 'x' });
      await sleep(Math.max(0, fetchedAt + cooldownMs + 50 - Date.now()));
      expect((await verifier.verify(rotated)).subject).toBe('x');
      expect(idp.jwksFetches()).toBe(fetches + 1);
    });
  });

  describe('an issuer that cannot be reached', () => {
    it('refuses its tokens, saying so, and accepts them again when it is back', async () => {
      const verifier = verifierFor();
      const token = await idp.sign({ sub: 'x' });
      await idp.stop();
      try {
        const message = await refusal(verifier, token);
        expect(message).toBe(
          `Invalid token: issuer "${idp.issuer}" is unreachable: its discovery document ${idp.issuer}/.well-known/openid-configuration ` +
            `could not be fetched (fetch failed: connect ECONNREFUSED ${idp.issuer.slice('http://'.length)})`,
        );
        expect(message).not.toContain(token);
      } finally {
        await idp.start();
      }
      expect((await verifier.verify(token)).subject).toBe('x');
    });

    it('refuses a rotated key while the key set cannot be fetched, and accepts it when it can', async () => {
      const verifier = verifierFor({ jwksCooldownMs: 0 });
      await verifier.verify(await idp.sign({ sub: 'x' }));
      await idp.rotate();
      const rotated = await idp.sign({ sub: 'x' });
      await idp.stop();
      try {
        expect(await refusal(verifier, rotated)).toBe(
          `Invalid token: issuer "${idp.issuer}" is unreachable: its keys could not be fetched (fetch failed: connect ECONNREFUSED ${idp.issuer.slice('http://'.length)})`,
        );
      } finally {
        await idp.start();
      }
      expect((await verifier.verify(rotated)).subject).toBe('x');
    });
  });

  describe('an issuer whose discovery document cannot be trusted', () => {
    /** An issuer on 127.0.0.1 whose discovery answer the test writes; its tokens are idp's, re-issued under its URL. */
    const withDiscovery = async (answer: (issuer: string) => { status: number; body?: unknown }, check: (issuer: string) => Promise<void>) => {
      let issuer = '';
      const server = createServer((_request, response) => {
        const { status, body } = answer(issuer);
        response.writeHead(status, { 'content-type': 'application/json', connection: 'close' }).end(JSON.stringify(body ?? {}));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        await check(issuer);
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    };

    it.each([
      ['answers an error', () => ({ status: 500 }), /is unreachable: its discovery document .* answered HTTP 500$/],
      ['names another issuer', () => ({ status: 200, body: { issuer: 'https://impostor.example', jwks_uri: 'https://impostor.example/jwks' } }), /cannot be used: its discovery document names another issuer, "https:\/\/impostor.example"$/],
      ['has no jwks_uri', (issuer: string) => ({ status: 200, body: { issuer } }), /cannot be used: its discovery document has no jwks_uri$/],
      ['sends keys over plain http', (issuer: string) => ({ status: 200, body: { issuer, jwks_uri: 'http://keys.example/jwks' } }), /cannot be used: its jwks_uri "http:\/\/keys.example\/jwks" must use https/],
    ])('refuses its tokens when the document %s', (_case, answer, reason) =>
      withDiscovery(answer, async (issuer) => {
        const message = await refusal(verifierFor({ oidcIssuers: [issuer] }), await idp.sign({ iss: issuer, sub: 'x' }));
        expect(message).toMatch(new RegExp(`^Invalid token: issuer "${issuer}" `));
        expect(message).toMatch(reason);
      }));
  });
});
