import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { ConfigError, loadConfig, requireSigningKey, requireWebhookSecretKey } from './ledger-config.js';

const base = () => ({ LEDGER_DATA_DIR: mkdtempSync(join(tmpdir(), 'ledger-config-')), LEDGER_JWT_SECRET: 'x'.repeat(32) });

describe('the default time zone', () => {
  it('is Europe/London unless set', () => expect(loadConfig({ ...base(), NODE_ENV: 'test' }).defaultTimeZone).toBe('Europe/London'));

  it('takes any IANA name, in its canonical spelling', () =>
    expect(loadConfig({ ...base(), NODE_ENV: 'test', LEDGER_DEFAULT_TIME_ZONE: 'europe/dublin' }).defaultTimeZone).toBe('Europe/Dublin'));

  it('refuses a name the runtime does not know, naming the variable', () =>
    expect(() => loadConfig({ ...base(), NODE_ENV: 'test', LEDGER_DEFAULT_TIME_ZONE: 'GMT+1 summer' })).toThrow(
      new ConfigError('LEDGER_DEFAULT_TIME_ZONE', 'must be an IANA time zone name such as Europe/London (got "GMT+1 summer")'),
    ));
});

describe('the clock', () => {
  it('is the system clock unless set', () => {
    const before = Date.now();
    const now = loadConfig({ ...base(), NODE_ENV: 'production' }).clock().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('stands still at LEDGER_CLOCK_NOW in tests', () => {
    const { clock } = loadConfig({ ...base(), NODE_ENV: 'test', LEDGER_CLOCK_NOW: '2026-07-01T00:30:00+01:00' });
    expect(clock().toISOString()).toBe('2026-06-30T23:30:00.000Z');
    expect(clock().toISOString()).toBe('2026-06-30T23:30:00.000Z');
  });

  it('refuses LEDGER_CLOCK_NOW outside tests', () =>
    expect(() => loadConfig({ ...base(), NODE_ENV: 'production', LEDGER_CLOCK_NOW: '2026-06-30T23:30:00Z' })).toThrow(/LEDGER_CLOCK_NOW: .*NODE_ENV=test/));

  it('refuses a value that is not an ISO instant', () =>
    expect(() => loadConfig({ ...base(), NODE_ENV: 'test', LEDGER_CLOCK_NOW: 'tomorrow' })).toThrow(/LEDGER_CLOCK_NOW: must be an ISO 8601 instant/));
});

describe('identity settings', () => {
  const idp = 'https://login.nhs.example/tenant';
  const oidc = { LEDGER_OIDC_ISSUERS: idp, LEDGER_OIDC_AUDIENCE: 'partnership-ledger' };
  const refusal = (env: NodeJS.ProcessEnv, variable: string, message: RegExp) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(expect.objectContaining({ variable, message: expect.stringMatching(message) }));
  };

  it('default to HS256 tokens of partnership-ledger alone, and a 30 s key refetch cooldown', () =>
    expect(loadConfig({ ...base(), NODE_ENV: 'test' })).toMatchObject({
      jwtIssuer: 'partnership-ledger',
      oidcIssuers: [],
      oidcAudience: null,
      oidcJwksCooldownMs: 30_000,
    }));

  it('read each setting, trimming the issuer list and dropping repeats', () =>
    expect(
      loadConfig({
        ...base(),
        NODE_ENV: 'production',
        LEDGER_JWT_ISSUER: 'ledger.leeds',
        LEDGER_OIDC_ISSUERS: ` ${idp} ,https://accounts.council.example/, ${idp},http://127.0.0.1:8080,http://localhost:9,http://[::1]:7`,
        LEDGER_OIDC_AUDIENCE: ' partnership-ledger ',
        LEDGER_OIDC_JWKS_COOLDOWN: '2m',
      }),
    ).toMatchObject({
      jwtIssuer: 'ledger.leeds',
      oidcIssuers: [idp, 'https://accounts.council.example/', 'http://127.0.0.1:8080', 'http://localhost:9', 'http://[::1]:7'],
      oidcAudience: 'partnership-ledger',
      oidcJwksCooldownMs: 120_000,
    }));

  it('need no LEDGER_JWT_SECRET outside development when OIDC issuers are set', () =>
    expect(loadConfig({ ...base(), LEDGER_JWT_SECRET: '', NODE_ENV: 'production', ...oidc })).toMatchObject({
      jwtSecret: null,
      jwtSecretGenerated: false,
      oidcIssuers: [idp],
    }));

  it('still need LEDGER_JWT_SECRET outside development without them', () =>
    refusal({ ...base(), LEDGER_JWT_SECRET: '', NODE_ENV: 'production' }, 'LEDGER_JWT_SECRET', /is required unless LEDGER_OIDC_ISSUERS is set/));

  it('generate a development secret even beside OIDC issuers, so mint-token works', () =>
    expect(loadConfig({ ...base(), LEDGER_JWT_SECRET: '', NODE_ENV: 'development', ...oidc })).toMatchObject({ jwtSecretGenerated: true }));

  it('allow a zero cooldown only in tests', () => {
    expect(loadConfig({ ...base(), NODE_ENV: 'test', LEDGER_OIDC_JWKS_COOLDOWN: '0' }).oidcJwksCooldownMs).toBe(0);
    refusal({ ...base(), NODE_ENV: 'production', LEDGER_OIDC_JWKS_COOLDOWN: '0' }, 'LEDGER_OIDC_JWKS_COOLDOWN', /may be 0 only with NODE_ENV=test/);
  });

  it.each([
    [{ LEDGER_OIDC_ISSUERS: idp }, 'LEDGER_OIDC_AUDIENCE', /is required when LEDGER_OIDC_ISSUERS is set/],
    [{ LEDGER_OIDC_ISSUERS: idp, LEDGER_OIDC_AUDIENCE: '  ' }, 'LEDGER_OIDC_AUDIENCE', /is required when LEDGER_OIDC_ISSUERS is set/],
    [{ LEDGER_OIDC_AUDIENCE: 'partnership-ledger' }, 'LEDGER_OIDC_AUDIENCE', /is set but LEDGER_OIDC_ISSUERS is not/],
    [{ ...oidc, LEDGER_OIDC_ISSUERS: 'http://login.nhs.example' }, 'LEDGER_OIDC_ISSUERS', /"http:\/\/login.nhs.example" must use https \(http only on 127.0.0.1, localhost or ::1\)/],
    [{ ...oidc, LEDGER_OIDC_ISSUERS: 'http://127.0.0.1.evil.example' }, 'LEDGER_OIDC_ISSUERS', /must use https/],
    [{ ...oidc, LEDGER_OIDC_ISSUERS: 'login.nhs.example' }, 'LEDGER_OIDC_ISSUERS', /"login.nhs.example" is not a URL/],
    [{ ...oidc, LEDGER_OIDC_ISSUERS: `${idp}?tenant=1` }, 'LEDGER_OIDC_ISSUERS', /must not carry a query, fragment or credentials/],
    [{ ...oidc, LEDGER_OIDC_ISSUERS: 'https://ledger.example', LEDGER_JWT_ISSUER: 'https://ledger.example' }, 'LEDGER_OIDC_ISSUERS', /is also LEDGER_JWT_ISSUER/],
    [{ LEDGER_JWT_ISSUER: ' partnership-ledger' }, 'LEDGER_JWT_ISSUER', /without surrounding spaces/],
    [{ LEDGER_OIDC_JWKS_COOLDOWN: 'soon' }, 'LEDGER_OIDC_JWKS_COOLDOWN', /must be a duration such as 30m, 24h or 7d/],
  ])('refuse %j, naming %s', (settings, variable, message) => refusal({ ...base(), NODE_ENV: 'test', ...settings }, variable, message));
});

describe('checkpoint settings', () => {
  const pem = () => generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

  it('take the signing key as PEM or base64 DER, and periodic checkpoints off unless set', () => {
    const key = pem();
    const der = createPrivateKey(key).export({ format: 'der', type: 'pkcs8' }).toString('base64');
    expect(loadConfig({ ...base(), NODE_ENV: 'production', LEDGER_CHECKPOINT_SIGNING_KEY: key })).toMatchObject({
      checkpointSigningKeyGenerated: false,
      checkpointIntervalSeconds: 0,
    });
    const fromDer = loadConfig({ ...base(), NODE_ENV: 'production', LEDGER_CHECKPOINT_SIGNING_KEY: der, LEDGER_CHECKPOINT_INTERVAL: '10m' });
    expect(fromDer.checkpointIntervalSeconds).toBe(600);
    expect(fromDer.checkpointSigningKey!.equals(createPrivateKey(key))).toBe(true);
  });

  it('generate a key once in the data folder outside production, and keep none in production', () => {
    const env = { ...base(), NODE_ENV: 'development' };
    const first = loadConfig(env);
    expect(first.checkpointSigningKeyGenerated).toBe(true);
    expect(loadConfig(env).checkpointSigningKey!.equals(first.checkpointSigningKey!)).toBe(true);
    const production = loadConfig({ ...base(), NODE_ENV: 'production' });
    expect(production.checkpointSigningKey).toBeNull();
    expect(() => requireSigningKey(production)).toThrow(/LEDGER_CHECKPOINT_SIGNING_KEY: is required in production/);
  });

  it('refuse a key that is not PKCS#8 Ed25519, a bad interval, and an interval without a key in production', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => loadConfig({ ...base(), LEDGER_CHECKPOINT_SIGNING_KEY: 'not a key' })).toThrow(/LEDGER_CHECKPOINT_SIGNING_KEY: must be a PKCS#8 private key/);
    expect(() => loadConfig({ ...base(), LEDGER_CHECKPOINT_SIGNING_KEY: rsa })).toThrow(/LEDGER_CHECKPOINT_SIGNING_KEY: must be an Ed25519 key \(got rsa\)/);
    expect(() => loadConfig({ ...base(), NODE_ENV: 'test', LEDGER_CHECKPOINT_INTERVAL: 'hourly' })).toThrow(/LEDGER_CHECKPOINT_INTERVAL: must be a duration/);
    expect(() => loadConfig({ ...base(), NODE_ENV: 'production', LEDGER_CHECKPOINT_INTERVAL: '1h' })).toThrow(
      /LEDGER_CHECKPOINT_INTERVAL: is set but LEDGER_CHECKPOINT_SIGNING_KEY is not/,
    );
    expect(loadConfig({ ...base(), NODE_ENV: 'production', LEDGER_CHECKPOINT_INTERVAL: '0s' }).checkpointIntervalSeconds).toBe(0);
  });
});

