import { describe, expect, it } from '@jest/globals';
import {
  END,
  START,
  UnavailableError,
  excludeSystemEvents,
  type JSONEventData,
  type Position as EsdbPosition,
} from '@eventstore/db-client';
import { ExpectedVersionConflictError } from '../errors.js';
import {
  ANY,
  STREAM_DOES_NOT_EXIST,
  STREAM_EXISTS,
  type NewEvent,
  type Position,
  type RecordedEvent,
} from '../event-store.js';
import { chainEvents, eventHash, verifyChains } from '../integrity/chain.js';
import { EventStoreDbEventStore, type EventStoreDbEventStoreOptions } from './eventstoredb-event-store.js';
import { FaultyEventStoreDbCluster, type EventStoreDbFault } from './testing/faulty-eventstoredb.js';
import { metadata, newEvent } from './testing/fixtures.js';

/** Where the double's log starts its commits: above 2^53, so Number() would lose them. */
const BIG = 2n ** 60n;

/** As another writer would send an event, bypassing the adapter. */
const toJsonEvent = (event: NewEvent): JSONEventData => ({
  id: event.id,
  contentType: 'application/json',
  type: event.type,
  data: event.data as JSONEventData['data'],
  metadata: event.metadata as JSONEventData['metadata'],
});

const positionString = (position: EsdbPosition) => `${position.commit}/${position.prepare}` as Position;

function recordingLogger() {
  const lines: { level: 'log' | 'warn'; message: string }[] = [];
  return {
    lines,
    log: (message: string) => void lines.push({ level: 'log', message }),
    warn: (message: string) => void lines.push({ level: 'warn', message }),
  };
}

/** A healthy cluster and one client of it, handed to the store directly. */
function setup(options: EventStoreDbEventStoreOptions = {}) {
  const cluster = new FaultyEventStoreDbCluster();
  const client = cluster.client();
  const logger = recordingLogger();
  const store = new EventStoreDbEventStore(client, {
    logger,
    backoff: { initialDelayMs: 1, maxDelayMs: 4 },
    retry: { attempts: 3, initialDelayMs: 1, maxDelayMs: 2 },
    ...options,
  });
  return { cluster, client, logger, store };
}

/** The next `count` subscriptions fail at once, as when the server cannot be reached. */
const failingSubscriptions = (cluster: FaultyEventStoreDbCluster, count: number) =>
  cluster.failNext('subscribeToAll', ...Array.from({ length: count }, (): EventStoreDbFault => ({ kind: 'unavailable' })));

