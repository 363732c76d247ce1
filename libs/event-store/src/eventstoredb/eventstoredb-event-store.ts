import {
  BACKWARDS,
  CancelledError,
  DeadlineExceededError,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  NotLeaderError,
  START,
  StreamDeletedError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type AppendResult as EsdbAppendResult,
  type AppendToStreamOptions,
  type JSONEventData,
  type Position as EsdbPosition,
  type ReadAllOptions as EsdbReadAllOptions,
  type ReadStreamOptions as EsdbReadStreamOptions,
  type RecordedEvent as EsdbRecordedEvent,
  type ResolvedEvent,
  type SubscribeToAllOptions,
} from '@eventstore/db-client';
import { eventStoreDbConnectionString } from '@ledger/config';
import { ExpectedVersionConflictError, StoreDeadlineError, StreamTombstonedError, throwIfPastDeadline } from '../errors.js';
import {
  ANY,
  STREAM_DOES_NOT_EXIST,
  STREAM_EXISTS,
  expectedRevisionMatches,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type Position,
  type ProbeOptions,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
} from '../event-store.js';
import { chainEvents } from '../integrity/chain.js';

/** A live subscription as the client returns it: a Readable in object mode that emits catch-up signals. */
export interface EventStoreDbSubscription {
  on(event: 'data', listener: (event: AllStreamResolvedEvent) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'caughtUp' | 'end' | 'close', listener: () => void): unknown;
  pause(): unknown;
  resume(): unknown;
  unsubscribe(): Promise<void>;
}

/** The part of `EventStoreDBClient` the adapter uses, so tests can pass a hand-written fake. */
export interface EventStoreDbClient {
  appendToStream(streamName: string, events: JSONEventData[], options: AppendToStreamOptions): Promise<EsdbAppendResult>;
  readStream(streamName: string, options: EsdbReadStreamOptions): AsyncIterable<ResolvedEvent>;
  readAll(options: EsdbReadAllOptions): AsyncIterable<AllStreamResolvedEvent>;
  subscribeToAll(options: SubscribeToAllOptions): EventStoreDbSubscription;
  dispose(): Promise<void>;
}

/** Satisfied by Nest's `Logger` and by `console`. */
export type EventStoreDbLogger = Readonly<{ log(message: string): void; warn(message: string): void }>;

export type EventStoreDbEventStoreOptions = Readonly<{
  logger?: EventStoreDbLogger;
  /** Delay before resubscribing after a drop: doubles from `initialDelayMs` up to `maxDelayMs`. */
  backoff?: Readonly<{ initialDelayMs?: number; maxDelayMs?: number }>;
  /** Events per request when paging through `$all`. */
  readPageSize?: number;
  /**
   * Calls that failed in transit (NotLeader, Unavailable, Cancelled, deadline, a failed cluster lookup)
   * are sent again: stream reads always, appends only for an exact or no-stream expected revision.
   * `attempts` in all, the delay doubling from `initialDelayMs` up to `maxDelayMs`. The defaults (8 attempts,
   * 100 ms doubling to 2 s: about 7 s of waiting) outlast a leader election of a few seconds, so a command
   * sent during one completes late rather than fails.
   */
  retry?: Readonly<{ attempts?: number; initialDelayMs?: number; maxDelayMs?: number }>;
  /**
   * How long a stream read may take. The client 6.2.1 ignores a read's own `deadline` (it builds the
   * call with `deadline: Infinity`), so without this a read through a partition never returns.
   */
  readDeadlineMs?: number;
}>;

/**
 * The client 6.2.1 caches its server-features lookup as a promise and never clears a rejected one, so
 * after one failed discovery every call on that client fails with this message; only a new client helps.
 */
export function isPoisonedLookup(error: unknown) {
  return error instanceof Error && /^Failed to discover/.test(error.message);
}

/**
 * Errors in transit: the call may or may not have reached the leader. A read can always be sent again;
 * an append only with the same event ids and the same exact (or no-stream) expected revision, which the
 * server answers from its index, so it is written once.
 */
