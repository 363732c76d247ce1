import { describe, expect, it } from '@jest/globals';
import { NotLeaderError, UnavailableError } from '@eventstore/db-client';
import {
  ANY,
  STREAM_DOES_NOT_EXIST,
  STREAM_EXISTS,
  type ExpectedRevision,
  type RecordedEvent,
} from '../event-store.js';
import { StoreDeadlineError } from '../errors.js';
import { EventStoreDbEventStore } from './eventstoredb-event-store.js';
import { newEvent } from './testing/fixtures.js';
import { DISCOVERY_FAILURE, FaultyEventStoreDbCluster, type EventStoreDbFault } from './testing/faulty-eventstoredb.js';

/** `rebuildable`: the store holds the client factory, as `fromConnectionString` gives it; otherwise one client. */
function setup({ rebuildable = false } = {}) {
  const cluster = new FaultyEventStoreDbCluster();
  const warnings: string[] = [];
  const logger = { log: () => undefined, warn: (message: string) => void warnings.push(message) };
  const store = new EventStoreDbEventStore(rebuildable ? cluster.client : cluster.client(), {
    logger,
    backoff: { initialDelayMs: 1, maxDelayMs: 4 },
    retry: { attempts: 3, initialDelayMs: 1, maxDelayMs: 2 },
    readDeadlineMs: 100,
  });
  return { cluster, store, warnings };
}

/** Reads until `count` events arrived, running `onBatch` after each batch, then stops. */
async function subscribe(store: EventStoreDbEventStore, count: number, onBatch: (seen: RecordedEvent[]) => void) {
  const controller = new AbortController();
  const seen: RecordedEvent[] = [];
  for await (const batch of store.subscribeToAll({ signal: controller.signal })) {
    seen.push(...batch);
    if (seen.length >= count) controller.abort();
    else onBatch(seen);
  }
  return seen;
}

