import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { webcrypto } from 'node:crypto';
import { formatDuration, issuerUrlProblem } from '@ledger/config';
import { UnauthenticatedError } from './errors.js';
import { localKey, MAX_PROFILE_CLAIM_LENGTH, MAX_SUBJECT_LENGTH, type Identity } from './identity.js';

export type IdentityOptions = Readonly<{
  /** HS256 secret for tokens of the local issuer; null disables HS256. */
  jwtSecret: string | null;
  /** The `iss` of HS256 tokens (config LEDGER_JWT_ISSUER, default "partnership-ledger"). A HS256 token without `iss` counts as this issuer. */
  localIssuer: string;
  /** OpenID Connect issuers trusted, by issuer URL (config LEDGER_OIDC_ISSUERS, comma-separated). */
  oidcIssuers: readonly string[];
  /** The `aud` every OIDC token must carry (config LEDGER_OIDC_AUDIENCE; required when issuers are set). */
  oidcAudience: string | null;
  /** A leaked token is a credential until it expires, so none may live longer than this (LEDGER_JWT_MAX_LIFETIME). */
  maxLifetimeSeconds: number;
  /** How long to wait before refetching a JWKS for an unknown kid (jose cooldownDuration); tests set it low. Config LEDGER_OIDC_JWKS_COOLDOWN (duration, default 30s). */
  jwksCooldownMs?: number;
  /** How many verified local tokens are remembered until they expire (default 10,000); 0 verifies every request afresh. */
  verifiedTokenCacheSize?: number;
  /** The time now, in ms since the epoch; tests move it. Default Date.now. */
  now?: () => number;
}>;

/** Only the local issuer shares a secret with us; every provider signs with its own published key pair. */
const LOCAL_ALGORITHMS = ['HS256'];
const OIDC_ALGORITHMS = ['RS256', 'ES256'];
/** Clocks of the issuing and the verifying machine may differ by this much. */
const CLOCK_TOLERANCE_SECONDS = 60;
const DEFAULT_JWKS_COOLDOWN_MS = 30_000;
/** A caller sends the same token with every request until it expires; a few thousand callers fit in a few MB. */
const DEFAULT_VERIFIED_TOKEN_CACHE_SIZE = 10_000;
/** A provider that does not answer in this time is unreachable for this token; the next one tries again. */
const FETCH_TIMEOUT_MS = 5000;

/** The provider's discovery document or key set could not be had, or not trusted: no fault of the token's. */
class IssuerUnavailable extends Error {}

/** Verifies a bearer token into the identity it proves: its issuer and subject, and the profile it carries. */
export class IdentityVerifier {
  /** The HS256 key, imported once: given the secret's bytes, jose imports a key on every verification. */
  private readonly secret: Promise<webcrypto.CryptoKey> | null;
  private readonly localIssuer: string;
  private readonly audience: string | null;
  private readonly maxLifetimeSeconds: number;
  private readonly providers: ReadonlyMap<string, OidcProvider>;
  private readonly verified: VerifiedTokens;
  private readonly now: () => number;