export function isTransientError(error: unknown) {
  return (
    error instanceof NotLeaderError ||
    error instanceof UnavailableError ||
    error instanceof CancelledError ||
    error instanceof DeadlineExceededError ||
    // Our own deadline on a read (`collectWithin`): the read was cancelled, and a read can be sent again.
    error instanceof StoreDeadlineError ||
    isPoisonedLookup(error)
  );
}

/** What we put in the event's metadata JSON; the `$` keys are EventStoreDB's own correlation convention. */
type StoredMetadata = EventMetadata & { $correlationId: string; $causationId: string };

/** Commit and prepare in decimal: lossless for the full unsigned 64-bit range, and readable in a checkpoint table. */
function encodePosition(position: EsdbPosition): Position {
  return `${position.commit}/${position.prepare}` as Position;
}

function decodePosition(position: Position): EsdbPosition {
  const match = /^(\d+)\/(\d+)$/.exec(position);
  if (!match) throw new Error(`Not an EventStoreDB position: ${position}`);
  return { commit: BigInt(match[1]!), prepare: BigInt(match[2]!) };
}

/** What the server sends for "no position" (-1 as an unsigned 64-bit number), in either part. */
const UNKNOWN_POSITION_PART = 2n ** 64n - 1n;

/**
 * A position from an append acknowledgement, or undefined when it is none: the client turns a missing
 * one into undefined or, when the message is empty, 0/0; the server sends 2^64−1 for a position it
 * does not know. No event of ours is at 0/0: the log opens with the server's own records.
 */
function knownPosition(position: EsdbPosition | undefined): EsdbPosition | undefined {
  if (!position) return undefined;
  if (position.commit === 0n && position.prepare === 0n) return undefined;
  if (position.commit >= UNKNOWN_POSITION_PART || position.prepare >= UNKNOWN_POSITION_PART) return undefined;
  return position;
}

/** A tombstoned stream's error in our words; anything else unchanged. */
function tombstoned(error: unknown, streamId: string): unknown {
  return error instanceof StreamDeletedError ? new StreamTombstonedError(streamId) : error;
}

function compareEsdbPositions(a: EsdbPosition, b: EsdbPosition) {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case STREAM_DOES_NOT_EXIST:
      return NO_STREAM;
    case STREAM_EXISTS:
      return 'stream_exists';
    case ANY:
      return 'any';
    default:
      return expected;
  }
}

function toEventData(event: NewEvent): JSONEventData {
  const metadata: StoredMetadata = {
    ...event.metadata,
    $correlationId: event.metadata.correlationId,
    $causationId: event.metadata.causationId,
  };
  // Our id doubles as EventStoreDB's event id, which is what makes a retried append idempotent on the server.
  return { id: event.id, contentType: 'application/json', type: event.type, data: event.data as JSONEventData['data'], metadata };
}

/** All of the metadata we wrote but EventStoreDB's `$` copies: the hash covers every field, so none may be dropped. */
function toEventMetadata(stored: unknown): EventMetadata {
  const { $correlationId: _correlationId, $causationId: _causationId, ...metadata } = (stored ?? {}) as Partial<StoredMetadata>;
  return metadata as EventMetadata;
}

/** Lost races retried under ANY or STREAM_EXISTS before the conflict is reported. */
const MAX_CHAIN_ATTEMPTS = 5;

