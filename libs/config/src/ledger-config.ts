import { createPrivateKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { canonicalTimeZone, DEFAULT_TIME_ZONE } from '@ledger/domain';
import { ConfigError } from './config-error.js';
import { parseDuration } from './duration.js';
import { eventStoreDbConnectionString } from './eventstoredb-connection.js';

export { ConfigError };

export type Environment = 'development' | 'production' | 'test';

export type LedgerConfig = Readonly<{
  environment: Environment;
  port: number;
  dataDir: string;
  /** Signs and verifies HS256 tokens of the local issuer; null (only when OIDC issuers are set) disables them. */
  jwtSecret: string | null;
  /** True when no secret was given and a development one was generated (and saved in the data folder). */
  jwtSecretGenerated: boolean;
  /** The `iss` of HS256 tokens; such a token without `iss` counts as this issuer. */
  jwtIssuer: string;
  /** OpenID Connect providers whose tokens are trusted, by issuer URL, verified with their published keys. */
  oidcIssuers: readonly string[];
  /** The `aud` every OIDC token must carry; set exactly when oidcIssuers is not empty. */
  oidcAudience: string | null;
  /** After fetching an issuer's keys, a token with an unknown `kid` waits this long before they are fetched again. */
  oidcJwksCooldownMs: number;
  sqliteSynchronous: 'FULL' | 'NORMAL';
  /** Set: the event log lives in EventStoreDB. Unset: the embedded SQLite store. */
  esdbConnectionString: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** How long a mutation waits for this instance's read models to show its write before saying so. */
  readYourWritesTimeoutMs: number;
  /** IANA time zone of partnerships formed without one: their "today" is the calendar date there. */
  defaultTimeZone: string;
  /** The time the ledger decides and judges "overdue" by: the system clock, or LEDGER_CLOCK_NOW in tests. */
  clock: Clock;
  /** What one GraphQL request may ask for; anything larger is refused before a resolver runs. */
  queryLimits: QueryLimits;
  /** What GraphQL subscriptions over WebSocket (graphql-ws) may hold open; more is refused. */
  subscriptionLimits: SubscriptionLimits;
  /** Requests with a larger body are refused with 413 before they are parsed. */
  maxBodyBytes: number;
  /** Tokens that live longer (from now, or from their `iat`) are refused; `mint-token` will not mint them. */
  jwtMaxLifetimeSeconds: number;
  /** `/readyz` answers 503 while any read model is more than this many events behind the log. */
  readyMaxLag: number;
  /** Signs checkpoints of the global log (Ed25519); null in production when none is given (checkpoints are then refused). */
  checkpointSigningKey: KeyObject | null;
  /** True when no key was given and a development one was generated (and saved in the data folder). */
  checkpointSigningKeyGenerated: boolean;
  /** How often the API signs a checkpoint of the log; 0: never (the CLI still can). */
  checkpointIntervalSeconds: number;
  /** What webhook secrets are derived from; null in production when none is given (webhooks are then refused). */
  webhookSecretKey: string | null;
  /** True when no key was given and a development one was generated (and saved in the data folder). */
  webhookSecretKeyGenerated: boolean;
  webhooks: WebhookSettings;
}>;

/** How the API sends webhooks (apps/api/src/webhooks). */
export type WebhookSettings = Readonly<{
  /** Attempts of one delivery, the first included, before it is marked FAILED. */
  maxAttempts: number;
  /** The wait before the second attempt; each later one waits twice the one before, up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** One attempt gives up after this long, so a slow receiver holds up only its own deliveries. */
  timeoutMs: number;
  /** Attempts in flight at once, over all receivers. */
  concurrency: number;
  /** How often the time-based events (overdue, silent) are looked for, and due retries picked up. */
  scanIntervalMs: number;
  /** Receivers on this machine (127.0.0.1, ::1, localhost) over http: for tests and development only, never production. */
  allowLoopback: boolean;
}>;

export type QueryLimits = Readonly<{
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxCost: number;
  maxDirectives: number;
  maxMutations: number;
}>;

export type SubscriptionLimits = Readonly<{
  /** Subscriptions one WebSocket connection may run at once. */
  perConnection: number;
  /** WebSocket connections one person may hold open at once (on this API instance). */
  connectionsPerPerson: number;
}>;

export type Clock = () => Date;


const MIN_SECRET_LENGTH = 32;
const DEV_SECRET_FILE = 'dev-jwt-secret';

function oneOf<T extends string>(env: NodeJS.ProcessEnv, variable: string, allowed: readonly T[], fallback: T): T {
  const value = env[variable];
  if (value === undefined || value === '') return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(variable, `must be one of ${allowed.join(', ')} (got "${value}")`);
  }
  return value as T;
}