describe('the EventStoreDB connection string', () => {
  const connection = (value: string) => loadConfig({ ...base(), NODE_ENV: 'test', ESDB_CONNECTION_STRING: value }).esdbConnectionString;

  it('is null unless set, and keeps what the operator gave', () => {
    expect(loadConfig({ ...base(), NODE_ENV: 'test' }).esdbConnectionString).toBeNull();
    const value = 'esdb+discover://cluster.internal:2113?tls=true&maxDiscoverAttempts=60&discoveryInterval=1000';
    expect(connection(value)).toBe(value);
  });

  it('adds discovery settings that outlast a leader election unless given (the client gives up after 1 s)', () => {
    expect(connection('esdb://node1:2113,node2:2113')).toBe('esdb://node1:2113,node2:2113?maxDiscoverAttempts=30&discoveryInterval=500');
    expect(connection('esdb://node1:2113?tls=false')).toBe('esdb://node1:2113?tls=false&maxDiscoverAttempts=30&discoveryInterval=500');
    expect(connection('esdb://node1:2113?tls=false&MAX_DISCOVER_ATTEMPTS=5')).toBe('esdb://node1:2113?tls=false&MAX_DISCOVER_ATTEMPTS=5&discoveryInterval=500');
  });

  it('refuses throwOnAppendFailure=false in any spelling the client accepts, naming the variable and the setting', () => {
    for (const setting of ['throwOnAppendFailure=false', 'throwonappendfailure=FALSE', 'throw_on_append_failure=false', 'THROW-ON-APPEND-FAILURE= false']) {
      expect(() => connection(`esdb://localhost:2113?tls=false&${setting}`)).toThrow(
        expect.objectContaining({ variable: 'ESDB_CONNECTION_STRING', message: expect.stringMatching(/must not set throwOnAppendFailure=false/) }),
      );
    }
    const allowed = 'esdb://localhost:2113?tls=false&throwOnAppendFailure=true&maxDiscoverAttempts=30&discoveryInterval=500';
    expect(connection(allowed)).toBe(allowed);
  });
});

