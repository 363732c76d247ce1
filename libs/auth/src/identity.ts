import { SignJWT } from 'jose';
import { formatDuration } from '@ledger/config';

/** Who a verified token says the caller is; nothing about what they may do. */
export type Identity = Readonly<{ issuer: string; subject: string; name: string | null; email: string | null }>;

export const MIN_SECRET_LENGTH = 32;
export const DEFAULT_MAX_LIFETIME_SECONDS = 24 * 3600;
const DEFAULT_MINT_LIFETIME_SECONDS = 8 * 3600;
/** OpenID Connect Core 1.0 §2: a `sub` is at most 255 ASCII characters. */
export const MAX_SUBJECT_LENGTH = 255;
/** Display names and emails come from another organisation's provider; keep them to a sane size. */
export const MAX_PROFILE_CLAIM_LENGTH = 200;

/** The HS256 key: the secret's UTF-8 bytes, as jsonwebtoken used them, so older tokens still verify. */
export function localKey(secret: string): Uint8Array {
  if (secret.length < MIN_SECRET_LENGTH) throw new Error(`The JWT secret must be at least ${MIN_SECRET_LENGTH} characters`);
  return new TextEncoder().encode(secret);
}

export type MintIdentityTokenOptions = {
  secret: string;
  issuer: string;
  subject: string;
  name?: string | null;
  email?: string | null;
  /** Default: 8 hours, or the maximum when that is shorter. */
  expiresInSeconds?: number;
  maxLifetimeSeconds: number;
};

/** Mints an HS256 identity token of the local issuer (for the CLI and tests). */
export async function mintIdentityToken(options: MintIdentityTokenOptions): Promise<string> {
  const { secret, issuer, subject, name, email, maxLifetimeSeconds } = options;
  const expiresInSeconds = options.expiresInSeconds ?? Math.min(DEFAULT_MINT_LIFETIME_SECONDS, maxLifetimeSeconds);
  if (!Number.isInteger(expiresInSeconds) || expiresInSeconds <= 0) throw new Error('A token lifetime must be a whole number of seconds above 0');
  if (expiresInSeconds > maxLifetimeSeconds) {
    throw new Error(`A token may live at most ${formatDuration(maxLifetimeSeconds)}; asked for ${formatDuration(expiresInSeconds)}`);
  }
  if (subject.length === 0 || subject.length > MAX_SUBJECT_LENGTH) throw new Error(`A subject must be 1 to ${MAX_SUBJECT_LENGTH} characters`);
  if (issuer.length === 0) throw new Error('An issuer must not be empty');
  const key = localKey(secret);
  const profile: Record<string, string> = {};
  if (name) profile.name = name;
  if (email) profile.email = email;
  // One instant for both, so exp - iat is exactly the lifetime asked for.
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(profile)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(issuer)
    .setSubject(subject)
    .setIssuedAt(now)
    .setExpirationTime(now + expiresInSeconds)
    .sign(key);
}