/** `$`-prefixed types (stats, metadata, links) and `$`-prefixed streams (projections, settings) are the server's own. */
function isSystemEvent(event: EsdbRecordedEvent) {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

function positionOf(event: EsdbRecordedEvent): EsdbPosition {
  // Servers before 22.6 do not send positions on stream reads, and the port needs one on every event.
  if (!event.position) {
    throw new Error(`Event ${event.id} in ${event.streamId} came without a position; EventStoreDB 22.6 or later is required`);
  }
  return event.position;
}

function toRecordedEvent(event: EsdbRecordedEvent): RecordedEvent {
  return {
    id: event.id,
    streamId: event.streamId,
    streamRevision: event.revision,
    position: encodePosition(positionOf(event)),
    type: event.type,
    // Binary events are never written by this adapter; a foreign one passes through as its bytes.
    data: event.data as object,
    metadata: toEventMetadata(event.metadata),
    recordedAt: event.created,
  };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** The real client's reads (`StreamingRead`) can be cancelled; a hand-written fake need not be. */
type CancellableRead<T> = AsyncIterable<T> & { cancel?(): Promise<void>; destroy?(error?: Error): unknown };

/**
 * Collects a read unless `signal` aborts first; then the gRPC call is cancelled and the caller gets
 * `StoreDeadlineError` at once. The only bound a read has: client 6.2.1 passes `deadline: Infinity` for
 * reads whatever `deadline` option it is given, and `cancel()` may wait for a connection still being found,
 * so it is not awaited.
 */
async function collectWithin<T>(read: CancellableRead<T>, signal: AbortSignal | undefined, call: string): Promise<T[]> {
  if (!signal) return collect(read);
  if (signal.aborted) {
    read.cancel?.().catch(() => undefined);
    throw new StoreDeadlineError(call);
  }
  const collecting = collect(read);
  let onAbort = () => {};
  const abandoned = new Promise<never>((_, reject) => {
    onAbort = () => {
      read.cancel?.().catch(() => undefined);
      read.destroy?.();
      reject(new StoreDeadlineError(call));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
  // A read that fails after we gave up on it has no one left to tell.
  collecting.catch(() => undefined);
  try {
    return await Promise.race([collecting, abandoned]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

function sleep(ms: number, signal: AbortSignal) {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Buffers one client subscription so the adapter can hand out batches. Events that arrived before a drop
 * are still handed out; the drop is reported once the buffer is empty.
 */
class SubscriptionInbox {
  private readonly events: AllStreamResolvedEvent[] = [];
  private dropped: Error | null = null;
  /** Set by the server's caught-up signal: flush now rather than wait for more. */
  private flushRequested = false;
  private reachedLive = false;
  private paused = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly subscription: EventStoreDbSubscription,
    private readonly highWaterMark: number,
  ) {
    subscription.on('data', (event) => {
      this.events.push(event);
      if (this.events.length >= this.highWaterMark && !this.paused) {
        this.paused = true;
        subscription.pause();
      }
      this.notify();
    });
    subscription.on('caughtUp', () => {
      this.flushRequested = true;
      this.reachedLive = true;
      this.notify();
    });
    // Stays attached after we stop reading: an 'error' with no listener would crash the process.
    subscription.on('error', (error) => this.drop(error));
    subscription.on('end', () => this.drop(new Error('the server ended the subscription')));
    subscription.on('close', () => this.drop(new Error('the subscription closed')));
  }

  /** True once the server has said the subscription reached the live end of the log. */
  get live() {
    return this.reachedLive;
  }

  /** Waits for events, then keeps gathering while more arrive without waiting, up to `max`. */
  async take(max: number, signal: AbortSignal): Promise<{ events: AllStreamResolvedEvent[]; dropped: Error | null }> {
    while (this.events.length === 0 && !this.dropped && !signal.aborted) await this.next(signal);
    let seen = -1;
    this.flushRequested = false;
    while (this.events.length < max && this.events.length !== seen && !this.dropped && !this.flushRequested && !signal.aborted) {
      seen = this.events.length;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const events = this.events.splice(0, max);
    if (this.paused && this.events.length < this.highWaterMark) {
      this.paused = false;
      this.subscription.resume();
    }
    return { events, dropped: this.events.length === 0 ? this.dropped : null };
  }

  private next(signal: AbortSignal) {
    return new Promise<void>((resolve) => {
      const done = () => {
        this.wake = null;
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.wake = done;
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private notify() {
    this.wake?.();
  }

  private drop(error: Error) {
    this.dropped ??= error;
    this.notify();
  }
}

/**
 * The EventStoreDB adapter. Positions are the server's commit/prepare pair; the server's system events
 * (`$`-prefixed types and streams) are hidden from global reads and subscriptions.
 *
 * Deleted streams (the ledger never deletes one; an operator can): a tombstoned stream throws
 * `StreamTombstonedError` on every read and append. A soft-deleted stream reads as missing, yet an
 * append to it with STREAM_DOES_NOT_EXIST succeeds and continues at revision N+1, not 0 (server
 * behaviour, read in its source, not yet seen on a live cluster). The adapter chains such an append
 * as revision 0 (the stream reads as missing), so verifying the chain reports those events' hashes
 * as wrong: the signal that someone deleted a stream.
 */
export class EventStoreDbEventStore implements EventStore {
  readonly kind = 'eventstoredb' as const;
  private readonly logger: EventStoreDbLogger;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly readPageSize: number;
  private readonly retryAttempts: number;
  private readonly retryInitialDelayMs: number;
  private readonly retryMaxDelayMs: number;
  private readonly readDeadlineMs: number;
  private readonly subscriptions = new Set<AbortController>();
  private readonly createClient: (() => EventStoreDbClient) | null;
  private current: EventStoreDbClient;
  private closed = false;

  /** Give a factory rather than a client so a client poisoned by a failed cluster lookup can be replaced. */
  constructor(client: EventStoreDbClient | (() => EventStoreDbClient), options: EventStoreDbEventStoreOptions = {}) {
    this.createClient = typeof client === 'function' ? client : null;
    this.current = typeof client === 'function' ? client() : client;
    this.logger = options.logger ?? console;
    this.initialDelayMs = options.backoff?.initialDelayMs ?? 100;
    this.maxDelayMs = options.backoff?.maxDelayMs ?? 5000;
    // Two at least: a page that starts at the (inclusive) cursor must still move forwards.
    this.readPageSize = Math.max(2, options.readPageSize ?? 500);
    this.retryAttempts = Math.max(1, options.retry?.attempts ?? 8);
    this.retryInitialDelayMs = options.retry?.initialDelayMs ?? 100;
    this.retryMaxDelayMs = options.retry?.maxDelayMs ?? 2000;
    this.readDeadlineMs = options.readDeadlineMs ?? 10_000;
  }

  private get client() {
    return this.current;
  }

  /** Replaces a client whose cluster lookup failed. True when a fresh client is there to try instead. */
  private recover(error: unknown, failed: EventStoreDbClient) {
    if (!isPoisonedLookup(error) || !this.createClient || this.closed) return false;
    // Another call may have replaced it already.
    if (failed !== this.current) return true;
    this.logger.warn(`EventStoreDB cluster lookup failed (${(error as Error).message}); rebuilding the client`);
    this.current = this.createClient();
    failed.dispose().catch(() => undefined);
    return true;
  }

  /** Runs `action`, sending it again after an error in transit, bounded and backing off. */
  private async retrying<T>(what: string, action: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await action();
      } catch (error) {
        if (!isTransientError(error) || attempt >= this.retryAttempts || this.closed) throw error;
        const delay = Math.min(this.retryInitialDelayMs * 2 ** (attempt - 1), this.retryMaxDelayMs);
        this.logger.warn(`${what} failed in transit (${(error as Error).message}); sending it again in ${delay} ms (attempt ${attempt + 1} of ${this.retryAttempts})`);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /**
   * Runs one client call; if the client's lookup turned out poisoned, replaces it and sends the call once
   * more on the new one. That is safe for any call: a failed lookup means the request never left the client.
   */
  private async call<T>(action: (client: EventStoreDbClient) => Promise<T>): Promise<T> {
    const client = this.current;
    try {
      return await action(client);
    } catch (error) {
      if (!this.recover(error, client)) throw error;
      return action(this.current);
    }
  }

  /**
   * The client retries discovery `maxDiscoverAttempts` times (default 10) every `discoveryInterval` ms
   * (default 100): one second, shorter than a leader election. Unless the string sets them,
   * `eventStoreDbConnectionString` (the check start-up's config runs too) adds 30 × 500 ms, and refuses
   * `throwOnAppendFailure=false`. Should discovery still fail, the adapter builds a new client from the same string.
   */
  static fromConnectionString(given: string, options: EventStoreDbEventStoreOptions = {}) {
    const connectionString = eventStoreDbConnectionString(given);
    let first: EventStoreDBClient | null;
    try {
      first = EventStoreDBClient.connectionString(connectionString);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`ESDB_CONNECTION_STRING is not a valid EventStoreDB connection string: ${reason}`, { cause: error });
    }
    const createClient = () => {
      const client = first ?? EventStoreDBClient.connectionString(connectionString);
      first = null;
      return client;
    };
    return new EventStoreDbEventStore(createClient, options);
  }

  /**
   * Chains the events to the stream's last event, then appends them with that event's exact revision
   * as the expected revision: EventStoreDB has no transaction to read the tip in, so a concurrent
   * writer makes the append fail rather than fork the chain. A caller's ANY or STREAM_EXISTS is
   * checked here, and a lost race under them is retried with the new tip, as such callers expect.
   */
  async appendToStream(streamId: string, events: readonly NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    if (events.length === 0) throw new Error(`Nothing to append to ${streamId}`);
    const expected = options.expectedRevision;
    // Only under an exact or no-stream revision does the server recognise a resent append by its event ids.
    const exact = typeof expected === 'bigint' || expected === STREAM_DOES_NOT_EXIST;
    for (let attempt = 1; ; attempt++) {
      const [tip] = await this.readStream(streamId, { direction: 'backwards', maxCount: 1 });
      // A retry of an append that already landed: the server acknowledges it by event id, as before chaining.
      if (tip && (await this.isRetry(streamId, events, expected, tip))) return this.appendChained(streamId, events, expected, exact);
      const actual = tip?.streamRevision ?? null;
      if (!expectedRevisionMatches(expected, actual)) throw new ExpectedVersionConflictError(streamId, expected, actual);
      const chained = chainEvents(
        events.map((event) => ({ ...event, streamId })),
        actual === null ? 0n : actual + 1n,
        tip?.metadata.hash ?? null,
      );
      try {
        return await this.appendChained(streamId, chained, actual ?? STREAM_DOES_NOT_EXIST, exact);
      } catch (error) {
        if (exact || !(error instanceof ExpectedVersionConflictError) || attempt >= MAX_CHAIN_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Whether this append may have landed already, so the server should judge it by its event ids. Under
   * an exact revision or STREAM_DOES_NOT_EXIST the first event would sit right after the expected
   * revision, even when the stream has moved on since; otherwise only the tip is looked at (the
   * server's own recognition of those is best effort).
   */
  private async isRetry(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision, tip: RecordedEvent) {
    if (events.some((event) => event.id === tip.id)) return true;
    const from = typeof expected === 'bigint' ? expected + 1n : expected === STREAM_DOES_NOT_EXIST ? 0n : null;
    if (from === null || from >= tip.streamRevision) return false;
    const [there] = await this.readStream(streamId, { fromRevision: from, maxCount: 1 });
    return there?.id === events[0]!.id;
  }

  /**
   * Sends the append to the leader. With `retryTransient`, an append that failed in transit is sent
   * again unchanged (same event ids, same expected revision): the server finds the ids in its index
   * for an exact or no-stream expected revision and acknowledges without writing twice. For ANY or
   * STREAM_EXISTS the server only has an in-memory cache to go on, so those errors reach the caller.
   */
  private async appendChained(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
    retryTransient = false,
  ): Promise<AppendResult> {
    let result: EsdbAppendResult;
    const data = events.map(toEventData);
    const request: AppendToStreamOptions = { expectedRevision: toEsdbExpectedRevision(expected), requiresLeader: true };
    const send = () => this.call((client) => client.appendToStream(streamId, data, request));
    try {
      result = await (retryTransient ? this.retrying(`Append to ${streamId}`, send) : send());
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        throw new ExpectedVersionConflictError(streamId, expected, error.actualVersion === NO_STREAM ? null : error.actualVersion);
      }
      throw tombstoned(error, streamId);
    }
    // Only reached when the connection string sets throwOnAppendFailure=false.
    if (!result.success) {
      throw new ExpectedVersionConflictError(streamId, expected, result.nextExpectedRevision < 0n ? null : result.nextExpectedRevision);
    }
    // Should an acknowledgement come without a known position, take it from the event itself: the protocol
    // allows none, the server answers an idempotent retry with 2^64−1, and a message left unset reads as 0.
    const position = knownPosition(result.position) ?? (await this.positionOfRevision(streamId, result.nextExpectedRevision));
    return { nextExpectedRevision: result.nextExpectedRevision, position: encodePosition(position) };
  }

  private async positionOfRevision(streamId: string, revision: bigint) {
    const [resolved] = await this.readFromLeader(streamId, { fromRevision: revision, maxCount: 1 });
    if (!resolved?.event) throw new Error(`Revision ${revision} of ${streamId} was acknowledged but cannot be read`);
    return positionOf(resolved.event);
  }

  /**
   * One stream read, from the leader: a follower can be behind it, and command handling folds state from
   * this read, so a stale tip would mean spurious conflicts and read-your-writes that never arrives (on
   * NotLeaderError the client reconnects to the leader it names). Bounded by the read deadline; reads
   * change nothing, so one that failed in transit is sent again.
   */
  private readFromLeader(streamId: string, options: EsdbReadStreamOptions) {
    const what = `a read of ${streamId}`;
    const request: EsdbReadStreamOptions = { ...options, requiresLeader: true };
    // A fresh deadline per attempt: the retry of a read that hung gets the whole time again.
    return this.retrying(what, () =>
      this.call((client) => collectWithin(client.readStream(streamId, request), AbortSignal.timeout(this.readDeadlineMs), what)),
    );
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const request: EsdbReadStreamOptions = {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: options.fromRevision ?? (backwards ? END : START),
      ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
    };
    try {
      const resolved = await this.readFromLeader(streamId, request);
      return resolved.flatMap((entry) => (entry.event ? [toRecordedEvent(entry.event)] : []));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw tombstoned(error, streamId);
    }
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
    const events: RecordedEvent[] = [];
    if (maxCount <= 0) return events;
    for await (const event of this.readAllForwards(options.after)) {
      events.push(toRecordedEvent(event));
      if (events.length >= maxCount) break;
    }
    return events;
  }

  /**
   * Non-system events strictly after `after`, page by page. The server filters subscriptions but this
   * client's `readAll` takes no filter, so system events are dropped here. Each page is read to its end
   * before anything is yielded, so stopping early never leaves a gRPC call half-read.
   */
  private async *readAllForwards(after: Position | undefined, pageSize = this.readPageSize, signal?: AbortSignal): AsyncGenerator<EsdbRecordedEvent> {
    let cursor = after === undefined ? undefined : decodePosition(after);
    for (;;) {
      const page = await collectWithin(this.client.readAll({ direction: FORWARDS, fromPosition: cursor ?? START, maxCount: pageSize }), signal, 'a read of $all');
      for (const { event } of page) {
        if (!event) continue;
        // A forwards read includes the event at its starting position, which the caller has already seen.
        if (cursor && compareEsdbPositions(event.position, cursor) <= 0) continue;
        cursor = event.position;
        if (!isSystemEvent(event)) yield event;
      }
      if (page.length < pageSize) return;
    }
  }

  async *subscribeToAll(options: SubscribeOptions): AsyncIterable<RecordedEvent[]> {
    const maxBatchSize = options.maxBatchSize ?? 500;
    const controller = new AbortController();
    const stop = () => controller.abort();
    const signal = controller.signal;
    options.signal.addEventListener('abort', stop, { once: true });
    if (options.signal.aborted || this.closed) stop();
    this.subscriptions.add(controller);

    // Also moves past system events handed over by the server, which would only be dropped again.
    let lastDelivered = options.after === undefined ? undefined : decodePosition(options.after);
    let failures = 0;
    try {
      while (!signal.aborted) {
        // The server delivers strictly after `fromPosition`, so resuming from the last delivered event leaves no gap and repeats nothing.
        const client = this.client;
        const subscription = client.subscribeToAll({ fromPosition: lastDelivered ?? START, filter: excludeSystemEvents() });
        const inbox = new SubscriptionInbox(subscription, maxBatchSize * 2);
        let dropped: Error | null = null;
        try {
          while (!dropped && !signal.aborted) {
            const taken = await inbox.take(maxBatchSize, signal);
            dropped = taken.dropped;
            if (inbox.live) failures = 0;
            const batch: RecordedEvent[] = [];
            for (const { event } of taken.events) {
              if (!event) continue;
              if (lastDelivered && compareEsdbPositions(event.position, lastDelivered) <= 0) continue;
              lastDelivered = event.position;
              if (!isSystemEvent(event)) batch.push(toRecordedEvent(event));
            }
            if (batch.length > 0 && !signal.aborted) {
              failures = 0;
              yield batch;
            }
          }
        } finally {
          await subscription.unsubscribe().catch(() => undefined);
        }
        if (signal.aborted) return;
        // A subscription that failed its cluster lookup would fail the same way on every resubscribe.
        this.recover(dropped, client);

        const delay = Math.min(this.initialDelayMs * 2 ** failures, this.maxDelayMs);
        failures++;
        const from = lastDelivered ? encodePosition(lastDelivered) : 'the start';
        this.logger.warn(`Subscription to $all dropped (${dropped?.message || 'no reason given'}); resubscribing after ${from} in ${delay} ms`);
        await sleep(delay, signal);
      }
    } finally {
      options.signal.removeEventListener('abort', stop);
      this.subscriptions.delete(controller);
    }
  }

  async headPosition(options: ProbeOptions = {}): Promise<Position | null> {
    let from: EsdbPosition | typeof END = END;
    let pageSize = 1;
    for (;;) {
      const page: AllStreamResolvedEvent[] = await collectWithin(
        this.client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount: pageSize }),
        options.signal,
        'headPosition',
      );
      for (const { event } of page) {
        if (!event) continue;
        if (from !== END && compareEsdbPositions(event.position, from) >= 0) continue;
        from = event.position;
        if (!isSystemEvent(event)) return encodePosition(event.position);
      }
      if (page.length < pageSize) return null;
      // The server writes its own statistics to $all, so the tail can be system events; walk back a page at a time.
      pageSize = this.readPageSize;
    }
  }

  comparePositions(a: Position, b: Position) {
    return compareEsdbPositions(decodePosition(a), decodePosition(b));
  }

  async countEventsAfter(after?: Position, upTo = Number.POSITIVE_INFINITY, options: ProbeOptions = {}) {
    // EventStoreDB has no count: this reads the later events over the wire, so callers that count
    // often (health, readiness) pass `upTo` and read at most that many of ours (plus the server's own
    // events among them), and a signal that cancels the page in flight.
    throwIfPastDeadline(options.signal, 'countEventsAfter');
    if (upTo <= 0) return 0;
    let count = 0;
    for await (const _event of this.readAllForwards(after, Math.min(this.readPageSize, upTo), options.signal)) {
      if (++count >= upTo) break;
    }
    return count;
  }

  async ping(options: ProbeOptions = {}) {
    await collectWithin(this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }), options.signal, 'ping');
  }

  async close() {
    if (this.closed) return;
    this.closed = true;
    for (const subscription of this.subscriptions) subscription.abort();
    await this.client.dispose();
  }
}
