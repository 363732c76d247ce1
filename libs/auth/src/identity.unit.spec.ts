import { describe, expect, it } from '@jest/globals';
import { decodeJwt, SignJWT, UnsecuredJWT, type JWTPayload } from 'jose';
import { UnauthenticatedError } from './errors.js';
import { mintIdentityToken } from './identity.js';
import { IdentityVerifier, VerifiedTokens, type IdentityOptions } from './identity-verifier.js';

const secret = 'a-local-test-secret-of-at-least-32-chars';
const localIssuer = 'partnership-ledger';
const options: IdentityOptions = { jwtSecret: secret, localIssuer, oidcIssuers: [], oidcAudience: null, maxLifetimeSeconds: 24 * 3600 };
const identities = new IdentityVerifier(options);
const now = () => Math.floor(Date.now() / 1000);

/** An HS256 token with exactly these claims (no iat unless given). */
const hs = (claims: JWTPayload, key = secret, alg = 'HS256') => new SignJWT(claims).setProtectedHeader({ alg }).sign(new TextEncoder().encode(key));
const mint = (extra: Partial<Parameters<typeof mintIdentityToken>[0]> = {}) =>
  mintIdentityToken({ secret, issuer: localIssuer, subject: 'leeds-ccg-officer', maxLifetimeSeconds: 24 * 3600, ...extra });

const refused = async (token: string | Promise<string>, reason: RegExp, verifier = identities) => {
  const error = await verifier.verify(await token).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(UnauthenticatedError);
  expect((error as Error).message).toMatch(/^Invalid token: /);
  expect((error as Error).message).toMatch(reason);
};

describe('identity tokens of the local issuer (HS256)', () => {
  it('round-trips a minted token into the identity, with name and email', async () => {
    const token = await mint({ name: '  Asha Patel ', email: 'asha.patel@leeds.example' });
    expect(await identities.verify(token)).toEqual({
      issuer: localIssuer,
      subject: 'leeds-ccg-officer',
      name: 'Asha Patel',
      email: 'asha.patel@leeds.example',
    });
    expect(decodeJwt(token)).toMatchObject({ iss: localIssuer, sub: 'leeds-ccg-officer' });
  });

  it('knows a caller without a name or email', async () =>
    expect(await identities.verify(await mint())).toEqual({ issuer: localIssuer, subject: 'leeds-ccg-officer', name: null, email: null }));

  it('counts a token without iss as the local issuer', async () =>
    expect((await identities.verify(await hs({ sub: 'x', exp: now() + 60 }))).issuer).toBe(localIssuer));

  it('ignores role and org claims, and profile claims that are not strings; caps long ones', async () => {
    const identity = await identities.verify(await hs({ sub: 'x', exp: now() + 60, role: 'PLATFORM_ADMIN', org: 'org-1', name: 42, email: 'e'.repeat(500) }));
    expect(identity).toEqual({ issuer: localIssuer, subject: 'x', name: null, email: 'e'.repeat(200) });
  });

  it('refuses unsigned tokens (alg none)', () => refused(new UnsecuredJWT({ sub: 'x', exp: now() + 60 }).encode(), /algorithm "none" is not accepted/));

  it('refuses other algorithms even with the right secret', () => refused(hs({ sub: 'x', exp: now() + 60 }, secret, 'HS512'), /algorithm "HS512" is not accepted from this issuer \(only HS256\)/));

  it('refuses a token signed with another secret', () => refused(hs({ sub: 'x', exp: now() + 60 }, 'another-secret-another-secret-another'), /invalid signature/));

  it('refuses an expired token', () => refused(hs({ sub: 'x', exp: now() - 120 }), /it has expired/));

  it('allows a minute of clock difference', async () => expect((await identities.verify(await hs({ sub: 'x', exp: now() - 30 }))).subject).toBe('x'));

  it.each([
    [{ exp: now() + 60 }, /claim sub is required/],
    [{ sub: '', exp: now() + 60 }, /claim sub is required/],
    [{ sub: 's'.repeat(256), exp: now() + 60 }, /claim sub must be at most 255 characters/],
    [{ sub: 'x' }, /claim exp is required/],
    [{ sub: 'x', exp: 'tomorrow' }, /claim exp must be a number/],
  ])('refuses missing or wrong claims %j', (claims, reason) => refused(hs(claims as JWTPayload), reason));

  it('refuses a token of another issuer, naming it', () =>
    refused(hs({ iss: 'https://login.example', sub: 'x', exp: now() + 60 }), /issuer "https:\/\/login.example" is not configured \(LEDGER_OIDC_ISSUERS\)/));

  it('refuses what is not a JWT, without echoing it', async () => {
    const error = await identities.verify('not-a-token-at-all').catch((thrown: Error) => thrown);
    expect(error).toBeInstanceOf(UnauthenticatedError);
    expect((error as Error).message).toMatch(/^Invalid token: it is not a JWT/);
    expect((error as Error).message).not.toContain('not-a-token-at-all');
  });

  it('refuses local tokens when no secret is set', () =>
    refused(mint(), /signs with LEDGER_JWT_SECRET, which is not set/, new IdentityVerifier({ ...options, jwtSecret: null, oidcIssuers: ['https://login.example'], oidcAudience: 'ledger' })));

  describe('lifetime', () => {
    const lifetime = /lives longer than the maximum of 24h \(LEDGER_JWT_MAX_LIFETIME\)/;

    it('refuses a token that expires in 2286, even though its signature is good', () => refused(hs({ sub: 'x', exp: 9_999_999_999 }), lifetime));

    it('refuses a token issued for longer than the maximum, even when little of it remains', () =>
      refused(hs({ sub: 'x', iat: now() - 47 * 3600, exp: now() + 3600 }), lifetime));

    it('accepts a token of exactly the maximum lifetime', async () =>
      expect((await identities.verify(await hs({ sub: 'x', iat: now(), exp: now() + 24 * 3600 }))).subject).toBe('x'));

    it('takes its maximum from the options', async () => {
      const strict = new IdentityVerifier({ ...options, maxLifetimeSeconds: 30 * 60 });
      await refused(hs({ sub: 'x', iat: now(), exp: now() + 3600 }), /maximum of 30m/, strict);
      expect((await strict.verify(await hs({ sub: 'x', iat: now(), exp: now() + 1800 }))).subject).toBe('x');
    });
  });
});

