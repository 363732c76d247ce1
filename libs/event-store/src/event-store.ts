import type { Actor } from '@ledger/domain';

/** Expected state of a stream before an append; exact revisions are the revision of the stream's last event. */
export const STREAM_DOES_NOT_EXIST = 'STREAM_DOES_NOT_EXIST';
export const STREAM_EXISTS = 'STREAM_EXISTS';
export const ANY = 'ANY';
export type ExpectedRevision = typeof STREAM_DOES_NOT_EXIST | typeof STREAM_EXISTS | typeof ANY | bigint;

/** Whether a stream whose last revision is `actual` (null: no stream) satisfies `expected`. */
export function expectedRevisionMatches(expected: ExpectedRevision, actual: bigint | null): boolean {
  return (
    expected === ANY ||
    (expected === STREAM_DOES_NOT_EXIST && actual === null) ||
    (expected === STREAM_EXISTS && actual !== null) ||
    (typeof expected === 'bigint' && actual === expected)
  );
}

/**
 * A place in the global log. Opaque: only the adapter that made it can read it, and
 * `comparePositions` orders it. Serialised as a string so it passes through GraphQL and
 * checkpoint tables without loss.
 */
export type Position = string & { readonly __brand: 'Position' };

export type EventMetadata = Readonly<{
  actor: Actor;
  correlationId: string;
  causationId: string;
  schemaVersion: number;
  /**
   * Tamper evidence (README, "Tamper evidence"): the lower-case hex SHA-256 of the event's canonical
   * form, and the hash of the previous event of its stream (null for the first). Set by the adapter on
   * append, whatever the caller passes; absent only on events an EventStoreDB log held before chaining.
   */
  hash?: string;
  previousHash?: string | null;
}>;

export type NewEvent = Readonly<{
  /** UUIDv7: time-ordered ids keep the store's id index append-only. */
  id: string;
  type: string;
  data: object;
  metadata: EventMetadata;
}>;

export type RecordedEvent<Data extends object = object> = Readonly<{
  id: string;
  streamId: string;
  streamRevision: bigint;
  position: Position;
  type: string;
  data: Data;
  metadata: EventMetadata;
  recordedAt: Date;
}>;

export type AppendResult = Readonly<{ nextExpectedRevision: bigint; position: Position }>;

export type ReadStreamOptions = Readonly<{
  direction?: 'forwards' | 'backwards';
  /** Inclusive; defaults to the first event forwards, the last event backwards. */
  fromRevision?: bigint;
  maxCount?: number;
}>;

export type ReadAllOptions = Readonly<{
  /** Exclusive: events strictly after this position. Omitted: from the start of the log. */
  after?: Position;
  maxCount?: number;
}>;

export type SubscribeOptions = Readonly<{
  after?: Position;
  maxBatchSize?: number;
  signal: AbortSignal;
}>;

export type EventStoreKind = 'sqlite' | 'eventstoredb';

/**
 * For the calls health and readiness make while the store may hang (a partition, a leader election):
 * when `signal` aborts, the adapter cancels the read in flight and rejects with `StoreDeadlineError`.
 */
export type ProbeOptions = Readonly<{ signal?: AbortSignal }>;

/** The one port every adapter implements and the shared contract suite checks. */
export interface EventStore {
  readonly kind: EventStoreKind;
  /**
   * Idempotency — exactly what every adapter promises, no more (EventStoreDB's server, read in its
   * source; not yet observed on a live cluster):
   * - Under an exact revision or STREAM_DOES_NOT_EXIST, an append whose event ids are all already in
   *   the stream, in order, right after that revision (from 0 for STREAM_DOES_NOT_EXIST) is a retry:
   *   acknowledged with its first result, nothing written. Command handling appends only this way.
   * - The same ids expected at another revision, or a batch only partly written before (its first
   *   events there, the rest not), is an `ExpectedVersionConflictError`.
   * - Under ANY or STREAM_EXISTS a retry is recognised only as best effort: EventStoreDB keeps those
   *   ids in an 8 MiB cache on the leader, lost on restart or failover, so a retry may append twice.
   *   (SQLite recognises them by id always; do not rely on it.)
   * - On EventStoreDB a retry of a write not yet replicated to a quorum is dropped and answered with a
   *   timeout: whether the first write lands is unknown until the stream is read again.
   */
  appendToStream(streamId: string, events: readonly NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult>;
  /** A missing stream reads as empty. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catch-up then live: yields batches of events after `after`, in log order, until the signal aborts. */
  subscribeToAll(options: SubscribeOptions): AsyncIterable<RecordedEvent[]>;
  /** Position of the last event in the log, or null when the log is empty. */
  headPosition(options?: ProbeOptions): Promise<Position | null>;
  comparePositions(a: Position, b: Position): number;
  /**
   * Number of events after `after` (all events when omitted): how far a reader lags. With `upTo`, a
   * larger count reads as `upTo`, so an adapter that must read events to count them reads at most that many.
   */
  countEventsAfter(after?: Position, upTo?: number, options?: ProbeOptions): Promise<number>;
  /** Resolves when the store answers; rejects when it cannot be reached or `options.signal` aborts first. */
  ping(options?: ProbeOptions): Promise<void>;
  close(): Promise<void>;
}

/** DI token for the configured adapter. */
export const EVENT_STORE = 'EVENT_STORE';
