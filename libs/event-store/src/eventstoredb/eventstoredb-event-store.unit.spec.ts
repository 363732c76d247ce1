import { describe, expect, it } from '@jest/globals';
import {
  END,
  START,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  type AllStreamRecordedEvent,
  type AllStreamResolvedEvent,
  type AppendResult as EsdbAppendResult,
  type AppendToStreamOptions,
  type CurrentRevision,
  type JSONEventData,
  type Position as EsdbPosition,
  type ReadAllOptions as EsdbReadAllOptions,
  type ReadStreamOptions as EsdbReadStreamOptions,
  type SubscribeToAllOptions,
} from '@eventstore/db-client';
import { PassThrough, Readable } from 'node:stream';
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
import {
  EventStoreDbEventStore,
  type EventStoreDbClient,
  type EventStoreDbEventStoreOptions,
  type EventStoreDbSubscription,
} from './eventstoredb-event-store.js';
import { metadata, newEvent } from './testing/fixtures.js';

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

class FakeSubscription extends PassThrough implements EventStoreDbSubscription {
  unsubscribed = false;
  /** Dropped by the server: nothing more arrives on it. */
  dead = false;
  cursor: EsdbPosition | undefined;

  constructor(readonly options: SubscribeToAllOptions) {
    super({ objectMode: true });
    this.cursor = options.fromPosition === START || options.fromPosition === undefined ? undefined : (options.fromPosition as EsdbPosition);
  }

  /** Mirrors the server's event-type regex filter. */
  accepts(event: AllStreamRecordedEvent) {
    const filter = this.options.filter;
    return !filter || !('regex' in filter) || new RegExp(filter.regex).test(event.type);
  }

  async unsubscribe() {
    this.unsubscribed = true;
    this.end();
  }
}

function compare(a: EsdbPosition, b: EsdbPosition) {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  return a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;
}

/** Just enough of EventStoreDB, behind the client methods the adapter uses. */
class FakeEventStoreDb implements EventStoreDbClient {
  readonly log: AllStreamRecordedEvent[] = [];
  readonly appendCalls: { streamName: string; events: JSONEventData[]; options: AppendToStreamOptions }[] = [];
  readonly readStreamCalls: { streamName: string; options: EsdbReadStreamOptions }[] = [];
  readonly readAllCalls: EsdbReadAllOptions[] = [];
  readonly subscriptions: FakeSubscription[] = [];
  /** This many next subscriptions fail at once, as when the server cannot be reached. */
  failingSubscriptions = 0;
  /** Servers before 23.10 never say they caught up. */
  emitsCaughtUp = true;
  /** Hand catch-up events over one per event-loop turn, as gRPC messages arriving back to back do. */
  trickle = false;
  unreachable = false;
  disposed = false;
  private nextCommit = BIG;

  /** Writes as another writer (or the server itself) would, bypassing the adapter. */
  seed(streamId: string, type: string, count = 1) {
    return this.write(
      streamId,
      Array.from({ length: count }, (_, i) => ({
        id: `seed-${this.log.length + i}`,
        contentType: 'application/json' as const,
        type,
        data: { seeded: true },
        metadata: undefined,
      })),
    );
  }

  async appendToStream(streamName: string, events: JSONEventData[], options: AppendToStreamOptions): Promise<EsdbAppendResult> {
    this.appendCalls.push({ streamName, events, options });
    if (this.unreachable) throw new UnavailableError(undefined, '14 UNAVAILABLE: No connection established');
    const stream = this.log.filter((event) => event.streamId === streamName);
    const known = stream.find((event) => event.id === events[0]!.id);
    if (known) {
      // The protocol lets a success come without a position; answering retries that way covers the adapter's fallback.
      const last = stream.find((event) => event.id === events[events.length - 1]!.id)!;
      return { success: true, nextExpectedRevision: last.revision, position: undefined };
    }
    const current: CurrentRevision = stream.length === 0 ? 'no_stream' : stream[stream.length - 1]!.revision;
    const expected = options.expectedRevision ?? 'any';
    const matches =
      expected === 'any' ||
      (expected === 'no_stream' && current === 'no_stream') ||
      (expected === 'stream_exists' && current !== 'no_stream') ||
      expected === current;
    if (!matches) throw new WrongExpectedVersionError(undefined, { streamName, expected, current });
    const written = this.write(streamName, events);
    const last = written[written.length - 1]!;
    return { success: true, nextExpectedRevision: last.revision, position: last.position };
  }