function port(env: NodeJS.ProcessEnv): number {
  const value = env.PORT;
  if (value === undefined || value === '') return 3000;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
    throw new ConfigError('PORT', `must be a whole number from 0 to 65535 (got "${value}")`);
  }
  return parsed;
}

/** A whole number within bounds, or the fallback when unset. */
function wholeNumber(env: NodeJS.ProcessEnv, variable: string, fallback: number, min: number, max: number): number {
  const value = env[variable];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw new ConfigError(variable, `must be a whole number from ${min} to ${max} (got "${value}")`);
  }
  return parsed;
}

const queryLimits = (env: NodeJS.ProcessEnv): QueryLimits => ({
  maxDepth: wholeNumber(env, 'LEDGER_MAX_QUERY_DEPTH', 8, 1, 1000),
  maxAliases: wholeNumber(env, 'LEDGER_MAX_QUERY_ALIASES', 20, 1, 10_000),
  maxTokens: wholeNumber(env, 'LEDGER_MAX_QUERY_TOKENS', 2000, 1, 1_000_000),
  // Objects one operation may return (apps/api/src/graphql/query-limits.ts): a board page of 50 commitments with 50 actions and latest updates is ~5,100.
  maxCost: wholeNumber(env, 'LEDGER_MAX_QUERY_COST', 10_000, 1, 100_000_000),
  maxDirectives: wholeNumber(env, 'LEDGER_MAX_QUERY_DIRECTIVES', 20, 1, 10_000),
  maxMutations: wholeNumber(env, 'LEDGER_MAX_MUTATIONS', 10, 1, 1000),
});

const subscriptionLimits = (env: NodeJS.ProcessEnv): SubscriptionLimits => ({
  perConnection: wholeNumber(env, 'LEDGER_MAX_SUBSCRIPTIONS_PER_CONNECTION', 10, 1, 1000),
  connectionsPerPerson: wholeNumber(env, 'LEDGER_MAX_SUBSCRIPTION_CONNECTIONS_PER_PERSON', 5, 1, 1000),
});

function dataDir(env: NodeJS.ProcessEnv): string {
  const dir = resolve(env.LEDGER_DATA_DIR || './data');
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new ConfigError('LEDGER_DATA_DIR', `cannot create ${dir}: ${(error as Error).message}`);
  }
  return dir;
}

/**
 * In development a missing secret is generated once and kept in the data folder, so the CLI can
 * mint tokens the running API accepts. Everywhere else it must be given, unless identities come
 * from OIDC providers alone.
 */
