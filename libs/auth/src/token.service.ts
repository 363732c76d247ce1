import { JwtService } from '@nestjs/jwt';
import { ROLES, type Actor, type Role } from '@ledger/domain';
import { UnauthenticatedError } from './errors.js';

/** HS256 only: a token signed with any other algorithm, including `none`, is refused. */
const ALGORITHM = 'HS256';
export const MIN_SECRET_LENGTH = 32;

export type MintOptions = Readonly<{ subjectId: string; role: Role; organisationId?: string | null; expiresIn?: string }>;

/** Verifies bearer tokens into an Actor, and mints them for local use (the CLI). */
export class TokenService {
  private readonly jwt: JwtService;

  constructor(secret: string) {
    if (secret.length < MIN_SECRET_LENGTH) throw new Error(`The JWT secret must be at least ${MIN_SECRET_LENGTH} characters`);
    this.jwt = new JwtService({ secret });
  }

  mint({ subjectId, role, organisationId, expiresIn = '8h' }: MintOptions): string {
    const claims = organisationId ? { sub: subjectId, role, org: organisationId } : { sub: subjectId, role };
    return this.jwt.sign(claims, { algorithm: ALGORITHM, expiresIn: expiresIn as never });
  }

  verify(token: string): Actor {
    let claims: Record<string, unknown>;
    try {
      claims = this.jwt.verify(token, { algorithms: [ALGORITHM] });
    } catch (error) {
      throw new UnauthenticatedError(`Invalid token: ${error instanceof Error ? error.message : String(error)}`);
    }
    const { sub, role, org, exp } = claims;
    if (typeof sub !== 'string' || sub.length === 0) throw new UnauthenticatedError('Invalid token: claim sub is required');
    if (typeof exp !== 'number') throw new UnauthenticatedError('Invalid token: claim exp is required');
    if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
      throw new UnauthenticatedError(`Invalid token: claim role must be one of ${ROLES.join(', ')}`);
    }
    if (role === 'PARTNER' && (typeof org !== 'string' || org.length === 0)) {
      throw new UnauthenticatedError('Invalid token: claim org is required for the PARTNER role');
    }
    return { subjectId: sub, role: role as Role, organisationId: typeof org === 'string' ? org : null };
  }
}