  constructor(options: IdentityOptions) {
    const { jwtSecret, localIssuer, oidcIssuers, oidcAudience, maxLifetimeSeconds } = options;
    if (!Number.isInteger(maxLifetimeSeconds) || maxLifetimeSeconds <= 0) throw new Error('maxLifetimeSeconds must be a whole number above 0');
    if (localIssuer.length === 0) throw new Error('localIssuer must not be empty');
    if (oidcIssuers.length > 0 && !oidcAudience) throw new Error('oidcAudience is required when oidcIssuers are set');
    for (const issuer of oidcIssuers) {
      const problem = issuerUrlProblem(issuer);
      if (problem) throw new Error(`oidcIssuers: ${problem}`);
      if (issuer === localIssuer) throw new Error(`oidcIssuers: "${issuer}" is also the local issuer`);
    }
    this.secret = jwtSecret === null ? null : webcrypto.subtle.importKey('raw', localKey(jwtSecret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    this.localIssuer = localIssuer;
    this.audience = oidcAudience;
    this.maxLifetimeSeconds = maxLifetimeSeconds;
    const cooldownMs = options.jwksCooldownMs ?? DEFAULT_JWKS_COOLDOWN_MS;
    this.providers = new Map(oidcIssuers.map((issuer) => [issuer, new OidcProvider(issuer, cooldownMs)]));
    const cacheSize = options.verifiedTokenCacheSize ?? DEFAULT_VERIFIED_TOKEN_CACHE_SIZE;
    if (!Number.isInteger(cacheSize) || cacheSize < 0) throw new Error('verifiedTokenCacheSize must be a whole number, 0 or more');
    this.verified = new VerifiedTokens(cacheSize);
    this.now = options.now ?? Date.now;
  }

  /**
   * Throws UnauthenticatedError, with the reason, for any token that does not prove an identity.
   * A local (HS256) token verified before is not verified again until it expires: its signature and
   * claims cannot change, nor can the secret while we run. An OIDC token is checked every time, so a
   * key its provider retires (perhaps because it leaked) stops working at once. What the identity may
   * do is not the token's matter: grants are read on every request.
   */
  async verify(token: string): Promise<Identity> {
    const now = this.now();
    const remembered = this.verified.get(token, now);
    if (remembered) return remembered;
    const { identity, expiresAtMs } = await this.verifyAfresh(token, now);
    if (identity.issuer === this.localIssuer) this.verified.set(token, identity, expiresAtMs, now);
    return identity;
  }

  /** How many verified tokens are remembered now (at most `verifiedTokenCacheSize`). */
  get rememberedTokens(): number {
    return this.verified.size;
  }

  private async verifyAfresh(token: string, nowMs: number): Promise<{ identity: Identity; expiresAtMs: number }> {
    let claimed: unknown;
    try {
      // Unverified: it only chooses how to verify, and every way checks it again.
      claimed = decodeJwt(token).iss;
    } catch (error) {
      throw invalid(`it is not a JWT (${messageOf(error)})`);
    }
    const provider = typeof claimed === 'string' ? this.providers.get(claimed) : undefined;
    let payload: JWTPayload;
    let issuer: string;
    if (provider) {
      payload = await this.check(token, provider.keys, OIDC_ALGORITHMS, { issuer: provider.issuer, audience: this.audience! }, nowMs);
      issuer = provider.issuer;
    } else if (claimed === undefined || claimed === this.localIssuer) {
      if (!this.secret) {
        throw invalid(`issuer ${quoted(claimed ?? this.localIssuer)} signs with LEDGER_JWT_SECRET, which is not set; only tokens of LEDGER_OIDC_ISSUERS are accepted`);
      }
      payload = await this.check(token, await this.secret, LOCAL_ALGORITHMS, {}, nowMs);
      issuer = this.localIssuer;
    } else {
      throw invalid(`issuer ${quoted(claimed)} is not configured (LEDGER_OIDC_ISSUERS)`);
    }

    this.checkLifetime(payload.exp!, payload.iat, nowMs);
    const { sub } = payload;
    if (typeof sub !== 'string' || sub.length === 0) throw invalid('claim sub is required');
    if (sub.length > MAX_SUBJECT_LENGTH) throw invalid(`claim sub must be at most ${MAX_SUBJECT_LENGTH} characters`);
    const identity = { issuer, subject: sub, name: profileClaim(payload.name), email: profileClaim(payload.email) };
    return { identity, expiresAtMs: payload.exp! * 1000 };
  }

  private async check(
    token: string,
    key: webcrypto.CryptoKey | JWTVerifyGetKey,
    algorithms: string[],
    expected: { issuer?: string; audience?: string },
    nowMs: number,
  ): Promise<JWTPayload> {
    const options = { algorithms, ...expected, requiredClaims: ['sub', 'exp'], clockTolerance: CLOCK_TOLERANCE_SECONDS, currentDate: new Date(nowMs) };
    try {
      const { payload } = typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options);
      return payload;
    } catch (error) {
      throw invalid(reasonFor(error, token, algorithms, expected));
    }
  }

  /** Refuses a token that expires too far from now, or that was issued for longer than the maximum. */
  private checkLifetime(exp: number, iat: unknown, nowMs: number) {
    const now = Math.floor(nowMs / 1000);
    const remaining = exp - now;
    const issuedFor = typeof iat === 'number' ? exp - iat : remaining;
    if (Math.max(remaining, issuedFor) > this.maxLifetimeSeconds + CLOCK_TOLERANCE_SECONDS) {
      throw invalid(
        `it lives longer than the maximum of ${formatDuration(this.maxLifetimeSeconds)} (LEDGER_JWT_MAX_LIFETIME); ask the issuer for a shorter-lived token`,
      );
    }
  }
}

/**
 * Tokens verified before, with the identity each proves, until each expires (its `exp`, without the
 * clock tolerance, so a remembered token never outlives what a fresh check would allow): bounded,
 * the least recently used forgotten first. Keyed by the whole token, so a token that differs from a
 * remembered one in any character, its signature included, is verified afresh. Only successes are
 * kept: a refused token costs its check every time, and cannot push out a caller's.
 */
export class VerifiedTokens {
  // A Map iterates in insertion order: re-inserting on every hit keeps the least recently used first.
  private readonly entries = new Map<string, { identity: Identity; expiresAtMs: number }>();

  constructor(private readonly capacity: number) {}

  get(token: string, nowMs: number): Identity | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    this.entries.delete(token);
    if (entry.expiresAtMs <= nowMs) return undefined;
    this.entries.set(token, entry);
    return entry.identity;
  }

  set(token: string, identity: Identity, expiresAtMs: number, nowMs: number) {
    if (this.capacity === 0 || expiresAtMs <= nowMs) return;
    this.entries.delete(token);
    this.entries.set(token, { identity, expiresAtMs });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  get size() {
    return this.entries.size;
  }
}

/**
 * One trusted OpenID Connect provider. Its discovery document is fetched on the first token from it
 * (and again after a failure); its keys are cached by jose, which refetches them when a token names
 * an unknown `kid`, at most once per cooldown: that is how a rotated key is picked up.
 */
class OidcProvider {
  private keySet: Promise<JWTVerifyGetKey> | null = null;