describe('subscription limits', () => {
  it('default to 10 subscriptions a connection and 5 connections a person', () =>
    expect(loadConfig({ ...base(), NODE_ENV: 'test' }).subscriptionLimits).toEqual({ perConnection: 10, connectionsPerPerson: 5 }));

  it('read each setting', () =>
    expect(
      loadConfig({ ...base(), NODE_ENV: 'test', LEDGER_MAX_SUBSCRIPTIONS_PER_CONNECTION: '3', LEDGER_MAX_SUBSCRIPTION_CONNECTIONS_PER_PERSON: '2' }).subscriptionLimits,
    ).toEqual({ perConnection: 3, connectionsPerPerson: 2 }));

  it('refuse zero or a value that is not a whole number, naming the variable', () => {
    expect(() => loadConfig({ ...base(), NODE_ENV: 'test', LEDGER_MAX_SUBSCRIPTIONS_PER_CONNECTION: '0' })).toThrow(
      new ConfigError('LEDGER_MAX_SUBSCRIPTIONS_PER_CONNECTION', 'must be a whole number from 1 to 1000 (got "0")'),
    );
    expect(() => loadConfig({ ...base(), NODE_ENV: 'test', LEDGER_MAX_SUBSCRIPTION_CONNECTIONS_PER_PERSON: 'lots' })).toThrow(
      /LEDGER_MAX_SUBSCRIPTION_CONNECTIONS_PER_PERSON: must be a whole number from 1 to 1000/,
    );
  });
});