describe('EventStoreDbEventStore against a faulty cluster', () => {
  describe('gap 1: a poisoned cluster lookup', () => {
    it('rebuilds the client after a failed lookup and sends the call again on it, so reads and appends reach the cluster', async () => {
      const { cluster, store, warnings } = setup({ rebuildable: true });
      cluster.seed('partnership-1', 'Seeded', 1);
      cluster.failNext('readStream', { kind: 'poisonedLookup' });

      // The real client would fail this and every later call; a fresh one looks the cluster up again.
      expect(await store.readStream('partnership-1')).toHaveLength(1);
      await store.appendToStream('partnership-1', [newEvent()], { expectedRevision: 0n });

      expect(cluster.clients).toHaveLength(2);
      expect(cluster.clients[0]!.poisoned).toBe(true);
      expect(cluster.clients[0]!.disposed).toBe(true);
      expect(await store.readStream('partnership-1')).toHaveLength(2);
      expect(warnings.filter((line) => line.includes('rebuilding the client'))).toHaveLength(1);
    });

    it('keeps a client handed over directly, since it cannot build another', async () => {
      const { cluster, store } = setup();
      cluster.failNext('readStream', { kind: 'poisonedLookup' });

      await expect(store.readStream('partnership-1')).rejects.toThrow(DISCOVERY_FAILURE);
      await expect(store.readStream('partnership-1')).rejects.toThrow(DISCOVERY_FAILURE);
      expect(cluster.clients).toHaveLength(1);
    });

    it('disposes the rebuilt client on close', async () => {
      const { cluster, store } = setup({ rebuildable: true });
      cluster.failNext('readStream', { kind: 'poisonedLookup' });
      expect(await store.readStream('partnership-1')).toEqual([]);
      await store.close();
      expect(cluster.clients.map((client) => client.disposed)).toEqual([true, true]);
    });
  });

  describe('subscriptions', () => {
    it('resumes a dropped subscription with no gap and no event twice', async () => {
      const { cluster, store } = setup();
      cluster.seed('partnership-1', 'Seeded', 2);

      const seen = await subscribe(store, 4, () => {
        cluster.dropSubscriptions();
        cluster.seed('partnership-2', 'Seeded', 2);
      });

      expect(seen.map((event) => event.id)).toEqual(cluster.log.map((event) => event.id));
      expect(cluster.subscriptions.length).toBeGreaterThanOrEqual(2);
    });

    it('resubscribes on a rebuilt client after a poisoned lookup', async () => {
      const { cluster, store } = setup({ rebuildable: true });
      cluster.seed('partnership-1', 'Seeded', 2);
      cluster.failNext('subscribeToAll', { kind: 'poisonedLookup' });

      const seen = await subscribe(store, 2, () => undefined);

      expect(seen.map((event) => event.streamRevision)).toEqual([0n, 1n]);
      expect(cluster.clients).toHaveLength(2);
      expect(cluster.clients[0]!.disposed).toBe(true);
    });
  });

  describe('gap 6: connection-string options the adapter refuses', () => {
    it.each(['?throwOnAppendFailure=false', '?tls=false&throw_on_append_failure=false', '?THROW-ON-APPEND-FAILURE= false'])(
      'refuses throwOnAppendFailure=false in any spelling the client accepts (%s), naming the setting',
      (query) => {
        expect(() => EventStoreDbEventStore.fromConnectionString(`esdb://localhost:2113${query}`)).toThrow(
          /ESDB_CONNECTION_STRING: must not set throwOnAppendFailure=false.*remove the setting/,
        );
      },
    );

    it('accepts throwOnAppendFailure=true', async () => {
      const store = EventStoreDbEventStore.fromConnectionString('esdb://localhost:2113?tls=false&throwOnAppendFailure=true');
      await store.close();
      expect(store.kind).toBe('eventstoredb');
    });
  });

  describe('gap 2: reads for command handling go to the leader', () => {
    it('reads the whole stream while a follower is one event behind', async () => {
      const { cluster, store } = setup();
      cluster.seed('partnership-1', 'Seeded', 2);
      cluster.followerLag = 1;

      expect((await store.readStream('partnership-1')).map((event) => event.streamRevision)).toEqual([0n, 1n]);
      expect(cluster.readStreamCalls.every((call) => call.options.requiresLeader === true)).toBe(true);
    });

    it('appends at the exact revision the caller saw, with no spurious conflict from a stale follower', async () => {
      const { cluster, store } = setup();
      cluster.seed('partnership-1', 'Seeded', 2);
      cluster.followerLag = 1;

      const result = await store.appendToStream('partnership-1', [newEvent()], { expectedRevision: 1n });

      expect(result.nextExpectedRevision).toBe(2n);
      expect(cluster.appendCalls.map((call) => call.options.requiresLeader)).toEqual([true]);
    });
  });

  describe('stream reads in transit', () => {
    it('gives up on a read that never answers after readDeadlineMs and sends it again', async () => {
      const { cluster, store } = setup();
      cluster.seed('partnership-1', 'Seeded', 2);
      cluster.failNext('readStream', { kind: 'hang' });

      expect(await store.readStream('partnership-1')).toHaveLength(2);
      expect(cluster.readStreamCalls).toHaveLength(2);
    });

    it('fails with StoreDeadlineError naming the stream once every attempt hung', async () => {
      const { cluster, store } = setup();
      cluster.failNext('readStream', { kind: 'hang' }, { kind: 'hang' }, { kind: 'hang' });

      const read = store.readStream('partnership-1');
      await expect(read).rejects.toBeInstanceOf(StoreDeadlineError);
      await expect(read).rejects.toThrow('did not answer a read of partnership-1 before its deadline');
      expect(cluster.readStreamCalls).toHaveLength(3);
    });

    it.each([
      ['NotLeaderError', { kind: 'notLeaderAfterWrite' }],
      ['UnavailableError', { kind: 'unavailable' }],
      ['CancelledError', { kind: 'cancelled' }],
    ] as [string, EventStoreDbFault][])('reads again after %s', async (_name, fault) => {
      const { cluster, store } = setup();
      cluster.seed('partnership-1', 'Seeded', 1);
      cluster.failNext('readStream', fault);

      expect(await store.readStream('partnership-1')).toHaveLength(1);
    });
  });

  describe('gap 3: transient append errors', () => {
    const transient: [string, EventStoreDbFault][] = [
      ['NotLeaderError after the write landed', { kind: 'notLeaderAfterWrite' }],
      ['UnavailableError before the write', { kind: 'unavailable' }],
      ['UnavailableError after the write landed', { kind: 'unavailable', landed: true }],
      ['CancelledError', { kind: 'cancelled' }],
      ['DeadlineExceededError after the write landed', { kind: 'deadlineExceeded', landed: true }],
      ['a poisoned lookup on the append itself', { kind: 'poisonedLookup' }],
    ];

    it.each(transient)('completes an exact append after %s, written once, sent again unchanged', async (_name, fault) => {
      const { cluster, store } = setup({ rebuildable: fault.kind === 'poisonedLookup' });
      await store.appendToStream('partnership-1', [newEvent()], { expectedRevision: STREAM_DOES_NOT_EXIST });
      cluster.failNext('appendToStream', fault);
      const event = newEvent();

      const result = await store.appendToStream('partnership-1', [event], { expectedRevision: 0n });

      expect(result.nextExpectedRevision).toBe(1n);
      // A retry the server recognised comes back with 2^64−1 for its position: the real one is read back.
      expect(result.position).toBe((await store.readStream('partnership-1')).at(-1)!.position);
      expect(cluster.copiesOf(event.id)).toBe(1);
      const [first, retry] = cluster.appendCalls.slice(1);
      expect(retry!.options.expectedRevision).toBe(first!.options.expectedRevision);
      expect(retry!.events).toEqual(first!.events);
      expect(await store.readStream('partnership-1')).toHaveLength(2);
    });

    it('completes a no-stream append whose acknowledgement was lost to a leader change', async () => {
      const { cluster, store } = setup();
      cluster.failNext('appendToStream', { kind: 'notLeaderAfterWrite' });
      const event = newEvent();

      const result = await store.appendToStream('partnership-1', [event], { expectedRevision: STREAM_DOES_NOT_EXIST });

      expect(result.nextExpectedRevision).toBe(0n);
      expect(cluster.appendCalls.map((call) => call.options.expectedRevision)).toEqual(['no_stream', 'no_stream']);
      expect(cluster.copiesOf(event.id)).toBe(1);
    });

    it.each([
      ['ANY', ANY],
      ['STREAM_EXISTS', STREAM_EXISTS],
    ] as [string, ExpectedRevision][])('surfaces the error for %s, whose retry the server could only answer from a cache', async (_name, expectedRevision) => {
      const { cluster, store } = setup();
      await store.appendToStream('partnership-1', [newEvent()], { expectedRevision: STREAM_DOES_NOT_EXIST });
      cluster.failNext('appendToStream', { kind: 'notLeaderAfterWrite' });

      await expect(store.appendToStream('partnership-1', [newEvent()], { expectedRevision })).rejects.toBeInstanceOf(NotLeaderError);
      expect(cluster.appendCalls).toHaveLength(2);
    });

    it('gives up after the configured attempts, backing off and saying so each time', async () => {
      const { cluster, store, warnings } = setup();
      cluster.failNext('appendToStream', { kind: 'unavailable' }, { kind: 'unavailable' }, { kind: 'unavailable' }, { kind: 'unavailable' });

      await expect(store.appendToStream('partnership-1', [newEvent()], { expectedRevision: STREAM_DOES_NOT_EXIST })).rejects.toBeInstanceOf(
        UnavailableError,
      );

      expect(cluster.appendCalls).toHaveLength(3);
      expect(warnings).toEqual([
        expect.stringMatching(/failed in transit .* in 1 ms \(attempt 2 of 3\)/),
        expect.stringMatching(/failed in transit .* in 2 ms \(attempt 3 of 3\)/),
      ]);
    });
  });
});
