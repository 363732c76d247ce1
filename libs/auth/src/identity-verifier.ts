import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
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
}>;

/** Only the local issuer shares a secret with us; every provider signs with its own published key pair. */
const LOCAL_ALGORITHMS = ['HS256'];
const OIDC_ALGORITHMS = ['RS256', 'ES256'];
/** Clocks of the issuing and the verifying machine may differ by this much. */
const CLOCK_TOLERANCE_SECONDS = 60;
const DEFAULT_JWKS_COOLDOWN_MS = 30_000;
/** A provider that does not answer in this time is unreachable for this token; the next one tries again. */
const FETCH_TIMEOUT_MS = 5000;

/** The provider's discovery document or key set could not be had, or not trusted: no fault of the token's. */
class IssuerUnavailable extends Error {}

/** Verifies a bearer token into the identity it proves: its issuer and subject, and the profile it carries. */
export class IdentityVerifier {
  private readonly secret: Uint8Array | null;
  private readonly localIssuer: string;
  private readonly audience: string | null;
  private readonly maxLifetimeSeconds: number;
  private readonly providers: ReadonlyMap<string, OidcProvider>;

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
    this.secret = jwtSecret === null ? null : localKey(jwtSecret);
    this.localIssuer = localIssuer;
    this.audience = oidcAudience;
    this.maxLifetimeSeconds = maxLifetimeSeconds;
    const cooldownMs = options.jwksCooldownMs ?? DEFAULT_JWKS_COOLDOWN_MS;
    this.providers = new Map(oidcIssuers.map((issuer) => [issuer, new OidcProvider(issuer, cooldownMs)]));
  }

  /** Throws UnauthenticatedError, with the reason, for any token that does not prove an identity. */
  async verify(token: string): Promise<Identity> {
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
      payload = await this.check(token, provider.keys, OIDC_ALGORITHMS, { issuer: provider.issuer, audience: this.audience! });
      issuer = provider.issuer;
    } else if (claimed === undefined || claimed === this.localIssuer) {
      if (!this.secret) {
        throw invalid(`issuer ${quoted(claimed ?? this.localIssuer)} signs with LEDGER_JWT_SECRET, which is not set; only tokens of LEDGER_OIDC_ISSUERS are accepted`);
      }
      payload = await this.check(token, this.secret, LOCAL_ALGORITHMS, {});
      issuer = this.localIssuer;
    } else {
      throw invalid(`issuer ${quoted(claimed)} is not configured (LEDGER_OIDC_ISSUERS)`);
    }

    this.checkLifetime(payload.exp!, payload.iat);
    const { sub } = payload;
    if (typeof sub !== 'string' || sub.length === 0) throw invalid('claim sub is required');
    if (sub.length > MAX_SUBJECT_LENGTH) throw invalid(`claim sub must be at most ${MAX_SUBJECT_LENGTH} characters`);
    return { issuer, subject: sub, name: profileClaim(payload.name), email: profileClaim(payload.email) };
  }

  private async check(
    token: string,
    key: Uint8Array | JWTVerifyGetKey,
    algorithms: string[],
    expected: { issuer?: string; audience?: string },
  ): Promise<JWTPayload> {
    const options = { algorithms, ...expected, requiredClaims: ['sub', 'exp'], clockTolerance: CLOCK_TOLERANCE_SECONDS };
    try {
      const { payload } = typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options);
      return payload;
    } catch (error) {
      throw invalid(reasonFor(error, token, algorithms, expected));
    }
  }

  /** Refuses a token that expires too far from now, or that was issued for longer than the maximum. */
  private checkLifetime(exp: number, iat: unknown) {
    const now = Math.floor(Date.now() / 1000);
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
