import { describe, expect, it } from '@jest/globals';
import type { LedgerConfig } from '@ledger/config';
import { EventStoreDbEventStore, type EventStore } from '@ledger/event-store';
import { FaultyEventStoreDbCluster } from '@ledger/event-store/testing';
import type { ProjectionRunner, ProjectionStatus } from '@ledger/projections';
import { Readiness, STORE_TIMEOUT_MS } from './readiness.js';

type Given = { ping?: () => Promise<void>; lag?: Record<string, number>; lastError?: Record<string, string> };

function readiness({ ping = async () => {}, lag = {}, lastError = {} }: Given, readyMaxLag = 1000) {
  const names = ['partnership-directory', 'commitment-tracker'];
  const asked: number[] = [];
  const signals: (AbortSignal | undefined)[] = [];
  const store = { ping } as unknown as EventStore;
  const runner = {
    status: (): ProjectionStatus[] => names.map((name) => ({ name, checkpoint: null, lastError: lastError[name] ?? null })),
    lag: async (upTo: number, options: { signal?: AbortSignal } = {}) => {
      asked.push(upTo);
      signals.push(options.signal);
      return new Map(names.map((name) => [name, Math.min(upTo, lag[name] ?? 0)]));
    },
  } as unknown as ProjectionRunner;
  return { check: () => new Readiness(store, runner, { readyMaxLag } as LedgerConfig).check(), asked, signals };
}

describe('readiness', () => {
  it('is ready when the store answers and every read model is within the bound', async () => {
    const { check, asked, signals } = readiness({ lag: { 'commitment-tracker': 1000 } });
    expect(await check()).toMatchObject({ status: 'ready', reasons: [], maxLag: 1000 });
    // Counting stops one past the bound: enough to tell, and no more read on EventStoreDB.
    expect(asked).toEqual([1001]);
    // The count runs under the probe's deadline, which cancels its reads.
    expect(signals[0]).toBeInstanceOf(AbortSignal);
  });

  it('is not ready, saying which read model, when one is further behind than the bound', async () => {
    const report = await readiness({ lag: { 'commitment-tracker': 5000 } }).check();
    expect(report.status).toBe('not ready');
    expect(report.reasons).toEqual(['read model commitment-tracker is more than 1000 events behind the log (LEDGER_READY_MAX_LAG)']);
    expect(report.projections).toContainEqual({ name: 'commitment-tracker', lag: 1001, failing: false });
  });

  it('says a read model is failing without showing its error text', async () => {
    const report = await readiness({ lastError: { 'partnership-directory': 'SQLITE_CORRUPT: /data/secret/path' } }).check();
    expect(report.status).toBe('not ready');
    expect(report.reasons).toEqual(['read model partnership-directory is failing and retrying from its checkpoint']);
    expect(JSON.stringify(report)).not.toMatch(/SQLITE_CORRUPT|secret/);
  });

  it('is not ready when the store refuses, or does not answer within two seconds', async () => {
    const refused = await readiness({ ping: () => Promise.reject(new Error('ECONNREFUSED')) }).check();
    expect(refused).toMatchObject({ status: 'not ready', reasons: ['the event store does not answer'], store: { reachable: false } });
    expect(refused.projections.every((projection) => projection.lag === null)).toBe(true);

    const hanging = await readiness({ ping: () => new Promise(() => {}) }).check();
    expect(hanging).toMatchObject({ status: 'not ready', reasons: ['the event store does not answer'] });
  });

  it('answers within its deadline, store unreachable, when EventStoreDB never answers a read, and cancels the read', async () => {
    const cluster = new FaultyEventStoreDbCluster();
    // A partition: the client opens the read and nothing ever arrives (the check's ping, then headPosition).
    cluster.failNext('readAll', { kind: 'hang' }, { kind: 'hang' });
    const store = new EventStoreDbEventStore(cluster.client(), { logger: { log() {}, warn() {} } });
    const runner = { status: () => [], lag: async () => new Map() } as unknown as ProjectionRunner;
    const probe = new Readiness(store, runner, { readyMaxLag: 1000 } as LedgerConfig);
    const started = Date.now();
    const report = await probe.check();
    expect(Date.now() - started).toBeLessThan(STORE_TIMEOUT_MS + 1000);
    expect(report).toMatchObject({ status: 'not ready', reasons: ['the event store does not answer'], store: { reachable: false } });
    expect(await probe.headPosition()).toBeNull();
    // No read beyond the two that hung, and both were given up on.
    expect(cluster.readAllCalls).toHaveLength(2);
    expect(cluster.hangingReads).toHaveLength(2);
    expect(cluster.hangingReads.every((read) => read.cancelled && read.destroyed)).toBe(true);
  }, 10_000);
});
