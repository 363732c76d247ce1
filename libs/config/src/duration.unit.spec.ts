import { describe, expect, it } from '@jest/globals';
import { formatDuration, parseDuration } from './duration.js';
import { ConfigError, loadConfig } from './ledger-config.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('durations', () => {
  it.each([
    ['90', 90],
    ['90s', 90],
    ['30m', 1800],
    ['24h', 86_400],
    ['7d', 604_800],
  ])('reads %s as %i seconds', (text, seconds) => expect(parseDuration(text)).toBe(seconds));

  it.each(['', '0', '0h', '-1h', '1.5h', '1w', 'h', '24 hours', '1e3'])('refuses %j', (text) => expect(parseDuration(text)).toBeNull());

  it.each([
    [90, '90s'],
    [1800, '30m'],
    [86_400, '24h'],
    [172_800, '2d'],
    [86_401, '86401s'],
  ])('writes %i seconds as %s', (seconds, text) => expect(formatDuration(seconds)).toBe(text));
});

describe('configuration of the HTTP edge and tokens', () => {
  const base = () => ({ NODE_ENV: 'test', LEDGER_DATA_DIR: mkdtempSync(join(tmpdir(), 'ledger-config-')), LEDGER_JWT_SECRET: 'x'.repeat(32) });

  it('defaults to a 100 KB body, 24 h tokens and a readiness bound of 1000 events', () => {
    expect(loadConfig(base())).toMatchObject({ maxBodyBytes: 102_400, jwtMaxLifetimeSeconds: 86_400, readyMaxLag: 1000 });
  });

  it('reads each setting', () => {
    const config = loadConfig({ ...base(), LEDGER_MAX_BODY_BYTES: '2048', LEDGER_JWT_MAX_LIFETIME: '2h', LEDGER_READY_MAX_LAG: '0' });
    expect(config).toMatchObject({ maxBodyBytes: 2048, jwtMaxLifetimeSeconds: 7200, readyMaxLag: 0 });
  });

  it.each([
    ['LEDGER_MAX_BODY_BYTES', '100kb', /LEDGER_MAX_BODY_BYTES: must be a whole number from 1024/],
    ['LEDGER_MAX_BODY_BYTES', '10', /LEDGER_MAX_BODY_BYTES/],
    ['LEDGER_JWT_MAX_LIFETIME', 'forever', /LEDGER_JWT_MAX_LIFETIME: must be a duration such as 30m, 24h or 7d/],
    ['LEDGER_READY_MAX_LAG', '-1', /LEDGER_READY_MAX_LAG/],
  ])('names %s when its value %j is bad', (variable, value, message) => {
    expect(() => loadConfig({ ...base(), [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base(), [variable]: value })).toThrow(message);
  });
});
