import {
  CancelledError,
  DeadlineExceededError,
  END,
  NotLeaderError,
  START,
  StreamDeletedError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
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
import type { EventStoreDbClient, EventStoreDbSubscription } from '../eventstoredb-event-store.js';

/**
 * Failure modes of the real client 6.2.1 (read from its source, not observed on a cluster):
 * - `poisonedLookup`: discovery fails; the client caches the failed server-features promise, so this and
 *   every later call on the same client rejects with "Failed to discover after N attempts." until the
 *   client is rebuilt (src/Client/index.ts `execute` fetches the connection outside its `try`).
 * - `notLeaderAfterWrite`: the append lands on the leader, then the answer is lost to a leader change and
 *   the caller sees NotLeaderError (the client then reconnects to the new leader).
 * - `unavailable` / `cancelled` / `deadlineExceeded`: the call fails; `landed: true` means the append was
 *   written before the failure reached the caller.
 * - `hang`: the call never answers (a partition). A `deadline` passed to `readStream`/`readAll` does not
 *   help: 6.2.1 builds those calls with `callArguments(baseOptions, { deadline: Infinity })`, and the
 *   explicit Infinity wins over the caller's deadline (src/streams/readStream.ts, readAll.ts). Only the
 *   caller can give up on such a read: `cancel()` it, as the client's `ReadStream` allows, and destroy it.
 *   A hung read is a `HangingRead`, kept in `cluster.hangingReads` so a test can see it was given up on.
 *   Either direction hangs alike (`ping` and `headPosition` read `$all` backwards). Appends do carry the
 *   deadline (default 10 s, `defaultDeadline`) to the server in the batch-append request.
 */
export type EventStoreDbFault =
  | { kind: 'poisonedLookup' }
  | { kind: 'notLeaderAfterWrite' }
  | { kind: 'unavailable' | 'cancelled' | 'deadlineExceeded'; landed?: boolean }
  | { kind: 'hang' };

export type FaultyMethod = 'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll';

export const DISCOVERY_FAILURE = 'Failed to discover after 10 attempts.';

const BIG = 2n ** 60n;
export const UNKNOWN_POSITION = 2n ** 64n - 1n;

const RETRY_POSITIONS: Record<FaultyEventStoreDbCluster['retryPosition'], EsdbPosition | undefined> = {
  unknown: { commit: UNKNOWN_POSITION, prepare: UNKNOWN_POSITION },
  none: undefined,
  unset: { commit: 0n, prepare: 0n },
};

function compare(a: EsdbPosition, b: EsdbPosition) {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  return a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;
}

/** The client builds NotLeaderError from the gRPC trailer naming the new leader. */
export function notLeaderError(host = 'node-2', port = 2113) {
  const metadata = { getMap: () => ({ 'leader-endpoint-host': host, 'leader-endpoint-port': String(port) }) };
  return new NotLeaderError({ message: '5 NOT_FOUND: Leader info available', metadata } as unknown as ConstructorParameters<typeof NotLeaderError>[0]);
}

function faultError(kind: Exclude<EventStoreDbFault['kind'], 'hang'>): Error {
  switch (kind) {
    case 'poisonedLookup':
      return new Error(DISCOVERY_FAILURE);
    case 'unavailable':
      return new UnavailableError(undefined, '14 UNAVAILABLE: No connection established');
    case 'cancelled':
      return new CancelledError(undefined, '1 CANCELLED: Call cancelled');
    case 'deadlineExceeded':
      return new DeadlineExceededError(undefined, '4 DEADLINE_EXCEEDED: Deadline exceeded');
    case 'notLeaderAfterWrite':
      return notLeaderError();
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

/**
 * A read that never answers, whatever deadline the call asked for (the client 6.2.1 ignores it on reads).
 * Like the client's `ReadStream`, it can be cancelled; cancelling records it and, as there, leaves the
 * stream to its reader to destroy. `destroyed` is the stream's own flag.
 */
export class HangingRead extends Readable {
  cancelled = false;

  constructor() {
    super({ objectMode: true, read() {} });
  }

  async cancel() {
    this.cancelled = true;
  }
}

export class FaultySubscription extends PassThrough implements EventStoreDbSubscription {
  unsubscribed = false;
  dead = false;
  cursor: EsdbPosition | undefined;

  constructor(readonly options: SubscribeToAllOptions) {
    super({ objectMode: true });
    this.cursor = options.fromPosition === START || options.fromPosition === undefined ? undefined : (options.fromPosition as EsdbPosition);
  }

  accepts(event: AllStreamRecordedEvent) {
    const filter = this.options.filter;
    return !filter || !('regex' in filter) || new RegExp(filter.regex).test(event.type);
  }

  async unsubscribe() {
    this.unsubscribed = true;
    this.end();
  }
}

/**
 * A three-node cluster as the client sees it: one leader log, a follower that can lag it, and faults
 * queued per client method. Clients come from `client()`, the factory an adapter holds; a poisoned
 * client stays poisoned, a new one is healthy.
 */
export class FaultyEventStoreDbCluster {
  readonly log: AllStreamRecordedEvent[] = [];
  readonly clients: FaultyEventStoreDbClient[] = [];
  readonly appendCalls: { streamName: string; events: JSONEventData[]; options: AppendToStreamOptions }[] = [];
  readonly readStreamCalls: { streamName: string; options: EsdbReadStreamOptions }[] = [];
  readonly readAllCalls: EsdbReadAllOptions[] = [];
  /** Reads met by a `hang` fault, in call order. */
  readonly hangingReads: HangingRead[] = [];
  /** Events `readAll` has served, over all calls: what a scan of `$all` cost the server. */
  readAllServed = 0;
  readonly subscriptions: FaultySubscription[] = [];
  /** Events of the log a follower has not replicated yet: reads without `requiresLeader` do not see them. */
  followerLag = 0;
  /** No node can be reached: every call fails with UnavailableError (queued faults wait until it is reachable again). */
  unreachable = false;
  /** Servers before 23.10 never say a subscription caught up; set false to play one. */
  emitsCaughtUp = true;
  /** Hand a new subscription its catch-up events one per event-loop turn, as gRPC messages arriving back to back do. */
  trickle = false;
  /**
   * How a recognised retry's acknowledgement carries its position: `'unknown'` is 2^64−1, what the server
   * sends (see `append`); `'none'` leaves it out, which the protocol allows and the client reads as undefined;
   * `'unset'` is 0/0, what the client makes of a position message whose fields were left at their defaults.
   */
  retryPosition: 'unknown' | 'none' | 'unset' = 'unknown';
  /** Streams deleted for good: see `tombstone`. */
  readonly tombstoned = new Set<string>();
  private readonly faults = new Map<FaultyMethod, EventStoreDbFault[]>();
  private nextCommit = BIG;

  /** The factory: a fresh client, as `EventStoreDBClient.connectionString` builds one. */
  readonly client = () => {
    const client = new FaultyEventStoreDbClient(this);
    this.clients.push(client);
    return client;
  };

  /** The next call of `method` (on any client) meets `fault`; queue several for several calls. */
  failNext(method: FaultyMethod, ...faults: EventStoreDbFault[]) {
    this.faults.set(method, [...(this.faults.get(method) ?? []), ...faults]);
    return this;
  }

  takeFault(method: FaultyMethod) {
    return this.faults.get(method)?.shift();
  }

  /** As another writer would, bypassing every fault. */
  seed(streamName: string, type = 'Seeded', count = 1) {
    return this.write(
      streamName,
      Array.from({ length: count }, (_, i) => ({
        id: `seed-${this.log.length + i}`,
        contentType: 'application/json' as const,
        type,
        data: { seeded: true },
        metadata: undefined,
      })),
    );
  }

  /**
   * Deletes the stream for good, as an operator's `tombstone` does: from then on a read or an append
   * fails with the client's `StreamDeletedError` (the server answers both with StreamDeleted). Its events
   * stay in `$all`; the server's own `$streamDeleted` record is not played.
   */
  tombstone(streamName: string) {
    this.tombstoned.add(streamName);
  }

  stream(streamName: string, fromLeader = true) {
    const visible = fromLeader ? this.log : this.log.slice(0, Math.max(0, this.log.length - this.followerLag));
    return visible.filter((event) => event.streamId === streamName);
  }

  /**
   * The server's append: an exact or no-stream retry whose ids are already at the expected place is
   * acknowledged without writing (it finds them in the index); a partly overlapping batch is a conflict.
   */
  append(streamName: string, events: JSONEventData[], options: AppendToStreamOptions): EsdbAppendResult {
    if (this.tombstoned.has(streamName)) throw StreamDeletedError.fromStreamName(streamName);
    const stream = this.stream(streamName);
    const expected = options.expectedRevision ?? 'any';
    const startIndex = expected === 'no_stream' ? 0 : typeof expected === 'bigint' ? Number(expected) + 1 : -1;
    const landed = stream.findIndex((event) => event.id === events[0]!.id);
    if (landed >= 0) {
      const whole = events.every((event, i) => stream[landed + i]?.id === event.id);
      // ANY and STREAM_EXISTS lean on the leader's id cache, which this double assumes is warm.
      if (whole && (startIndex === -1 || startIndex === landed)) {
        const last = stream[landed + events.length - 1]!;
        // The server does not look the original position up: it answers with 2^64−1 for "unknown"
        // (per issue 15, read in the server source, not yet seen on a cluster).
        const position = RETRY_POSITIONS[this.retryPosition];
        return { success: true, nextExpectedRevision: last.revision, position };
      }
    }
    const current: CurrentRevision = stream.length === 0 ? 'no_stream' : stream[stream.length - 1]!.revision;
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
    const stream = this.stream(streamName);
    let revision = stream.length === 0 ? 0n : stream[stream.length - 1]!.revision + 1n;
    const commit = (this.nextCommit += 1000n);
    const written = events.map(
      (event, index): AllStreamRecordedEvent => ({
        streamId: streamName,
        id: event.id,
        isJson: true,
        revision: revision++,
        type: event.type,
        created: new Date(),
        data: JSON.parse(JSON.stringify(event.data)),
        metadata: event.metadata === undefined ? undefined : JSON.parse(JSON.stringify(event.metadata)),
        position: { commit, prepare: commit - BigInt(events.length - 1 - index) },
      }),
    );
    this.log.push(...written);
    for (const subscription of this.subscriptions) this.deliver(subscription, written);
    return written;
  }

  deliver(subscription: FaultySubscription, events: AllStreamRecordedEvent[]) {
    if (subscription.unsubscribed || subscription.dead) return;
    for (const event of events) {
      if (subscription.cursor && compare(event.position, subscription.cursor) <= 0) continue;
      subscription.cursor = event.position;
      if (subscription.accepts(event)) subscription.write({ event, commitPosition: event.position.commit } satisfies AllStreamResolvedEvent);
    }
  }

  /** Hands a new subscription the log so far, then says it caught up (see `trickle`, `emitsCaughtUp`). */
  catchUp(subscription: FaultySubscription) {
    const caughtUp = () => {
      if (this.emitsCaughtUp) subscription.emit('caughtUp');
    };
    if (!this.trickle) {
      this.deliver(subscription, this.log);
      setImmediate(caughtUp);
      return;
    }
    const backlog = [...this.log];
    const step = (index: number) => {
      if (index === backlog.length) return caughtUp();
      this.deliver(subscription, [backlog[index]!]);
      setImmediate(() => step(index + 1));
    };
    setImmediate(() => step(0));
  }

  get openSubscriptions() {
    return this.subscriptions.filter((subscription) => !subscription.unsubscribed);
  }

  /** The node serving subscriptions goes away: each open one errors as the client reports it. */
  dropSubscriptions(error: Error = new UnavailableError(undefined, '14 UNAVAILABLE: Connection dropped')) {
    for (const subscription of this.subscriptions) {
      if (subscription.unsubscribed || subscription.dead) continue;
      subscription.dead = true;
      subscription.emit('error', error);
    }
  }

  /** How many times each event id is in the log: more than one means a retry was applied twice. */
  copiesOf(id: string) {
    return this.log.filter((event) => event.id === id).length;
  }
}

export class FaultyEventStoreDbClient implements EventStoreDbClient {
  /** Set by a `poisonedLookup` fault: the cached lookup rejects for the rest of this client's life. */
  poisoned = false;
  disposed = false;

  constructor(private readonly cluster: FaultyEventStoreDbCluster) {}

  private lookup(): Error | undefined {
    if (this.disposed) return new Error('Client is disposed');
    return this.poisoned ? new Error(DISCOVERY_FAILURE) : undefined;
  }

  /** Takes the method's next fault; a poisoned lookup poisons this client from now on. */
  private fault(method: FaultyMethod) {
    // A client that cannot look the cluster up never reaches a node, so it meets no node's fault.
    if (this.poisoned || this.disposed) return undefined;
    if (this.cluster.unreachable) return { kind: 'unavailable' } as const;
    const fault = this.cluster.takeFault(method);
    if (fault?.kind === 'poisonedLookup') this.poisoned = true;
    return fault;
  }

  async appendToStream(streamName: string, events: JSONEventData[], options: AppendToStreamOptions): Promise<EsdbAppendResult> {
    this.cluster.appendCalls.push({ streamName, events, options });
    const fault = this.fault('appendToStream');
    const lookup = this.lookup();
    if (lookup) throw lookup;
    if (fault?.kind === 'hang') return new Promise(() => undefined);
    if (fault?.kind === 'notLeaderAfterWrite' || (fault && 'landed' in fault && fault.landed)) {
      this.cluster.append(streamName, events, options);
      throw faultError(fault.kind);
    }
    if (fault) throw faultError(fault.kind);
    return this.cluster.append(streamName, events, options);
  }

  readStream(streamName: string, options: EsdbReadStreamOptions) {
    this.cluster.readStreamCalls.push({ streamName, options });
    const fault = this.fault('readStream');
    const lookup = this.lookup();
    if (lookup) return failing(lookup);
    if (fault?.kind === 'hang') return this.hanging();
    if (fault) return failing(faultError(fault.kind));
    if (this.cluster.tombstoned.has(streamName)) return failing(StreamDeletedError.fromStreamName(streamName));
    const stream = this.cluster.stream(streamName, options.requiresLeader === true);
    if (stream.length === 0) return failing(new StreamNotFoundError(undefined, streamName));
    const from = options.fromRevision;
    const selected =
      options.direction === 'backwards'
        ? stream.filter((event) => from === END || from === undefined || event.revision <= (from as bigint)).reverse()
        : stream.filter((event) => from === START || from === undefined || event.revision >= (from as bigint));
    return Readable.from(selected.slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER)).map((event) => ({ event })));
  }

  readAll(options: EsdbReadAllOptions) {
    this.cluster.readAllCalls.push(options);
    const fault = this.fault('readAll');
    const lookup = this.lookup();
    if (lookup) return failing(lookup);
    if (fault?.kind === 'hang') return this.hanging();
    if (fault) return failing(faultError(fault.kind));
    const log = options.requiresLeader ? this.cluster.log : this.cluster.log.slice(0, Math.max(0, this.cluster.log.length - this.cluster.followerLag));
    const from = options.fromPosition;
    const selected =
      options.direction === 'backwards'
        ? log.filter((event) => from === END || from === undefined || compare(event.position, from as EsdbPosition) < 0).reverse()
        : log.filter((event) => from === START || from === undefined || compare(event.position, from as EsdbPosition) >= 0);
    const page = selected.slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER));
    this.cluster.readAllServed += page.length;
    return Readable.from(page.map((event) => ({ event })));
  }

  subscribeToAll(options: SubscribeToAllOptions) {
    const subscription = new FaultySubscription(options);
    this.cluster.subscriptions.push(subscription);
    const fault = this.fault('subscribeToAll');
    const lookup = this.lookup();
    if (lookup || fault) {
      subscription.dead = true;
      const error = lookup ?? (fault!.kind === 'hang' ? undefined : faultError(fault!.kind));
      if (error) process.nextTick(() => subscription.emit('error', error));
      return subscription;
    }
    this.cluster.catchUp(subscription);
    return subscription;
  }

  private hanging() {
    const read = new HangingRead();
    this.cluster.hangingReads.push(read);
    return read;
  }

  async dispose() {
    this.disposed = true;
  }
}