  private write(streamName: string, events: JSONEventData[]) {
    const stream = this.log.filter((event) => event.streamId === streamName);
    let revision = stream.length === 0 ? 0n : stream[stream.length - 1]!.revision + 1n;
    // One commit per append, one prepare per event, all above 2^53.
    const commit = (this.nextCommit += 1000n);
    const written = events.map(
      (event, index): AllStreamRecordedEvent => ({
        streamId: streamName,
        id: event.id,
        isJson: true,
        revision: revision++,
        type: event.type,
        created: new Date(),
        // Through JSON, as over the wire.
        data: JSON.parse(JSON.stringify(event.data)),
        metadata: event.metadata === undefined ? undefined : JSON.parse(JSON.stringify(event.metadata)),
        position: { commit, prepare: commit - BigInt(events.length - 1 - index) },
      }),
    );
    this.log.push(...written);
    for (const subscription of this.subscriptions) this.deliver(subscription, written);
    return written;
  }

  private deliver(subscription: FakeSubscription, events: AllStreamRecordedEvent[]) {
    if (subscription.unsubscribed || subscription.dead) return;
    for (const event of events) {
      if (subscription.cursor && compare(event.position, subscription.cursor) <= 0) continue;
      subscription.cursor = event.position;
      if (subscription.accepts(event)) subscription.write({ event, commitPosition: event.position.commit } satisfies AllStreamResolvedEvent);
    }
  }

  readStream(streamName: string, options: EsdbReadStreamOptions) {
    this.readStreamCalls.push({ streamName, options });
    const stream = this.log.filter((event) => event.streamId === streamName);
    if (stream.length === 0) return failing(new StreamNotFoundError(undefined, streamName));
    const from = options.fromRevision;
    const selected =
      options.direction === 'backwards'
        ? stream.filter((event) => from === END || from === undefined || event.revision <= (from as bigint)).reverse()
        : stream.filter((event) => from === START || from === undefined || event.revision >= (from as bigint));
    return Readable.from(selected.slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER)).map((event) => ({ event })));
  }

  readAll(options: EsdbReadAllOptions) {
    this.readAllCalls.push(options);
    if (this.unreachable) return failing(new UnavailableError(undefined, '14 UNAVAILABLE: No connection established'));
    const from = options.fromPosition;
    // Like the server: forwards includes the event at the position, backwards starts before it.
    const selected =
      options.direction === 'backwards'
        ? this.log.filter((event) => from === END || from === undefined || compare(event.position, from as EsdbPosition) < 0).reverse()
        : this.log.filter((event) => from === START || from === undefined || compare(event.position, from as EsdbPosition) >= 0);
    return Readable.from(selected.slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER)).map((event) => ({ event })));
  }

  subscribeToAll(options: SubscribeToAllOptions) {
    const subscription = new FakeSubscription(options);
    this.subscriptions.push(subscription);
    if (this.failingSubscriptions > 0) {
      this.failingSubscriptions--;
      subscription.dead = true;
      process.nextTick(() => subscription.emit('error', new UnavailableError(undefined, '14 UNAVAILABLE: Connection dropped')));
      return subscription;
    }
    const caughtUp = () => {
      if (this.emitsCaughtUp) subscription.emit('caughtUp');
    };
    if (!this.trickle) {
      this.deliver(subscription, this.log);
      setImmediate(caughtUp);
      return subscription;
    }
    const backlog = [...this.log];
    const step = (index: number) => {
      if (index === backlog.length) return caughtUp();
      this.deliver(subscription, [backlog[index]!]);
      setImmediate(() => step(index + 1));
    };
    setImmediate(() => step(0));
    return subscription;
  }

  /** The server goes away: every open subscription errors, as the client reports it. */
  dropSubscriptions() {
    for (const subscription of this.subscriptions) {
      if (subscription.unsubscribed || subscription.dead) continue;
      subscription.dead = true;
      subscription.emit('error', new UnavailableError(undefined, '14 UNAVAILABLE: Connection dropped'));
    }
  }

  get openSubscriptions() {
    return this.subscriptions.filter((subscription) => !subscription.unsubscribed);
  }

  async dispose() {
    this.disposed = true;
  }
}