describe('verified tokens are remembered until they expire', () => {
  /** A verifier whose clock the test moves, in ms. */
  const clocked = (changes: Partial<IdentityOptions> = {}) => {
    let clock = Date.now();
    const verifier = new IdentityVerifier({ ...options, now: () => clock, ...changes });
    return { verifier, advance: (seconds: number) => (clock += seconds * 1000) };
  };

  it('refuses a remembered token once it has expired', async () => {
    const { verifier, advance } = clocked();
    const token = await hs({ sub: 'x', exp: now() + 120 });
    expect((await verifier.verify(token)).subject).toBe('x');
    expect(verifier.rememberedTokens).toBe(1);
    advance(120 + 61);
    await refused(token, /it has expired/, verifier);
    expect(verifier.rememberedTokens).toBe(0);
  });

  it('never answers a token with another’s entry, even one that differs only in its signature', async () => {
    const { verifier } = clocked();
    const token = await hs({ sub: 'x', exp: now() + 120 });
    await verifier.verify(token);
    const [header, payload, signature] = token.split('.');
    const forged = `${header}.${payload}.${signature!.slice(0, -2)}${signature!.endsWith('AA') ? 'BB' : 'AA'}`;
    await refused(forged, /invalid signature/, verifier);
    const other = await hs({ sub: 'y', exp: now() + 120 });
    expect((await verifier.verify(other)).subject).toBe('y');
  });

  it('does not remember a refused token, nor anything when the size is 0', async () => {
    const { verifier } = clocked();
    await refused(hs({ sub: 'x', exp: now() + 60 }, 'another-secret-another-secret-another'), /invalid signature/, verifier);
    expect(verifier.rememberedTokens).toBe(0);
    const { verifier: forgetful } = clocked({ verifiedTokenCacheSize: 0 });
    await forgetful.verify(await mint());
    expect(forgetful.rememberedTokens).toBe(0);
  });

  it('remembers at most its size', async () => {
    const { verifier } = clocked({ verifiedTokenCacheSize: 3 });
    for (let i = 0; i < 10; i++) await verifier.verify(await hs({ sub: `caller-${i}`, exp: now() + 60 }));
    expect(verifier.rememberedTokens).toBe(3);
  });

  it('forgets the least recently used first', () => {
    const tokens = new VerifiedTokens(2);
    const identity = (subject: string) => ({ issuer: localIssuer, subject, name: null, email: null });
    const at = 1_000;
    tokens.set('a', identity('a'), at + 60_000, at);
    tokens.set('b', identity('b'), at + 60_000, at);
    expect(tokens.get('a', at)?.subject).toBe('a');
    tokens.set('c', identity('c'), at + 60_000, at);
    expect([tokens.get('a', at)?.subject, tokens.get('b', at), tokens.get('c', at)?.subject]).toEqual(['a', undefined, 'c']);
    expect(tokens.get('a', at + 60_000)).toBeUndefined();
  });

  it('refuses a negative size', () => expect(() => new IdentityVerifier({ ...options, verifiedTokenCacheSize: -1 })).toThrow(/verifiedTokenCacheSize/));
});

describe('minting', () => {
  it('mints up to the maximum and refuses to mint beyond it', async () => {
    const claims = decodeJwt(await mint({ expiresInSeconds: 24 * 3600 }));
    expect(claims.exp! - claims.iat!).toBe(24 * 3600);
    await expect(mint({ expiresInSeconds: 24 * 3600 + 1 })).rejects.toThrow('A token may live at most 24h; asked for 86401s');
    await expect(mint({ expiresInSeconds: 0 })).rejects.toThrow('A token lifetime must be a whole number of seconds above 0');
  });

  it('lives 8 hours unless told, or the maximum when that is shorter', async () => {
    const lifetime = async (maxLifetimeSeconds: number) => {
      const claims = decodeJwt(await mint({ maxLifetimeSeconds }));
      return claims.exp! - claims.iat!;
    };
    expect(await lifetime(24 * 3600)).toBe(8 * 3600);
    expect(await lifetime(3600)).toBe(3600);
  });

  it('refuses a short secret, both minting and verifying', async () => {
    await expect(mint({ secret: 'short' })).rejects.toThrow(/at least 32 characters/);
    expect(() => new IdentityVerifier({ ...options, jwtSecret: 'short' })).toThrow(/at least 32 characters/);
  });
});

describe('verifier options', () => {
  it.each([
    [{ oidcIssuers: ['https://login.example'] }, /oidcAudience is required/],
    [{ oidcIssuers: ['http://login.example'], oidcAudience: 'ledger' }, /must use https \(http only on 127.0.0.1, localhost or ::1\)/],
    [{ oidcIssuers: [localIssuer], oidcAudience: 'ledger' }, /is not a URL/],
    [{ maxLifetimeSeconds: 0 }, /maxLifetimeSeconds/],
  ])('refuses %j', (changed, reason) => expect(() => new IdentityVerifier({ ...options, ...changed })).toThrow(reason));
});