async function until(condition: () => boolean, timeoutMs = 2000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Reads batches until `count` events arrived, running `onBatch` after each, then aborts. */
async function subscribe(
  store: EventStoreDbEventStore,
  options: {
    after?: Position;
    maxBatchSize?: number;
    count: number;
    onBatch?: (batch: RecordedEvent[], seen: RecordedEvent[]) => Promise<void> | void;
  },
) {
  const controller = new AbortController();
  const batches: RecordedEvent[][] = [];
  const seen: RecordedEvent[] = [];
  for await (const batch of store.subscribeToAll({ after: options.after, maxBatchSize: options.maxBatchSize, signal: controller.signal })) {
    batches.push(batch);
    seen.push(...batch);
    if (seen.length >= options.count) controller.abort();
    else await options.onBatch?.(batch, seen);
  }
  return { batches, seen };
}

describe('EventStoreDbEventStore', () => {
  describe('appending', () => {
    it('appends after the exact tip it chained from, whatever the caller expected: NO_STREAM, STREAM_EXISTS, ANY or a bigint', async () => {
      const { cluster, store } = setup();
      await store.appendToStream('s', [newEvent()], { expectedRevision: STREAM_DOES_NOT_EXIST });
      await store.appendToStream('s', [newEvent()], { expectedRevision: STREAM_EXISTS });
      await store.appendToStream('s', [newEvent()], { expectedRevision: ANY });
      const exact = await store.appendToStream('s', [newEvent()], { expectedRevision: 2n });

      expect(cluster.appendCalls.map((call) => call.options.expectedRevision)).toEqual(['no_stream', 0n, 1n, 2n]);
      expect(typeof cluster.appendCalls[3]!.options.expectedRevision).toBe('bigint');
      expect(exact.nextExpectedRevision).toBe(3n);
      const chain = cluster.log.map((event) => event.metadata as { hash: string; previousHash: string | null });
      expect(chain.map((metadata) => metadata.previousHash)).toEqual([null, ...chain.slice(0, -1).map((metadata) => metadata.hash)]);
      expect(verifyChains(await store.readAll()).broken).toBeNull();
    });

    it('retries an ANY append that lost the race to another writer, chaining it to the new tip', async () => {
      const { cluster, client, store } = setup();
      await store.appendToStream('s', [newEvent()], { expectedRevision: STREAM_DOES_NOT_EXIST });
      const append = client.appendToStream.bind(client);
      let raced = false;
      client.appendToStream = async (streamName, events, options) => {
        if (!raced) {
          raced = true;
          // Another process appends between our read of the tip and our write.
          await append(streamName, chainEvents([{ ...newEvent(), streamId: 's' }], 1n, (cluster.log[0]!.metadata as { hash: string }).hash).map(toJsonEvent), { expectedRevision: 0n });
        }
        return append(streamName, events, options);
      };
      const result = await store.appendToStream('s', [newEvent()], { expectedRevision: ANY });

      expect(result.nextExpectedRevision).toBe(2n);
      expect(cluster.appendCalls.map((call) => call.options.expectedRevision)).toEqual(['no_stream', 0n, 0n, 1n]);
      const [, racer, ours] = cluster.log.map((event) => event.metadata as { hash: string; previousHash: string | null });
      expect(ours!.previousHash).toBe(racer!.hash);
    });

    // The server answers a recognised retry with the unknown position 2^64−1; the protocol also allows none.
    it.each(['unknown', 'none'] as const)('passes our event ids to the server, so a retried append is acknowledged without a duplicate (retry position %s)', async (retryPosition) => {
      const { cluster, store } = setup();
      cluster.retryPosition = retryPosition;
      const events = [newEvent(), newEvent()];
      const first = await store.appendToStream('s', events, { expectedRevision: STREAM_DOES_NOT_EXIST });
      const retried = await store.appendToStream('s', events, { expectedRevision: STREAM_DOES_NOT_EXIST });

      expect(cluster.appendCalls[0]!.events.map((event) => event.id)).toEqual(events.map((event) => event.id));
      expect(cluster.appendCalls[0]!.events.every((event) => event.contentType === 'application/json')).toBe(true);
      // The retry was sent and acknowledged without a known position; the adapter read it from the event the first attempt wrote.
      expect(cluster.appendCalls).toHaveLength(2);
      expect(retried).toEqual(first);
      expect(cluster.log).toHaveLength(2);
    });

    it('recognises a retry under an exact revision or NO_STREAM after the stream moved on, and leaves the verdict to the server', async () => {
      const { cluster, store } = setup();
      const events = [newEvent(), newEvent()];
      const first = await store.appendToStream('s', events, { expectedRevision: STREAM_DOES_NOT_EXIST });
      const later = await store.appendToStream('s', [newEvent()], { expectedRevision: 1n });
      expect(await store.appendToStream('s', events, { expectedRevision: STREAM_DOES_NOT_EXIST })).toEqual(first);
      // Not where 0 would have put them: a conflict, decided before anything is sent.
      await expect(store.appendToStream('s', events, { expectedRevision: 0n })).rejects.toBeInstanceOf(ExpectedVersionConflictError);
      expect(cluster.log).toHaveLength(3);
      expect(later.nextExpectedRevision).toBe(2n);
    });

    it('writes metadata with $correlationId and $causationId, and reads back exactly the metadata it was given', async () => {
      const { cluster, store } = setup();
      const event = newEvent('ActionAssigned', { action: 'Open a frailty clinic', due: '2026-03-31' });
      const result = await store.appendToStream('actions-1', [event], { expectedRevision: STREAM_DOES_NOT_EXIST });

      const chained = { ...metadata, hash: eventHash({ ...event, streamId: 'actions-1', streamRevision: 0n }, null), previousHash: null };
      expect(cluster.appendCalls[0]!.events[0]!.metadata).toEqual({ ...chained, $correlationId: 'correlation-9', $causationId: 'causation-9' });
      const [stored] = await store.readStream('actions-1');
      expect(stored).toEqual({
        id: event.id,
        streamId: 'actions-1',
        streamRevision: 0n,
        position: result.position,
        type: 'ActionAssigned',
        data: { action: 'Open a frailty clinic', due: '2026-03-31' },
        metadata: chained,
        recordedAt: expect.any(Date),
      });
    });

    it('turns WrongExpectedVersionError into ExpectedVersionConflictError with the current revision as a bigint', async () => {
      const { store } = setup();
      await store.appendToStream('s', [newEvent(), newEvent()], { expectedRevision: STREAM_DOES_NOT_EXIST });

      const stale = store.appendToStream('s', [newEvent()], { expectedRevision: 0n });
      await expect(stale).rejects.toBeInstanceOf(ExpectedVersionConflictError);
      await expect(stale).rejects.toMatchObject({ streamId: 's', expected: 0n, actual: 1n });
      await expect(store.appendToStream('s', [newEvent()], { expectedRevision: STREAM_DOES_NOT_EXIST })).rejects.toMatchObject({
        expected: STREAM_DOES_NOT_EXIST,
        actual: 1n,
      });
    });

    it('reports a missing stream as actual null', async () => {
      const { store } = setup();
      const conflict = store.appendToStream('missing', [newEvent()], { expectedRevision: STREAM_EXISTS });
      await expect(conflict).rejects.toBeInstanceOf(ExpectedVersionConflictError);
      await expect(conflict).rejects.toMatchObject({ streamId: 'missing', expected: STREAM_EXISTS, actual: null });
    });

    it('reports a failed append as a conflict when the client is set not to throw (throwOnAppendFailure=false)', async () => {
      const { cluster, client, store } = setup();
      client.appendToStream = async () => ({ success: false, nextExpectedRevision: -1n, position: undefined });
      const missing = store.appendToStream('s', [newEvent()], { expectedRevision: STREAM_EXISTS });
      await expect(missing).rejects.toBeInstanceOf(ExpectedVersionConflictError);
      await expect(missing).rejects.toMatchObject({ actual: null });
      cluster.seed('s', 'Seeded', 3);
      client.appendToStream = async () => ({ success: false, nextExpectedRevision: 4n, position: undefined });
      await expect(store.appendToStream('s', [newEvent()], { expectedRevision: 2n })).rejects.toMatchObject({ actual: 4n });
    });

    it('passes other client errors through unchanged and refuses an empty append', async () => {
      const { cluster, store } = setup();
      cluster.unreachable = true;
      await expect(store.appendToStream('s', [newEvent()], { expectedRevision: ANY })).rejects.toBeInstanceOf(UnavailableError);
      await expect(store.appendToStream('s', [], { expectedRevision: ANY })).rejects.toThrow('Nothing to append to s');
    });
  });

  describe('reading streams', () => {
    it('reads a missing stream (StreamNotFoundError) as empty, forwards and backwards', async () => {
      const { store } = setup();
      expect(await store.readStream('missing')).toEqual([]);
      expect(await store.readStream('missing', { direction: 'backwards' })).toEqual([]);
    });

    it('rethrows any other read error once its retries are spent', async () => {
      const { cluster, store } = setup();
      cluster.unreachable = true;
      await expect(store.readStream('s')).rejects.toBeInstanceOf(UnavailableError);
      expect(cluster.readStreamCalls).toHaveLength(3);
    });

    it('reads forwards and backwards with an inclusive fromRevision and maxCount', async () => {
      const { cluster, store } = setup();
      await store.appendToStream('s', [newEvent(), newEvent(), newEvent(), newEvent()], { expectedRevision: STREAM_DOES_NOT_EXIST });
      const revisions = (events: RecordedEvent[]) => events.map((event) => event.streamRevision);

      expect(revisions(await store.readStream('s'))).toEqual([0n, 1n, 2n, 3n]);
      expect(revisions(await store.readStream('s', { direction: 'backwards' }))).toEqual([3n, 2n, 1n, 0n]);
      expect(revisions(await store.readStream('s', { fromRevision: 1n, maxCount: 2 }))).toEqual([1n, 2n]);
      expect(revisions(await store.readStream('s', { direction: 'backwards', fromRevision: 2n, maxCount: 2 }))).toEqual([2n, 1n]);

      expect(cluster.readStreamCalls.slice(-4).map((call) => call.options)).toEqual([
        { direction: 'forwards', fromRevision: START, requiresLeader: true },
        { direction: 'backwards', fromRevision: END, requiresLeader: true },
        { direction: 'forwards', fromRevision: 1n, maxCount: 2, requiresLeader: true },
        { direction: 'backwards', fromRevision: 2n, maxCount: 2, requiresLeader: true },
      ]);
    });
  });

  describe('positions', () => {
    it('carries revisions, commit and prepare above 2^53 without loss', async () => {
      const { cluster, store } = setup();
      const huge = { commit: BIG + 3n, prepare: BIG + 1n };
      cluster.log.push({
        streamId: 'big',
        id: 'big-1',
        isJson: true,
        revision: BIG + 7n,
        type: 'CommitmentMade',
        created: new Date(0),
        data: {},
        metadata: { ...metadata },
        position: huge,
      });

      const [event] = await store.readStream('big');
      expect(event!.streamRevision).toBe(BIG + 7n);
      expect(event!.position).toBe('1152921504606846979/1152921504606846977');

      await store.readAll({ after: event!.position });
      expect(cluster.readAllCalls[cluster.readAllCalls.length - 1]!.fromPosition).toEqual(huge);
    });

    it('orders by commit, then by prepare, where Number() would see equal values', () => {
      const { store } = setup();
      const at = (commit: bigint, prepare: bigint) => positionString({ commit, prepare });
      expect(Number(BIG)).toBe(Number(BIG + 1n));

      expect(store.comparePositions(at(BIG, BIG), at(BIG + 1n, BIG))).toBe(-1);
      expect(store.comparePositions(at(BIG + 1n, BIG), at(BIG, BIG + 5n))).toBe(1);
      expect(store.comparePositions(at(BIG, BIG), at(BIG, BIG + 1n))).toBe(-1);
      expect(store.comparePositions(at(BIG, BIG + 1n), at(BIG, BIG))).toBe(1);
      expect(store.comparePositions(at(BIG, BIG), at(BIG, BIG))).toBe(0);
    });

    it('gives the events of one append (one commit) distinct, ordered positions', async () => {
      const { store } = setup();
      const result = await store.appendToStream('s', [newEvent(), newEvent(), newEvent()], { expectedRevision: STREAM_DOES_NOT_EXIST });
      const positions = (await store.readStream('s')).map((event) => event.position);

      expect(new Set(positions.map((position) => position.split('/')[0])).size).toBe(1);
      expect(store.comparePositions(positions[0]!, positions[1]!)).toBe(-1);
      expect(store.comparePositions(positions[1]!, positions[2]!)).toBe(-1);
      expect(result.position).toBe(positions[2]);
    });

    it('rejects a position that is not one of ours', () => {
      const { store } = setup();
      expect(() => store.comparePositions('42' as Position, '1/1' as Position)).toThrow('Not an EventStoreDB position: 42');
    });
  });

  describe('reading $all', () => {
    async function seeded() {
      const fixture = setup({ readPageSize: 3 });
      const { cluster, store } = fixture;
      const a = await store.appendToStream('a', [newEvent()], { expectedRevision: STREAM_DOES_NOT_EXIST });
      cluster.seed('$stats-127.0.0.1:2113', '$statsCollected');
      await store.appendToStream('b', [newEvent(), newEvent()], { expectedRevision: STREAM_DOES_NOT_EXIST });
      cluster.seed('$custom', 'Whatever');
      // A link in one of our streams: its `$>` type marks it as the server's.
      cluster.seed('a', '$>');
      await store.appendToStream('a', [newEvent()], { expectedRevision: 1n });
      return { ...fixture, first: a.position };
    }

    it('drops system events ($-prefixed type or stream) and pages through the log', async () => {
      const { cluster, store } = await seeded();
      const all = await store.readAll();

      expect(all.map((event) => [event.streamId, event.streamRevision])).toEqual([
        ['a', 0n],
        ['b', 0n],
        ['b', 1n],
        ['a', 2n],
      ]);
      expect(cluster.readAllCalls.length).toBeGreaterThan(1);
      expect(cluster.readAllCalls.every((call) => call.maxCount === 3 && call.direction === 'forwards')).toBe(true);
      expect(cluster.readAllCalls[0]!.fromPosition).toBe(START);
    });

    it('reads strictly after the given position and stops at maxCount', async () => {
      const { store, first } = await seeded();
      const after = await store.readAll({ after: first });
      expect(after.map((event) => [event.streamId, event.streamRevision])).toEqual([
        ['b', 0n],
        ['b', 1n],
        ['a', 2n],
      ]);
      expect((await store.readAll({ after: first, maxCount: 2 })).map((event) => event.streamRevision)).toEqual([0n, 1n]);
      expect(await store.readAll({ maxCount: 0 })).toEqual([]);
    });

    it('finds the head past system events at the tail, and null when there is no event of ours', async () => {
      const { cluster, store } = await seeded();
      const [last] = await store.readStream('a', { direction: 'backwards', maxCount: 1 });
      cluster.seed('$stats-127.0.0.1:2113', '$statsCollected', 4);

      const callsBefore = cluster.readAllCalls.length;
      expect(await store.headPosition()).toBe(last!.position);
      const calls = cluster.readAllCalls.slice(callsBefore);
      expect(calls.every((call) => call.direction === 'backwards')).toBe(true);
      expect(calls.map((call) => call.maxCount)).toEqual([1, 3, 3]);
      expect(calls[0]!.fromPosition).toBe(END);

      const empty = setup();
      expect(await empty.store.headPosition()).toBeNull();
      empty.cluster.seed('$stats-127.0.0.1:2113', '$statsCollected', 5);
      expect(await empty.store.headPosition()).toBeNull();
    });

    it('counts the events of ours after a position', async () => {
      const { store, first } = await seeded();
      expect(await store.countEventsAfter()).toBe(4);
      expect(await store.countEventsAfter(first)).toBe(3);
      expect(await store.countEventsAfter((await store.headPosition())!)).toBe(0);
    });

    it('counts up to a bound, reading no more events than it', async () => {
      const { cluster, store } = await seeded();
      const callsBefore = cluster.readAllCalls.length;
      expect(await store.countEventsAfter(undefined, 2)).toBe(2);
      const calls = cluster.readAllCalls.slice(callsBefore);
      // Pages of the bound, not of readPageSize (3); the second page replaces a system event.
      expect(calls.map((call) => call.maxCount)).toEqual([2, 2]);
      expect(await store.countEventsAfter(undefined, 10)).toBe(4);
      expect(await store.countEventsAfter(undefined, 0)).toBe(0);
    });

    it('pings with a cheap read and rejects when the server cannot be reached', async () => {
      const { cluster, store } = setup();
      await expect(store.ping()).resolves.toBeUndefined();
      expect(cluster.readAllCalls[0]).toMatchObject({ maxCount: 1 });
      cluster.unreachable = true;
      await expect(store.ping()).rejects.toBeInstanceOf(UnavailableError);
    });
  });

  describe('subscribing to $all', () => {
    it('subscribes with the server-side system-event filter and hands out every later event once, in order', async () => {
      const { cluster, store } = setup();
      const first = await store.appendToStream('a', [newEvent()], { expectedRevision: STREAM_DOES_NOT_EXIST });
      const later = [newEvent(), newEvent(), newEvent()];
      await store.appendToStream('b', later.slice(0, 2), { expectedRevision: STREAM_DOES_NOT_EXIST });
      cluster.seed('$stats-127.0.0.1:2113', '$statsCollected');
      cluster.seed('$custom', 'Whatever');
      await store.appendToStream('a', later.slice(2), { expectedRevision: 0n });

      const { seen } = await subscribe(store, { after: first.position, count: 3 });

      expect(cluster.subscriptions[0]!.options.filter).toEqual(excludeSystemEvents());
      expect(cluster.subscriptions[0]!.options.fromPosition).toEqual({ commit: BIG + 1000n, prepare: BIG + 1000n });
      expect(seen.map((event) => event.id)).toEqual(later.map((event) => event.id));
    });

    it('starts at the beginning of the log when no position is given', async () => {
      const { cluster, store } = setup();
      const event = newEvent();
      await store.appendToStream('a', [event], { expectedRevision: STREAM_DOES_NOT_EXIST });
      const { seen } = await subscribe(store, { count: 1 });
      expect(cluster.subscriptions[0]!.options.fromPosition).toBe(START);
      expect(seen.map((e) => e.id)).toEqual([event.id]);
    });

    it('batches what is already available up to maxBatchSize, then flushes live events as they come', async () => {
      const { store } = setup();
      const caughtUp = Array.from({ length: 5 }, () => newEvent());
      await store.appendToStream('a', caughtUp, { expectedRevision: STREAM_DOES_NOT_EXIST });
      const live = newEvent();

      const { batches } = await subscribe(store, {
        maxBatchSize: 2,
        count: 6,
        onBatch: async (_batch, seen) => {
          if (seen.length === 5) await store.appendToStream('a', [live], { expectedRevision: 4n });
        },
      });
      expect(batches.map((batch) => batch.length)).toEqual([2, 2, 1, 1]);

    });

    it('keeps gathering while events arrive back to back, and flushes once the stream goes quiet', async () => {
      const { cluster, store } = setup();
      const backlog = Array.from({ length: 5 }, () => newEvent());
      await store.appendToStream('a', backlog, { expectedRevision: STREAM_DOES_NOT_EXIST });
      cluster.trickle = true;
      cluster.emitsCaughtUp = false;
      const live = newEvent();

      const { batches } = await subscribe(store, {
        maxBatchSize: 100,
        count: 6,
        onBatch: () => store.appendToStream('a', [live], { expectedRevision: 4n }).then(() => undefined),
      });
      expect(batches.map((batch) => batch.length)).toEqual([5, 1]);
    });

    it('resumes after a drop from the last delivered position: no gap, no duplicate, one log line', async () => {
      const { cluster, logger, store } = setup();
      const before = [newEvent(), newEvent(), newEvent()];
      await store.appendToStream('a', before, { expectedRevision: STREAM_DOES_NOT_EXIST });
      const during = [newEvent(), newEvent()];
      const after = newEvent();

      const { seen } = await subscribe(store, {
        count: 6,
        onBatch: async (_batch, seen) => {
          if (seen.length === 3) {
            // The server goes away in the middle of a burst of appends.
            await store.appendToStream('b', [during[0]!], { expectedRevision: STREAM_DOES_NOT_EXIST });
            cluster.dropSubscriptions();
            await store.appendToStream('b', [during[1]!], { expectedRevision: 0n });
          }
          if (seen.length === 5) await store.appendToStream('a', [after], { expectedRevision: 2n });
        },
      });

      expect(seen.map((event) => event.id)).toEqual([...before, ...during, after].map((event) => event.id));
      expect(cluster.subscriptions).toHaveLength(2);
      const resumedFrom = positionString(cluster.subscriptions[1]!.options.fromPosition as EsdbPosition);
      expect(seen.some((event) => event.position === resumedFrom)).toBe(true);
      expect(cluster.subscriptions[1]!.options.filter).toEqual(excludeSystemEvents());
      expect(cluster.subscriptions[0]!.unsubscribed).toBe(true);
      expect(logger.lines).toEqual([{ level: 'warn', message: expect.stringContaining('Connection dropped') }]);
      expect(logger.lines[0]!.message).toContain('in 1 ms');
    });

    it('resubscribes exactly from the last delivered event when events were delivered before the drop', async () => {
      const { cluster, store } = setup();
      const events = [newEvent(), newEvent()];
      await store.appendToStream('a', events, { expectedRevision: STREAM_DOES_NOT_EXIST });
      const next = newEvent();

      const { batches, seen } = await subscribe(store, {
        count: 3,
        onBatch: async () => {
          cluster.dropSubscriptions();
          // Written while no subscription is open; it must come with the catch-up of the next one.
          await store.appendToStream('a', [next], { expectedRevision: 1n });
        },
      });
      expect(batches[0]!.map((event) => event.id)).toEqual(events.map((event) => event.id));
      expect(seen.map((event) => event.id)).toEqual([...events, next].map((event) => event.id));
      expect(positionString(cluster.subscriptions[1]!.options.fromPosition as EsdbPosition)).toBe(batches[0]![1]!.position);
    });

    it('backs off exponentially up to the cap, one log line per reconnect, and starts again from the bottom after recovering', async () => {
      const { cluster, logger, store } = setup({ backoff: { initialDelayMs: 1, maxDelayMs: 4 } });
      const first = newEvent();
      const second = newEvent();
      await store.appendToStream('a', [first], { expectedRevision: STREAM_DOES_NOT_EXIST });
      failingSubscriptions(cluster, 5);
      // Without the caught-up signal, only the delivered batch shows the subscription recovered.
      cluster.emitsCaughtUp = false;

      const { seen } = await subscribe(store, {
        count: 2,
        onBatch: async () => {
          expect(cluster.subscriptions).toHaveLength(6);
          failingSubscriptions(cluster, 1);
          cluster.dropSubscriptions();
          await store.appendToStream('a', [second], { expectedRevision: 0n });
        },
      });

      expect(seen.map((event) => event.id)).toEqual([first.id, second.id]);
      expect(logger.lines.every((line) => line.level === 'warn')).toBe(true);
      expect(logger.lines.map((line) => /in (\d+) ms/.exec(line.message)![1])).toEqual(['1', '2', '4', '4', '4', '1', '2']);
      expect(cluster.subscriptions).toHaveLength(8);
    });

    it('starts the back-off from the bottom once a resubscription caught up, even with nothing to deliver', async () => {
      const { cluster, logger, store } = setup({ backoff: { initialDelayMs: 1, maxDelayMs: 4 } });
      failingSubscriptions(cluster, 2);
      const controller = new AbortController();
      const done = (async () => {
        for await (const _batch of store.subscribeToAll({ signal: controller.signal })) void _batch;
      })();
      await until(() => cluster.subscriptions.length === 3);
      // Let the third subscription report that it caught up before it drops.
      await new Promise((resolve) => setTimeout(resolve, 5));
      cluster.dropSubscriptions();
      await until(() => cluster.subscriptions.length === 4);
      controller.abort();
      await done;

      expect(logger.lines.map((line) => /in (\d+) ms/.exec(line.message)![1])).toEqual(['1', '2', '1']);
    });

    it('ends the iterable and unsubscribes when the signal aborts while waiting for live events', async () => {
      const { cluster, store } = setup();
      const controller = new AbortController();
      const batches: RecordedEvent[][] = [];
      const done = (async () => {
        for await (const batch of store.subscribeToAll({ signal: controller.signal })) batches.push(batch);
      })();
      await until(() => cluster.subscriptions.length === 1);
      controller.abort();
      await done;

      expect(batches).toEqual([]);
      expect(cluster.subscriptions[0]!.unsubscribed).toBe(true);
      expect(cluster.openSubscriptions).toHaveLength(0);
    });

    it('stops waiting out a back-off when the signal aborts', async () => {
      const { cluster, logger, store } = setup({ backoff: { initialDelayMs: 60_000, maxDelayMs: 60_000 } });
      failingSubscriptions(cluster, 1);
      const controller = new AbortController();
      const started = Date.now();
      const done = (async () => {
        for await (const _batch of store.subscribeToAll({ signal: controller.signal })) void _batch;
      })();
      await until(() => logger.lines.length === 1);
      controller.abort();
      await done;

      expect(Date.now() - started).toBeLessThan(1000);
      expect(cluster.subscriptions).toHaveLength(1);
    });

    it('yields nothing for an already aborted signal', async () => {
      const { cluster, store } = setup();
      const controller = new AbortController();
      controller.abort();
      for await (const _batch of store.subscribeToAll({ signal: controller.signal })) throw new Error('should not yield');
      expect(cluster.subscriptions).toHaveLength(0);
    });

    it('close ends live subscriptions and disposes the client', async () => {
      const { cluster, client, store } = setup();
      const controller = new AbortController();
      const done = (async () => {
        for await (const _batch of store.subscribeToAll({ signal: controller.signal })) void _batch;
      })();
      await until(() => cluster.subscriptions.length === 1);
      await store.close();
      await done;

      expect(client.disposed).toBe(true);
      expect(cluster.subscriptions[0]!.unsubscribed).toBe(true);
    });
  });

  describe('fromConnectionString', () => {
    it('names ESDB_CONNECTION_STRING and says why when the string does not parse', () => {
      expect(() => EventStoreDbEventStore.fromConnectionString('http://localhost:2113')).toThrow(
        /^ESDB_CONNECTION_STRING is not a valid EventStoreDB connection string: .*expected esdb:\/\/ or esdb\+discover:\/\//,
      );
      expect(() => EventStoreDbEventStore.fromConnectionString('')).toThrow(/ESDB_CONNECTION_STRING/);
    });

    it('builds a store on a real client for a valid string without connecting', async () => {
      const store = EventStoreDbEventStore.fromConnectionString('esdb://localhost:2113?tls=false');
      expect(store.kind).toBe('eventstoredb');
      await store.close();
    });
  });
});