function failing(error: Error) {
  return new Readable({
    objectMode: true,
    read() {
      this.destroy(error);
    },
  });
}

function recordingLogger() {
  const lines: { level: 'log' | 'warn'; message: string }[] = [];
  return {
    lines,
    log: (message: string) => void lines.push({ level: 'log', message }),
    warn: (message: string) => void lines.push({ level: 'warn', message }),
  };
}

function setup(options: EventStoreDbEventStoreOptions = {}) {
  const client = new FakeEventStoreDb();
  const logger = recordingLogger();
  const store = new EventStoreDbEventStore(client, { logger, backoff: { initialDelayMs: 1, maxDelayMs: 4 }, ...options });
  return { client, logger, store };
}

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
      const { client, store } = setup();
      await store.appendToStream('s', [newEvent()], { expectedRevision: STREAM_DOES_NOT_EXIST });
      await store.appendToStream('s', [newEvent()], { expectedRevision: STREAM_EXISTS });
      await store.appendToStream('s', [newEvent()], { expectedRevision: ANY });
      const exact = await store.appendToStream('s', [newEvent()], { expectedRevision: 2n });

      expect(client.appendCalls.map((call) => call.options.expectedRevision)).toEqual(['no_stream', 0n, 1n, 2n]);
      expect(typeof client.appendCalls[3]!.options.expectedRevision).toBe('bigint');
      expect(exact.nextExpectedRevision).toBe(3n);
      const chain = client.log.map((event) => event.metadata as { hash: string; previousHash: string | null });
      expect(chain.map((metadata) => metadata.previousHash)).toEqual([null, ...chain.slice(0, -1).map((metadata) => metadata.hash)]);
      expect(verifyChains(await store.readAll()).broken).toBeNull();
    });

    it('retries an ANY append that lost the race to another writer, chaining it to the new tip', async () => {
      const { client, store } = setup();
      await store.appendToStream('s', [newEvent()], { expectedRevision: STREAM_DOES_NOT_EXIST });
      const append = client.appendToStream.bind(client);
      let raced = false;
      client.appendToStream = async (streamName, events, options) => {
        if (!raced) {
          raced = true;
          // Another process appends between our read of the tip and our write.
          await append(streamName, chainEvents([{ ...newEvent(), streamId: 's' }], 1n, (client.log[0]!.metadata as { hash: string }).hash).map(toJsonEvent), { expectedRevision: 0n });
        }
        return append(streamName, events, options);
      };
      const result = await store.appendToStream('s', [newEvent()], { expectedRevision: ANY });

      expect(result.nextExpectedRevision).toBe(2n);
      expect(client.appendCalls.map((call) => call.options.expectedRevision)).toEqual(['no_stream', 0n, 0n, 1n]);
      const [, racer, ours] = client.log.map((event) => event.metadata as { hash: string; previousHash: string | null });
      expect(ours!.previousHash).toBe(racer!.hash);
    });

    it('passes our event ids to the server, so a retried append is acknowledged without a duplicate', async () => {
      const { client, store } = setup();
      const events = [newEvent(), newEvent()];
      const first = await store.appendToStream('s', events, { expectedRevision: STREAM_DOES_NOT_EXIST });
      const retried = await store.appendToStream('s', events, { expectedRevision: STREAM_DOES_NOT_EXIST });

      expect(client.appendCalls[0]!.events.map((event) => event.id)).toEqual(events.map((event) => event.id));
      expect(client.appendCalls[0]!.events.every((event) => event.contentType === 'application/json')).toBe(true);
      // The fake acknowledged the retry without a position; the adapter read it from the event the first attempt wrote.
      expect(retried).toEqual(first);
      expect(client.log).toHaveLength(2);
    });

    it('recognises a retry under an exact revision or NO_STREAM after the stream moved on, and leaves the verdict to the server', async () => {
      const { client, store } = setup();
      const events = [newEvent(), newEvent()];
      const first = await store.appendToStream('s', events, { expectedRevision: STREAM_DOES_NOT_EXIST });
      const later = await store.appendToStream('s', [newEvent()], { expectedRevision: 1n });
      expect(await store.appendToStream('s', events, { expectedRevision: STREAM_DOES_NOT_EXIST })).toEqual(first);
      // Not where 0 would have put them: a conflict, decided before anything is sent.
      await expect(store.appendToStream('s', events, { expectedRevision: 0n })).rejects.toBeInstanceOf(ExpectedVersionConflictError);
      expect(client.log).toHaveLength(3);
      expect(later.nextExpectedRevision).toBe(2n);
    });

    it('writes metadata with $correlationId and $causationId, and reads back exactly the metadata it was given', async () => {
      const { client, store } = setup();
      const event = newEvent('ActionAssigned', { action: 'Open a frailty clinic', due: '2026-03-31' });
      const result = await store.appendToStream('actions-1', [event], { expectedRevision: STREAM_DOES_NOT_EXIST });

      const chained = { ...metadata, hash: eventHash({ ...event, streamId: 'actions-1', streamRevision: 0n }, null), previousHash: null };
      expect(client.appendCalls[0]!.events[0]!.metadata).toEqual({ ...chained, $correlationId: 'correlation-9', $causationId: 'causation-9' });
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
      const { client, store } = setup();
      client.appendToStream = async () => ({ success: false, nextExpectedRevision: -1n, position: undefined });
      const missing = store.appendToStream('s', [newEvent()], { expectedRevision: STREAM_EXISTS });
      await expect(missing).rejects.toBeInstanceOf(ExpectedVersionConflictError);
      await expect(missing).rejects.toMatchObject({ actual: null });
      client.seed('s', 'Seeded', 3);
      client.appendToStream = async () => ({ success: false, nextExpectedRevision: 4n, position: undefined });
      await expect(store.appendToStream('s', [newEvent()], { expectedRevision: 2n })).rejects.toMatchObject({ actual: 4n });
    });

    it('passes other client errors through unchanged and refuses an empty append', async () => {
      const { client, store } = setup();
      client.unreachable = true;
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

    it('rethrows any other read error', async () => {
      const { client, store } = setup();
      client.readStream = () => failing(new UnavailableError(undefined, 'down'));
      await expect(store.readStream('s')).rejects.toBeInstanceOf(UnavailableError);
    });

    it('reads forwards and backwards with an inclusive fromRevision and maxCount', async () => {
      const { client, store } = setup();
      await store.appendToStream('s', [newEvent(), newEvent(), newEvent(), newEvent()], { expectedRevision: STREAM_DOES_NOT_EXIST });
      const revisions = (events: RecordedEvent[]) => events.map((event) => event.streamRevision);

      expect(revisions(await store.readStream('s'))).toEqual([0n, 1n, 2n, 3n]);
      expect(revisions(await store.readStream('s', { direction: 'backwards' }))).toEqual([3n, 2n, 1n, 0n]);
      expect(revisions(await store.readStream('s', { fromRevision: 1n, maxCount: 2 }))).toEqual([1n, 2n]);
      expect(revisions(await store.readStream('s', { direction: 'backwards', fromRevision: 2n, maxCount: 2 }))).toEqual([2n, 1n]);

      expect(client.readStreamCalls.slice(-4).map((call) => call.options)).toEqual([
        { direction: 'forwards', fromRevision: START, requiresLeader: true },
        { direction: 'backwards', fromRevision: END, requiresLeader: true },
        { direction: 'forwards', fromRevision: 1n, maxCount: 2, requiresLeader: true },
        { direction: 'backwards', fromRevision: 2n, maxCount: 2, requiresLeader: true },
      ]);
    });
  });

  describe('positions', () => {
    it('carries revisions, commit and prepare above 2^53 without loss', async () => {
      const { client, store } = setup();
      const huge = { commit: BIG + 3n, prepare: BIG + 1n };
      client.log.push({
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
      expect(client.readAllCalls[client.readAllCalls.length - 1]!.fromPosition).toEqual(huge);
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
      const { client, store } = fixture;
      const a = await store.appendToStream('a', [newEvent()], { expectedRevision: STREAM_DOES_NOT_EXIST });
      client.seed('$stats-127.0.0.1:2113', '$statsCollected');
      await store.appendToStream('b', [newEvent(), newEvent()], { expectedRevision: STREAM_DOES_NOT_EXIST });
      client.seed('$custom', 'Whatever');
      // A link in one of our streams: its `$>` type marks it as the server's.
      client.seed('a', '$>');
      await store.appendToStream('a', [newEvent()], { expectedRevision: 1n });
      return { ...fixture, first: a.position };
    }

    it('drops system events ($-prefixed type or stream) and pages through the log', async () => {
      const { client, store } = await seeded();
      const all = await store.readAll();

      expect(all.map((event) => [event.streamId, event.streamRevision])).toEqual([
        ['a', 0n],
        ['b', 0n],
        ['b', 1n],
        ['a', 2n],
      ]);
      expect(client.readAllCalls.length).toBeGreaterThan(1);
      expect(client.readAllCalls.every((call) => call.maxCount === 3 && call.direction === 'forwards')).toBe(true);
      expect(client.readAllCalls[0]!.fromPosition).toBe(START);
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
      const { client, store } = await seeded();
      const [last] = await store.readStream('a', { direction: 'backwards', maxCount: 1 });
      client.seed('$stats-127.0.0.1:2113', '$statsCollected', 4);

      const callsBefore = client.readAllCalls.length;
      expect(await store.headPosition()).toBe(last!.position);
      const calls = client.readAllCalls.slice(callsBefore);
      expect(calls.every((call) => call.direction === 'backwards')).toBe(true);
      expect(calls.map((call) => call.maxCount)).toEqual([1, 3, 3]);
      expect(calls[0]!.fromPosition).toBe(END);

      const empty = setup();
      expect(await empty.store.headPosition()).toBeNull();
      empty.client.seed('$stats-127.0.0.1:2113', '$statsCollected', 5);
      expect(await empty.store.headPosition()).toBeNull();
    });

    it('counts the events of ours after a position', async () => {
      const { store, first } = await seeded();
      expect(await store.countEventsAfter()).toBe(4);
      expect(await store.countEventsAfter(first)).toBe(3);
      expect(await store.countEventsAfter((await store.headPosition())!)).toBe(0);
    });

    it('counts up to a bound, reading no more events than it', async () => {
      const { client, store } = await seeded();
      const callsBefore = client.readAllCalls.length;
      expect(await store.countEventsAfter(undefined, 2)).toBe(2);
      const calls = client.readAllCalls.slice(callsBefore);
      // Pages of the bound, not of readPageSize (3); the second page replaces a system event.
      expect(calls.map((call) => call.maxCount)).toEqual([2, 2]);
      expect(await store.countEventsAfter(undefined, 10)).toBe(4);
      expect(await store.countEventsAfter(undefined, 0)).toBe(0);
    });

    it('pings with a cheap read and rejects when the server cannot be reached', async () => {
      const { client, store } = setup();
      await expect(store.ping()).resolves.toBeUndefined();
      expect(client.readAllCalls[0]).toMatchObject({ maxCount: 1 });
      client.unreachable = true;
      await expect(store.ping()).rejects.toBeInstanceOf(UnavailableError);
    });
  });

  describe('subscribing to $all', () => {
    it('subscribes with the server-side system-event filter and hands out every later event once, in order', async () => {
      const { client, store } = setup();
      const first = await store.appendToStream('a', [newEvent()], { expectedRevision: STREAM_DOES_NOT_EXIST });
      const later = [newEvent(), newEvent(), newEvent()];
      await store.appendToStream('b', later.slice(0, 2), { expectedRevision: STREAM_DOES_NOT_EXIST });
      client.seed('$stats-127.0.0.1:2113', '$statsCollected');
      client.seed('$custom', 'Whatever');
      await store.appendToStream('a', later.slice(2), { expectedRevision: 0n });

      const { seen } = await subscribe(store, { after: first.position, count: 3 });

      expect(client.subscriptions[0]!.options.filter).toEqual(excludeSystemEvents());
      expect(client.subscriptions[0]!.options.fromPosition).toEqual({ commit: BIG + 1000n, prepare: BIG + 1000n });
      expect(seen.map((event) => event.id)).toEqual(later.map((event) => event.id));
    });

    it('starts at the beginning of the log when no position is given', async () => {
      const { client, store } = setup();
      const event = newEvent();
      await store.appendToStream('a', [event], { expectedRevision: STREAM_DOES_NOT_EXIST });
      const { seen } = await subscribe(store, { count: 1 });
      expect(client.subscriptions[0]!.options.fromPosition).toBe(START);
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
      const { client, store } = setup();
      const backlog = Array.from({ length: 5 }, () => newEvent());
      await store.appendToStream('a', backlog, { expectedRevision: STREAM_DOES_NOT_EXIST });
      client.trickle = true;
      client.emitsCaughtUp = false;
      const live = newEvent();

      const { batches } = await subscribe(store, {
        maxBatchSize: 100,
        count: 6,
        onBatch: () => store.appendToStream('a', [live], { expectedRevision: 4n }).then(() => undefined),
      });
      expect(batches.map((batch) => batch.length)).toEqual([5, 1]);
    });

    it('resumes after a drop from the last delivered position: no gap, no duplicate, one log line', async () => {
      const { client, logger, store } = setup();
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
            client.dropSubscriptions();
            await store.appendToStream('b', [during[1]!], { expectedRevision: 0n });
          }
          if (seen.length === 5) await store.appendToStream('a', [after], { expectedRevision: 2n });
        },
      });

      expect(seen.map((event) => event.id)).toEqual([...before, ...during, after].map((event) => event.id));
      expect(client.subscriptions).toHaveLength(2);
      const resumedFrom = positionString(client.subscriptions[1]!.options.fromPosition as EsdbPosition);
      expect(seen.some((event) => event.position === resumedFrom)).toBe(true);
      expect(client.subscriptions[1]!.options.filter).toEqual(excludeSystemEvents());
      expect(client.subscriptions[0]!.unsubscribed).toBe(true);
      expect(logger.lines).toEqual([{ level: 'warn', message: expect.stringContaining('Connection dropped') }]);
      expect(logger.lines[0]!.message).toContain('in 1 ms');
    });

    it('resubscribes exactly from the last delivered event when events were delivered before the drop', async () => {
      const { client, store } = setup();
      const events = [newEvent(), newEvent()];
      await store.appendToStream('a', events, { expectedRevision: STREAM_DOES_NOT_EXIST });
      const next = newEvent();

      const { batches, seen } = await subscribe(store, {
        count: 3,
        onBatch: async () => {
          client.dropSubscriptions();
          // Written while no subscription is open; it must come with the catch-up of the next one.
          await store.appendToStream('a', [next], { expectedRevision: 1n });
        },
      });
      expect(batches[0]!.map((event) => event.id)).toEqual(events.map((event) => event.id));
      expect(seen.map((event) => event.id)).toEqual([...events, next].map((event) => event.id));
      expect(positionString(client.subscriptions[1]!.options.fromPosition as EsdbPosition)).toBe(batches[0]![1]!.position);
    });

    it('backs off exponentially up to the cap, one log line per reconnect, and starts again from the bottom after recovering', async () => {
      const { client, logger, store } = setup({ backoff: { initialDelayMs: 1, maxDelayMs: 4 } });
      const first = newEvent();
      const second = newEvent();
      await store.appendToStream('a', [first], { expectedRevision: STREAM_DOES_NOT_EXIST });
      client.failingSubscriptions = 5;
      // Without the caught-up signal, only the delivered batch shows the subscription recovered.
      client.emitsCaughtUp = false;

      const { seen } = await subscribe(store, {
        count: 2,
        onBatch: async () => {
          expect(client.subscriptions).toHaveLength(6);
          client.failingSubscriptions = 1;
          client.dropSubscriptions();
          await store.appendToStream('a', [second], { expectedRevision: 0n });
        },
      });

      expect(seen.map((event) => event.id)).toEqual([first.id, second.id]);
      expect(logger.lines.every((line) => line.level === 'warn')).toBe(true);
      expect(logger.lines.map((line) => /in (\d+) ms/.exec(line.message)![1])).toEqual(['1', '2', '4', '4', '4', '1', '2']);
      expect(client.subscriptions).toHaveLength(8);
    });

    it('starts the back-off from the bottom once a resubscription caught up, even with nothing to deliver', async () => {
      const { client, logger, store } = setup({ backoff: { initialDelayMs: 1, maxDelayMs: 4 } });
      client.failingSubscriptions = 2;
      const controller = new AbortController();
      const done = (async () => {
        for await (const _batch of store.subscribeToAll({ signal: controller.signal })) void _batch;
      })();
      await until(() => client.subscriptions.length === 3);
      // Let the third subscription report that it caught up before it drops.
      await new Promise((resolve) => setTimeout(resolve, 5));
      client.dropSubscriptions();
      await until(() => client.subscriptions.length === 4);
      controller.abort();
      await done;

      expect(logger.lines.map((line) => /in (\d+) ms/.exec(line.message)![1])).toEqual(['1', '2', '1']);
    });

    it('ends the iterable and unsubscribes when the signal aborts while waiting for live events', async () => {
      const { client, store } = setup();
      const controller = new AbortController();
      const batches: RecordedEvent[][] = [];
      const done = (async () => {
        for await (const batch of store.subscribeToAll({ signal: controller.signal })) batches.push(batch);
      })();
      await until(() => client.subscriptions.length === 1);
      controller.abort();
      await done;

      expect(batches).toEqual([]);
      expect(client.subscriptions[0]!.unsubscribed).toBe(true);
      expect(client.openSubscriptions).toHaveLength(0);
    });

    it('stops waiting out a back-off when the signal aborts', async () => {
      const { client, logger, store } = setup({ backoff: { initialDelayMs: 60_000, maxDelayMs: 60_000 } });
      client.failingSubscriptions = 1;
      const controller = new AbortController();
      const started = Date.now();
      const done = (async () => {
        for await (const _batch of store.subscribeToAll({ signal: controller.signal })) void _batch;
      })();
      await until(() => logger.lines.length === 1);
      controller.abort();
      await done;

      expect(Date.now() - started).toBeLessThan(1000);
      expect(client.subscriptions).toHaveLength(1);
    });

    it('yields nothing for an already aborted signal', async () => {
      const { client, store } = setup();
      const controller = new AbortController();
      controller.abort();
      for await (const _batch of store.subscribeToAll({ signal: controller.signal })) throw new Error('should not yield');
      expect(client.subscriptions).toHaveLength(0);
    });

    it('close ends live subscriptions and disposes the client', async () => {
      const { client, store } = setup();
      const controller = new AbortController();
      const done = (async () => {
        for await (const _batch of store.subscribeToAll({ signal: controller.signal })) void _batch;
      })();
      await until(() => client.subscriptions.length === 1);
      await store.close();
      await done;

      expect(client.disposed).toBe(true);
      expect(client.subscriptions[0]!.unsubscribed).toBe(true);
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