function jwtSecret(env: NodeJS.ProcessEnv, environment: Environment, dir: string, oidcIssuers: readonly string[]) {
  const given = env.LEDGER_JWT_SECRET;
  if (given) {
    if (given.length < MIN_SECRET_LENGTH) {
      throw new ConfigError('LEDGER_JWT_SECRET', `must be at least ${MIN_SECRET_LENGTH} characters`);
    }
    return { jwtSecret: given, jwtSecretGenerated: false };
  }
  if (environment !== 'development') {
    if (oidcIssuers.length > 0) return { jwtSecret: null, jwtSecretGenerated: false };
    throw new ConfigError(
      'LEDGER_JWT_SECRET',
      'is required unless LEDGER_OIDC_ISSUERS is set (set NODE_ENV=development to generate a local one)',
    );
  }
  const file = join(dir, DEV_SECRET_FILE);
  if (!existsSync(file)) writeFileSync(file, randomBytes(36).toString('base64url'), { mode: 0o600 });
  return { jwtSecret: readFileSync(file, 'utf8').trim(), jwtSecretGenerated: true };
}

const DEFAULT_JWT_ISSUER = 'partnership-ledger';
const DEFAULT_JWKS_COOLDOWN = '30s';
const MAX_ISSUER_LENGTH = 255;
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * Why a URL cannot name an OpenID Connect issuer (or its key set), or null when it can. Keys fetched
 * over plain HTTP could be swapped in transit, so only https is trusted, except on this machine.
 */
export function issuerUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `"${text}" is not a URL`;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.includes(url.hostname))) {
    return `"${text}" must use https (http only on 127.0.0.1, localhost or ::1)`;
  }
  if (url.search || url.hash || url.username || url.password) return `"${text}" must not carry a query, fragment or credentials`;
  return null;
}

function jwtIssuer(env: NodeJS.ProcessEnv): string {
  const value = env.LEDGER_JWT_ISSUER;
  if (value === undefined || value === '') return DEFAULT_JWT_ISSUER;
  if (value.trim() !== value || value.length > MAX_ISSUER_LENGTH) {
    throw new ConfigError('LEDGER_JWT_ISSUER', `must be at most ${MAX_ISSUER_LENGTH} characters without surrounding spaces (got "${value}")`);
  }
  return value;
}

/** Comma-separated issuer URLs, each compared exactly with a token's `iss`, so kept as written. */
function oidcIssuers(env: NodeJS.ProcessEnv, localIssuer: string): readonly string[] {
  const value = env.LEDGER_OIDC_ISSUERS;
  if (value === undefined || value.trim() === '') return [];
  const issuers = [...new Set(value.split(',').map((issuer) => issuer.trim()).filter((issuer) => issuer !== ''))];
  for (const issuer of issuers) {
    const problem = issuerUrlProblem(issuer);
    if (problem) throw new ConfigError('LEDGER_OIDC_ISSUERS', problem);
    if (issuer.length > MAX_ISSUER_LENGTH) throw new ConfigError('LEDGER_OIDC_ISSUERS', `each issuer must be at most ${MAX_ISSUER_LENGTH} characters`);
    // A token of this issuer would then be checkable either way; refuse rather than pick one.
    if (issuer === localIssuer) throw new ConfigError('LEDGER_OIDC_ISSUERS', `"${issuer}" is also LEDGER_JWT_ISSUER, the issuer of HS256 tokens`);
  }
  return issuers;
}

function oidcAudience(env: NodeJS.ProcessEnv, issuers: readonly string[]): string | null {
  const value = env.LEDGER_OIDC_AUDIENCE?.trim() || null;
  if (issuers.length > 0 && value === null) {
    throw new ConfigError('LEDGER_OIDC_AUDIENCE', 'is required when LEDGER_OIDC_ISSUERS is set: the client id (aud) this ledger is registered under');
  }
  if (issuers.length === 0 && value !== null) {
    throw new ConfigError('LEDGER_OIDC_AUDIENCE', 'is set but LEDGER_OIDC_ISSUERS is not; set the issuers it is for, or unset it');
  }
  return value;
}

/**
 * Unknown key ids make the verifier refetch an issuer's keys, at most once per cooldown, so a flood
 * of forged `kid`s cannot flood the provider. Tests may set 0 to see a rotation at once.
 */
