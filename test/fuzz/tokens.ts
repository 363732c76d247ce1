import { createHmac } from 'node:crypto';
import type { Random } from './random.js';

/** Identity tokens the test mints with the API's secret (`tokenOf`), for people granted roles in the ledger: what a real caller holds. */
export type ValidTokens = Readonly<{
  /** May do everything a write attempt tries: the administrator, also secretariat of both seed partnerships. */
  secretariat: string;
  /** A platform-wide AUDITOR. */
  auditor: string;
  /** PARTNER for the seed partnership's first organisation: it owns the seed action and indicator. */
  partner: string;
}>;

export type TokenContext = Readonly<{ secret: string; now: number; organisationId: string; tokens: ValidTokens }>;

/** What an Authorization header (or its absence) does to a request. */
export type Credentials = Readonly<{
  /** The header lines to send; empty for none. */
  authorization: readonly string[];
  /** `refused`: the server must answer UNAUTHENTICATED to anything but public fields (FORBIDDEN for a well-signed token of someone without a grant). */
  verdict: 'refused' | 'secretariat' | 'auditor' | 'partner';
  /** What kind of header this is, for the summary and for reproducing a failure. */
  label: string;
}>;

const base64url = (text: string) => Buffer.from(text).toString('base64url');

/** Signs any claims, even ones a JWT library would refuse to put in a token (that is the point). */
function sign(claims: object, secret: string, algorithm: 'HS256' | 'HS384' | 'HS512' = 'HS256') {
  const unsigned = `${base64url(JSON.stringify({ alg: algorithm, typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
  const signature = createHmac(`sha${algorithm.slice(2)}`, secret).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

/**
 * Hostile tokens: every one must be refused as UNAUTHENTICATED, except a well-signed one that only
 * claims a role: it proves who its holder is, who holds no grant, so it may read public fields only.
 */
export function hostileToken(random: Random, context: TokenContext): { token: string; label: string } {
  const { secret, now } = context;
  const claims = { sub: 'fuzz@attacker', exp: now + 3600, iat: now };
  const valid = context.tokens.secretariat;
  const [header, payload] = valid.split('.');
  const choices: (() => { token: string; label: string })[] = [
    () => ({ token: random.pick(['abc', 'a.b.c', '..', 'null', 'eyJhbGciOiJIUzI1NiJ9', '%00', '\u00e9t\u00e9']), label: 'token:malformed' }),
    () => ({ token: `${header}.${payload}.${base64url('not the signature')}`, label: 'token:bad-signature' }),
    () => ({ token: `${header}.${payload}`, label: 'token:two-segments' }),
    () => ({ token: 'e'.repeat(random.int(1000, 8000)), label: 'token:huge' }),
    () => ({
      token: `${base64url(JSON.stringify({ alg: random.pick(['none', 'None', 'NONE', 'nOnE']), typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}.`,
      label: 'token:alg-none',
    }),
    () => ({ token: sign(claims, secret, random.pick(['HS384', 'HS512'] as const)), label: 'token:other-algorithm' }),
    () => ({ token: sign(claims, `${secret}-but-not-quite`), label: 'token:wrong-secret' }),
    () => ({ token: sign({ ...claims, exp: now - random.int(1, 86_400 * 400) }, secret), label: 'token:expired' }),
    () => ({ token: sign({ ...claims, nbf: now + 86_400 }, secret), label: 'token:not-yet-valid' }),
    () => ({ token: sign({ sub: claims.sub }, secret), label: 'token:no-exp' }),
    () => ({ token: sign({ ...claims, exp: random.pick(['soon', null, '9999999999', true]) }, secret), label: 'token:exp-not-a-number' }),
    // Issue 9: a role in a token is only a claim; what anyone may do is granted in the ledger.
    () => ({ token: sign({ ...claims, role: random.pick(['PLATFORM_ADMIN', 'SECRETARIAT', 'ROOT', ['SECRETARIAT']]), org: random.pick([undefined, context.organisationId]) }, secret), label: 'token:claims-a-role' }),
    () => ({ token: sign({ ...claims, sub: random.pick(['', null, 42, 's'.repeat(256)]) }, secret), label: 'token:bad-sub' }),
    () => ({ token: sign({ ...claims, iss: random.pick(['https://login.example.org', 'partnership-ledger ', 42, '']) }, secret), label: 'token:unknown-issuer' }),
    // Issue 8: a token whose exp is in 2286 is a token that never expires (with iat, and without).
    () => ({ token: sign({ ...claims, exp: 9_999_999_999 }, secret), label: 'token:exp-2286' }),
    () => ({ token: sign({ sub: claims.sub, exp: 9_999_999_999 }, secret), label: 'token:exp-2286' }),
  ];
  return random.pick(choices)();
}

export type ValidRole = keyof ValidTokens;

/**
 * An Authorization header in any of the forms clients send. `any` mixes none, valid and refused;
 * a role gives that role's valid token in one of its spellings.
 */
export function credentials(random: Random, context: TokenContext, wanted: 'any' | 'refused' | ValidRole = 'any'): Credentials {
  const kind = wanted === 'any' ? random.weighted([[2, 'none'], [4, 'valid'], [3, 'refused']] as const) : wanted;
  if (kind === 'none') return { authorization: [], verdict: 'refused', label: 'token:none' };
  if (kind === 'refused') return random.chance(0.15) ? { authorization: [], verdict: 'refused', label: 'token:none' } : refusedCredentials(random, context);
  const role = kind === 'valid' ? random.weighted([[5, 'secretariat'], [2, 'partner'], [2, 'auditor']] as const) : kind;
  const token = context.tokens[role];
  // Odd spellings of a valid token: a stricter edge may refuse them, so they never stand in for a refusal.
  const [authorization, label] = random.weighted<[string[], string]>([
    [8, [[`Bearer ${token}`], 'token:valid']],
    [1, [[`bearer ${token}`], 'token:valid-lowercase-scheme']],
    [1, [[`BEARER  ${token}`], 'token:valid-upper-case-two-spaces']],
    [1, [[`Bearer ${token}`, `Bearer ${token}`], 'token:valid-twice']],
  ]);
  return { authorization, verdict: role, label };
}

function refusedCredentials(random: Random, context: TokenContext): Credentials {
  const valid = context.tokens.secretariat;
  return random.weighted<() => Credentials>([
    [6, () => {
      const { token, label } = hostileToken(random, context);
      return { authorization: [`Bearer ${token}`], verdict: 'refused', label };
    }],
    [1, () => ({ authorization: [random.pick(['Bearer', 'Bearer ', 'Bearer\t'])], verdict: 'refused', label: 'header:bearer-without-token' })],
    [1, () => ({ authorization: [`Bearer ${valid} ${valid}`], verdict: 'refused', label: 'header:two-tokens' })],
    [1, () => ({ authorization: [`Bearer ${valid}, Bearer ${valid}`], verdict: 'refused', label: 'header:two-tokens-comma' })],
    [1, () => ({ authorization: [valid], verdict: 'refused', label: 'header:no-scheme' })],
    [1, () => ({ authorization: [`Bearer${valid}`], verdict: 'refused', label: 'header:no-space' })],
    [1, () => ({ authorization: [`${random.pick(['Basic', 'Token', 'Digest', 'JWT'])} ${valid}`], verdict: 'refused', label: 'header:other-scheme' })],
    [1, () => ({ authorization: [`Basic ${Buffer.from('secretariat:password').toString('base64')}`], verdict: 'refused', label: 'header:basic' })],
    [1, () => {
      const { token, label } = hostileToken(random, context);
      return { authorization: [`Bearer ${token}`, `Bearer ${valid}`], verdict: 'refused', label: `header:hostile-then-valid(${label})` };
    }],
  ])();
}
