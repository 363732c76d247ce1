import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './ledger-config.js';

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