describe('webhook settings', () => {
  it('default to 8 attempts from 30 s doubling up to 6 h, 10 s a try, and no receivers on this machine', () =>
    expect(loadConfig({ ...base(), NODE_ENV: 'test' }).webhooks).toEqual({
      maxAttempts: 8,
      retryBaseMs: 30_000,
      retryMaxMs: 21_600_000,
      timeoutMs: 10_000,
      concurrency: 8,
      scanIntervalMs: 60_000,
      allowLoopback: false,
    }));

  it('read each setting', () =>
    expect(
      loadConfig({
        ...base(),
        NODE_ENV: 'test',
        LEDGER_WEBHOOK_MAX_ATTEMPTS: '3',
        LEDGER_WEBHOOK_RETRY_BASE_MS: '100',
        LEDGER_WEBHOOK_RETRY_MAX_MS: '400',
        LEDGER_WEBHOOK_TIMEOUT_MS: '500',
        LEDGER_WEBHOOK_CONCURRENCY: '2',
        LEDGER_WEBHOOK_SCAN_INTERVAL_MS: '100',
        LEDGER_WEBHOOK_ALLOW_LOOPBACK: 'true',
      }).webhooks,
    ).toEqual({ maxAttempts: 3, retryBaseMs: 100, retryMaxMs: 400, timeoutMs: 500, concurrency: 2, scanIntervalMs: 100, allowLoopback: true }));

  it.each([
    [{ LEDGER_WEBHOOK_MAX_ATTEMPTS: '0' }, /LEDGER_WEBHOOK_MAX_ATTEMPTS: must be a whole number from 1 to 100 \(got "0"\)/],
    [{ LEDGER_WEBHOOK_TIMEOUT_MS: '5s' }, /LEDGER_WEBHOOK_TIMEOUT_MS: must be a whole number from 100 to 120000/],
    [{ LEDGER_WEBHOOK_RETRY_BASE_MS: '1000', LEDGER_WEBHOOK_RETRY_MAX_MS: '999' }, /LEDGER_WEBHOOK_RETRY_MAX_MS: must be at least LEDGER_WEBHOOK_RETRY_BASE_MS \(1000\); got 999/],
    [{ LEDGER_WEBHOOK_ALLOW_LOOPBACK: 'yes' }, /LEDGER_WEBHOOK_ALLOW_LOOPBACK: must be one of true, false \(got "yes"\)/],
    [{ LEDGER_WEBHOOK_SECRET_KEY: 'short' }, /LEDGER_WEBHOOK_SECRET_KEY: must be at least 32 characters/],
  ])('refuse %j', (settings, message) => expect(() => loadConfig({ ...base(), NODE_ENV: 'test', ...settings })).toThrow(message));

  it('refuse receivers on this machine in production', () =>
    expect(() => loadConfig({ ...base(), NODE_ENV: 'production', LEDGER_WEBHOOK_ALLOW_LOOPBACK: 'true' })).toThrow(
      /LEDGER_WEBHOOK_ALLOW_LOOPBACK: lets webhooks reach this machine and is refused with NODE_ENV=production/,
    ));

  it('generate a secret key once in the data folder outside production, and need one given in production', () => {
    const env = { ...base(), NODE_ENV: 'development' };
    const first = loadConfig(env);
    expect(first.webhookSecretKeyGenerated).toBe(true);
    expect(loadConfig(env).webhookSecretKey).toBe(first.webhookSecretKey);
    const production = loadConfig({ ...base(), NODE_ENV: 'production' });
    expect(production.webhookSecretKey).toBeNull();
    expect(() => requireWebhookSecretKey(production)).toThrow(/LEDGER_WEBHOOK_SECRET_KEY: is required in production/);
    expect(loadConfig({ ...base(), NODE_ENV: 'production', LEDGER_WEBHOOK_SECRET_KEY: 'k'.repeat(32) }).webhookSecretKey).toBe('k'.repeat(32));
  });
});