function jwksCooldownMs(env: NodeJS.ProcessEnv, environment: Environment): number {
  const value = env.LEDGER_OIDC_JWKS_COOLDOWN;
  if (value?.trim() === '0') {
    if (environment !== 'test') throw new ConfigError('LEDGER_OIDC_JWKS_COOLDOWN', 'may be 0 only with NODE_ENV=test; use a duration such as 30s');
    return 0;
  }
  return duration(env, 'LEDGER_OIDC_JWKS_COOLDOWN', DEFAULT_JWKS_COOLDOWN) * 1000;
}

function defaultTimeZone(env: NodeJS.ProcessEnv): string {
  const value = env.LEDGER_DEFAULT_TIME_ZONE;
  if (value === undefined || value === '') return DEFAULT_TIME_ZONE;
  const timeZone = canonicalTimeZone(value);
  if (!timeZone) throw new ConfigError('LEDGER_DEFAULT_TIME_ZONE', `must be an IANA time zone name such as Europe/London (got "${value}")`);
  return timeZone;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Tests set the server's clock (LEDGER_CLOCK_NOW, an ISO instant) to check date rules at a chosen
 * moment, such as half past midnight in summer time. It stands still; outside tests it is refused.
 */
function clock(env: NodeJS.ProcessEnv, environment: Environment): Clock {
  const value = env.LEDGER_CLOCK_NOW;
  if (value === undefined || value === '') return () => new Date();
  if (environment !== 'test') throw new ConfigError('LEDGER_CLOCK_NOW', 'sets a fixed clock for tests and is honoured only with NODE_ENV=test');
  const instant = INSTANT.test(value) ? new Date(value) : null;
  if (!instant || Number.isNaN(instant.getTime())) {
    throw new ConfigError('LEDGER_CLOCK_NOW', `must be an ISO 8601 instant such as 2026-06-30T23:30:00Z (got "${value}")`);
  }
  return () => new Date(instant);
}

const DEFAULT_JWT_MAX_LIFETIME = '24h';

function duration(env: NodeJS.ProcessEnv, variable: string, fallback: string): number {
  const value = env[variable] || fallback;
  const seconds = parseDuration(value);
  if (seconds === null) throw new ConfigError(variable, `must be a duration such as 30m, 24h or 7d (got "${value}")`);
  return seconds;
}

const SIGNING_KEY_VARIABLE = 'LEDGER_CHECKPOINT_SIGNING_KEY';
const DEV_SIGNING_KEY_FILE = 'dev-checkpoint-signing-key.pem';

/** A PKCS#8 Ed25519 private key, as PEM or as the base64 of its DER. */
function parseSigningKey(text: string): KeyObject {
  let key: KeyObject;
  try {
    key = text.trimStart().startsWith('-----BEGIN')
      ? createPrivateKey(text)
      : createPrivateKey({ key: Buffer.from(text.trim(), 'base64'), format: 'der', type: 'pkcs8' });
  } catch {
    throw new ConfigError(SIGNING_KEY_VARIABLE, 'must be a PKCS#8 private key, as PEM or base64 DER (openssl genpkey -algorithm ed25519)');
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new ConfigError(SIGNING_KEY_VARIABLE, `must be an Ed25519 key (got ${key.asymmetricKeyType ?? 'an unknown type'})`);
  }
  return key;
}

/**
 * Outside production a missing key is generated once and kept in the data folder, so the CLI and the
 * API sign with the same one. In production it must be given: a key made up on the spot would sign
 * checkpoints no auditor holds the public key of.
 */
function checkpointSigningKey(env: NodeJS.ProcessEnv, environment: Environment, dir: string) {
  const given = env[SIGNING_KEY_VARIABLE];
  if (given) return { checkpointSigningKey: parseSigningKey(given), checkpointSigningKeyGenerated: false };
  if (environment === 'production') return { checkpointSigningKey: null, checkpointSigningKeyGenerated: false };
  const file = join(dir, DEV_SIGNING_KEY_FILE);
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  }
  return { checkpointSigningKey: parseSigningKey(readFileSync(file, 'utf8')), checkpointSigningKeyGenerated: true };
}

