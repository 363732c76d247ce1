import { JwtService } from '@nestjs/jwt';
import { formatDuration } from '@ledger/config';
import { ROLES, type Actor, type Role } from '@ledger/domain';
import { UnauthenticatedError } from './errors.js';
import { DEFAULT_MAX_LIFETIME_SECONDS, MIN_SECRET_LENGTH } from './identity.js';

/** HS256 only: a token signed with any other algorithm, including `none`, is refused. */
const ALGORITHM = 'HS256';
const DEFAULT_MINT_LIFETIME_SECONDS = 8 * 3600;
/** Clocks of the minting and the verifying machine may differ by this much. */
const CLOCK_TOLERANCE_SECONDS = 60;

export type MintOptions = Readonly<{ subjectId: string; role: Role; organisationId?: string | null; expiresInSeconds?: number }>;
export type TokenServiceOptions = Readonly<{ maxLifetimeSeconds?: number }>;

/**
 * Verifies bearer tokens into an Actor, and mints them for local use.
 * @deprecated Tokens prove identity only now: use IdentityVerifier and mintIdentityToken. Kept until
 * the guard and the API module move to them; then this file and @nestjs/jwt go.
 */
export class TokenService {
  private readonly jwt: JwtService;
  /** A leaked token is a credential until it expires, so none may live longer than this. */
  readonly maxLifetimeSeconds: number;

  constructor(secret: string | null, options: TokenServiceOptions = {}) {
    if (secret === null) throw new Error('LEDGER_JWT_SECRET is not set: role tokens are signed with it');
    if (secret.length < MIN_SECRET_LENGTH) throw new Error(`The JWT secret must be at least ${MIN_SECRET_LENGTH} characters`);
    this.jwt = new JwtService({ secret });
    this.maxLifetimeSeconds = options.maxLifetimeSeconds ?? DEFAULT_MAX_LIFETIME_SECONDS;
  }

  mint({ subjectId, role, organisationId, expiresInSeconds = DEFAULT_MINT_LIFETIME_SECONDS }: MintOptions): string {
    if (!Number.isInteger(expiresInSeconds) || expiresInSeconds <= 0) throw new Error('A token lifetime must be a whole number of seconds above 0');
    if (expiresInSeconds > this.maxLifetimeSeconds) {
      throw new Error(`A token may live at most ${formatDuration(this.maxLifetimeSeconds)}; asked for ${formatDuration(expiresInSeconds)}`);
    }
    const claims = organisationId ? { sub: subjectId, role, org: organisationId } : { sub: subjectId, role };
    return this.jwt.sign(claims, { algorithm: ALGORITHM, expiresIn: expiresInSeconds });
  }

  verify(token: string): Actor {
    let claims: Record<string, unknown>;
    try {
      claims = this.jwt.verify(token, { algorithms: [ALGORITHM] });
    } catch (error) {
      throw new UnauthenticatedError(`Invalid token: ${error instanceof Error ? error.message : String(error)}`);
    }
    const { sub, role, org, exp, iat } = claims;
    if (typeof sub !== 'string' || sub.length === 0) throw new UnauthenticatedError('Invalid token: claim sub is required');
    if (typeof exp !== 'number') throw new UnauthenticatedError('Invalid token: claim exp is required');
    this.checkLifetime(exp, iat);
    if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
      throw new UnauthenticatedError(`Invalid token: claim role must be one of ${ROLES.join(', ')}`);
    }
    if (role === 'PARTNER' && (typeof org !== 'string' || org.length === 0)) {
      throw new UnauthenticatedError('Invalid token: claim org is required for the PARTNER role');
    }
    return { subjectId: sub, role: role as Role, organisationId: typeof org === 'string' ? org : null };
  }

  /** Refuses a token that expires too far from now, or that was issued for longer than the maximum. */
  private checkLifetime(exp: number, iat: unknown) {
    const now = Math.floor(Date.now() / 1000);
    const remaining = exp - now;
    const issuedFor = typeof iat === 'number' ? exp - iat : remaining;
    if (Math.max(remaining, issuedFor) > this.maxLifetimeSeconds + CLOCK_TOLERANCE_SECONDS) {
      throw new UnauthenticatedError(
        `Invalid token: it lives longer than the maximum of ${formatDuration(this.maxLifetimeSeconds)} (LEDGER_JWT_MAX_LIFETIME); mint a shorter-lived token`,
      );
    }
  }
}
