import { describe, expect, it } from '@jest/globals';
import { StoreDeadlineError } from '../errors.js';
import type { Position } from '../event-store.js';
import { EventStoreDbEventStore } from './eventstoredb-event-store.js';
import { FaultyEventStoreDbCluster } from './testing/faulty-eventstoredb.js';

/** A cluster holding `count` events in `$all`, and the adapter over one client of it. */
function setup(count = 0) {
  const cluster = new FaultyEventStoreDbCluster();
  if (count > 0) cluster.seed('commitment-1', 'CommitmentMade', count);
  return { cluster, store: new EventStoreDbEventStore(cluster.client(), { logger: { log() {}, warn() {} } }) };
}

describe('EventStoreDbEventStore probes', () => {
  it('cancels a ping, head position or lag count that gets no answer when its signal aborts, and rejects at once', async () => {
    const { cluster, store } = setup();
    // A partition: each probe's read of $all (backwards for ping and headPosition, forwards for the count) never answers.
    cluster.failNext('readAll', { kind: 'hang' }, { kind: 'hang' }, { kind: 'hang' });
    const probes = [
      () => store.ping({ signal: AbortSignal.timeout(20) }),
      () => store.headPosition({ signal: AbortSignal.timeout(20) }),
      () => store.countEventsAfter(undefined, 1001, { signal: AbortSignal.timeout(20) }),
    ];
    for (const probe of probes) {
      const started = Date.now();
      await expect(probe()).rejects.toBeInstanceOf(StoreDeadlineError);
      // Well inside a probe's 2 s; without the signal the read would never end.
      expect(Date.now() - started).toBeLessThan(1000);
    }
    expect(cluster.readAllCalls.map((call) => call.direction)).toEqual(['backwards', 'backwards', 'forwards']);
    expect(cluster.hangingReads).toHaveLength(3);
    expect(cluster.hangingReads.every((read) => read.cancelled && read.destroyed)).toBe(true);
  });

  it('starts no count when the deadline has already passed, and names the call', async () => {
    const { cluster, store } = setup(3);
    const expired = AbortSignal.abort();
    await expect(store.countEventsAfter(undefined, 10, { signal: expired })).rejects.toThrow(
      'The event store did not answer countEventsAfter before its deadline; the read was cancelled',
    );
    expect(cluster.readAllCalls).toHaveLength(0);
  });

  it('answers as before when the store answers before the deadline', async () => {
    const { store } = setup(3);
    const signal = AbortSignal.timeout(1000);
    await expect(store.ping({ signal })).resolves.toBeUndefined();
    expect(await store.countEventsAfter(undefined, 10, { signal })).toBe(3);
  });

  it('counts a lag of more than 1,000 by reading pages up to the bound, not every later event', async () => {
    const { cluster, store } = setup(50_000);
    const first = cluster.log[0]!.position;
    const after = `${first.commit}/${first.prepare}` as Position;
    expect(await store.countEventsAfter(after, 1001)).toBe(1001);
    // Pages of readPageSize (500): three pages hold the 1,001st event; the other 48,000 are never read.
    expect(cluster.readAllServed).toBeLessThanOrEqual(1500);
  });
});