/** The key to sign checkpoints with, or a ConfigError saying how to give one. */
export function requireSigningKey(config: Pick<LedgerConfig, 'checkpointSigningKey'>): KeyObject {
  if (config.checkpointSigningKey) return config.checkpointSigningKey;
  throw new ConfigError(SIGNING_KEY_VARIABLE, 'is required in production to sign checkpoints (a PKCS#8 Ed25519 private key, PEM or base64 DER)');
}

function checkpointInterval(env: NodeJS.ProcessEnv, key: KeyObject | null): number {
  const value = env.LEDGER_CHECKPOINT_INTERVAL?.trim() ?? '';
  const seconds = value === '' || /^0+\s*[smhd]?$/.test(value) ? 0 : parseDuration(value);
  if (seconds === null) throw new ConfigError('LEDGER_CHECKPOINT_INTERVAL', `must be a duration such as 10m or 1h, or 0 for none (got "${value}")`);
  if (seconds > 0 && !key) {
    throw new ConfigError('LEDGER_CHECKPOINT_INTERVAL', `is set but ${SIGNING_KEY_VARIABLE} is not; periodic checkpoints need the signing key`);
  }
  return seconds;
}

function esdbConnectionString(env: NodeJS.ProcessEnv): string | null {
  const value = env.ESDB_CONNECTION_STRING;
  return value ? eventStoreDbConnectionString(value) : null;
}

const WEBHOOK_KEY_VARIABLE = 'LEDGER_WEBHOOK_SECRET_KEY';
const DEV_WEBHOOK_KEY_FILE = 'dev-webhook-secret-key';

/**
 * Webhook secrets are derived from this key and each webhook's id and secret version, so no secret is
 * stored anywhere. Outside production a missing key is generated once and kept in the data folder; in
 * production it must be given for webhooks to be registered or sent.
 */
function webhookSecretKey(env: NodeJS.ProcessEnv, environment: Environment, dir: string) {
  const given = env[WEBHOOK_KEY_VARIABLE];
  if (given) {
    if (given.length < MIN_SECRET_LENGTH) throw new ConfigError(WEBHOOK_KEY_VARIABLE, `must be at least ${MIN_SECRET_LENGTH} characters`);
    return { webhookSecretKey: given, webhookSecretKeyGenerated: false };
  }
  if (environment === 'production') return { webhookSecretKey: null, webhookSecretKeyGenerated: false };
  const file = join(dir, DEV_WEBHOOK_KEY_FILE);
  if (!existsSync(file)) writeFileSync(file, randomBytes(36).toString('base64url'), { mode: 0o600 });
  return { webhookSecretKey: readFileSync(file, 'utf8').trim(), webhookSecretKeyGenerated: true };
}

/** The key webhook secrets are derived from, or a ConfigError saying how to give one. */
export function requireWebhookSecretKey(config: Pick<LedgerConfig, 'webhookSecretKey'>): string {
  if (config.webhookSecretKey) return config.webhookSecretKey;
  throw new ConfigError(WEBHOOK_KEY_VARIABLE, `is required in production to register and sign webhooks (at least ${MIN_SECRET_LENGTH} characters)`);
}