  constructor(
    readonly issuer: string,
    private readonly cooldownMs: number,
  ) {}

  /** Resolves the token's key; jose calls this only after the algorithm passed, so no HS256 token costs a fetch. */
  readonly keys: JWTVerifyGetKey = async (header, token) => {
    const keySet = await this.discover();
    try {
      return await keySet(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) throw error;
      throw new IssuerUnavailable(`issuer ${quoted(this.issuer)} is unreachable: its keys could not be fetched (${messageOf(error)})`);
    }
  };

  private discover(): Promise<JWTVerifyGetKey> {
    if (!this.keySet) {
      const pending = this.fetchKeySet();
      this.keySet = pending;
      // A failed discovery is not remembered: the next token tries again.
      pending.catch(() => {
        if (this.keySet === pending) this.keySet = null;
      });
    }
    return this.keySet;
  }

  private async fetchKeySet(): Promise<JWTVerifyGetKey> {
    const url = `${this.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const unreachable = (why: string) => new IssuerUnavailable(`issuer ${quoted(this.issuer)} is unreachable: ${why}`);
    const unusable = (why: string) => new IssuerUnavailable(`issuer ${quoted(this.issuer)} cannot be used: ${why}`);
    let document: unknown;
    try {
      const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'application/json' } });
      if (response.status !== 200) {
        await response.body?.cancel();
        throw unreachable(`its discovery document ${url} answered HTTP ${response.status}`);
      }
      document = await response.json();
    } catch (error) {
      if (error instanceof IssuerUnavailable) throw error;
      throw unreachable(`its discovery document ${url} could not be fetched (${messageOf(error)})`);
    }
    const { issuer, jwks_uri: jwksUri } = (document ?? {}) as { issuer?: unknown; jwks_uri?: unknown };
    // OpenID Connect Discovery §4.3: a document naming another issuer may be an impostor's.
    if (issuer !== this.issuer) throw unusable(`its discovery document names another issuer, ${quoted(issuer)}`);
    if (typeof jwksUri !== 'string') throw unusable('its discovery document has no jwks_uri');
    const problem = issuerUrlProblem(jwksUri);
    if (problem) throw unusable(`its jwks_uri ${problem}`);
    return createRemoteJWKSet(new URL(jwksUri), { cooldownDuration: this.cooldownMs, timeoutDuration: FETCH_TIMEOUT_MS });
  }
}

const invalid = (reason: string) => new UnauthenticatedError(`Invalid token: ${reason}`);

/** A claimed value, quoted and cut short: it comes from an unverified token. */
const quoted = (value: unknown) => {
  const text = String(value);
  return JSON.stringify(text.length > 100 ? `${text.slice(0, 100)}…` : text);
};

/** Duck-typed: fetch's errors come from another realm under Jest, where `instanceof Error` fails. */
const messageOf = (error: unknown): string => {
  const { name, message, cause } = (error ?? {}) as { name?: unknown; message?: unknown; cause?: { message?: unknown } };
  if (typeof message !== 'string') return String(error);
  if (name === 'TimeoutError') return `no answer within ${FETCH_TIMEOUT_MS / 1000}s`;
  // fetch says only "fetch failed"; the cause says why (connect ECONNREFUSED, getaddrinfo ENOTFOUND, ...).
  if (typeof cause?.message === 'string' && cause.message !== '') return `${message}: ${cause.message}`;
  return message;
};

/** Why jose refused the token, in words an operator can act on; never the token itself. */
function reasonFor(error: unknown, token: string, algorithms: string[], expected: { issuer?: string; audience?: string }): string {
  if (error instanceof IssuerUnavailable) return error.message;
  if (error instanceof errors.JWTExpired) return 'it has expired';
  if (error instanceof errors.JOSEAlgNotAllowed) {
    const alg = (() => {
      try {
        return quoted(decodeProtectedHeader(token).alg);
      } catch {
        return 'its algorithm';
      }
    })();
    return `algorithm ${alg} is not accepted from this issuer (only ${algorithms.join(' or ')})`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'invalid signature';
  if (error instanceof errors.JWKSNoMatchingKey) return `its key id (kid) is not among the keys issuer ${quoted(expected.issuer)} publishes`;
  if (error instanceof errors.JWKSMultipleMatchingKeys) return `it names no key id (kid) and issuer ${quoted(expected.issuer)} publishes several keys`;
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return `claim ${error.claim} is required`;
    if (error.claim === 'aud') return `its audience (aud) must include ${quoted(expected.audience)} (LEDGER_OIDC_AUDIENCE)`;
    if (error.claim === 'nbf') return 'it is not valid yet (nbf)';
    if (error.claim === 'iat') return 'it was issued in the future (iat)';
    if (error.reason === 'invalid') return `claim ${error.claim} must be a number`;
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return `it is malformed (${error.message})`;
  return messageOf(error);
}

/** A display name or email as the provider states it, or null when it states none. */
function profileClaim(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = [...value.trim()].slice(0, MAX_PROFILE_CLAIM_LENGTH).join('').trim();
  return trimmed === '' ? null : trimmed;
}