function webhookSettings(env: NodeJS.ProcessEnv, environment: Environment): WebhookSettings {
  const retryBaseMs = wholeNumber(env, 'LEDGER_WEBHOOK_RETRY_BASE_MS', 30_000, 1, 86_400_000);
  const retryMaxMs = wholeNumber(env, 'LEDGER_WEBHOOK_RETRY_MAX_MS', 6 * 3_600_000, 1, 7 * 86_400_000);
  if (retryMaxMs < retryBaseMs) {
    throw new ConfigError('LEDGER_WEBHOOK_RETRY_MAX_MS', `must be at least LEDGER_WEBHOOK_RETRY_BASE_MS (${retryBaseMs}); got ${retryMaxMs}`);
  }
  const allowLoopback = oneOf(env, 'LEDGER_WEBHOOK_ALLOW_LOOPBACK', ['true', 'false'], 'false') === 'true';
  if (allowLoopback && environment === 'production') {
    throw new ConfigError('LEDGER_WEBHOOK_ALLOW_LOOPBACK', 'lets webhooks reach this machine and is refused with NODE_ENV=production');
  }
  return {
    maxAttempts: wholeNumber(env, 'LEDGER_WEBHOOK_MAX_ATTEMPTS', 8, 1, 100),
    retryBaseMs,
    retryMaxMs,
    timeoutMs: wholeNumber(env, 'LEDGER_WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
    concurrency: wholeNumber(env, 'LEDGER_WEBHOOK_CONCURRENCY', 8, 1, 256),
    scanIntervalMs: wholeNumber(env, 'LEDGER_WEBHOOK_SCAN_INTERVAL_MS', 60_000, 50, 86_400_000),
    allowLoopback,
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const environment = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'], 'production');
  const dir = dataDir(env);
  const localIssuer = jwtIssuer(env);
  const issuers = oidcIssuers(env, localIssuer);
  const signing = checkpointSigningKey(env, environment, dir);
  return {
    environment,
    port: port(env),
    dataDir: dir,
    ...jwtSecret(env, environment, dir, issuers),
    jwtIssuer: localIssuer,
    oidcIssuers: issuers,
    oidcAudience: oidcAudience(env, issuers),
    oidcJwksCooldownMs: jwksCooldownMs(env, environment),
    sqliteSynchronous: oneOf(env, 'LEDGER_SQLITE_SYNCHRONOUS', ['FULL', 'NORMAL'], 'FULL'),
    esdbConnectionString: esdbConnectionString(env),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    readYourWritesTimeoutMs: wholeNumber(env, 'LEDGER_READ_YOUR_WRITES_TIMEOUT_MS', 5000, 1, 600_000),
    defaultTimeZone: defaultTimeZone(env),
    clock: clock(env, environment),
    queryLimits: queryLimits(env),
    subscriptionLimits: subscriptionLimits(env),
    maxBodyBytes: wholeNumber(env, 'LEDGER_MAX_BODY_BYTES', 100 * 1024, 1024, 64 * 1024 * 1024),
    jwtMaxLifetimeSeconds: duration(env, 'LEDGER_JWT_MAX_LIFETIME', DEFAULT_JWT_MAX_LIFETIME),
    readyMaxLag: wholeNumber(env, 'LEDGER_READY_MAX_LAG', 1000, 0, 1_000_000_000),
    ...signing,
    checkpointIntervalSeconds: checkpointInterval(env, signing.checkpointSigningKey),
    ...webhookSecretKey(env, environment, dir),
    webhooks: webhookSettings(env, environment),
  };
}

/** Where each store keeps its file inside the data folder. */
export const dataFiles = (config: Pick<LedgerConfig, 'dataDir'>) => ({
  events: join(config.dataDir, 'events.sqlite'),
  readModels: join(config.dataDir, 'read-models.sqlite'),
  personalData: join(config.dataDir, 'personal-data.sqlite'),
  /** The global log's Merkle leaves and signed checkpoints (see MerkleLog). */
  integrity: join(config.dataDir, 'integrity.sqlite'),
  /** Webhooks as the API sends them: the registry it follows, its delivery log and checkpoint (see WebhookStore). */
  webhooks: join(config.dataDir, 'webhooks.sqlite'),
  /** Held by the running API for its lifetime, and by `rebuild` while it runs (see ReadModelLock). */
  readModelsLock: join(config.dataDir, 'read-models.lock'),
});
