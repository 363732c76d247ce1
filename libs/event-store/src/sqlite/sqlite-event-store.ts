import Database from 'better-sqlite3';
import { ExpectedVersionConflictError, throwIfPastDeadline } from '../errors.js';
import {
  STREAM_DOES_NOT_EXIST,
  expectedRevisionMatches,
  type AppendResult,
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
import { chainEvents, eventHash } from '../integrity/chain.js';

export type SqliteSynchronous = 'FULL' | 'NORMAL';

export type SqliteEventStoreOptions = Readonly<{
  filename: string;
  /** FULL (default): an acknowledged append survives power loss. NORMAL: faster, may lose the last appends on power loss. */
  synchronous?: SqliteSynchronous;
  /** How often a live subscription looks for appends made by another process. */
  pollIntervalMs?: number;
  /**
   * true (default): appends made in the same turn of the event loop (concurrent commands) are written
   * in one transaction with one fsync, each still checked against its own expected revision. false: a
   * transaction per append.
   */
  groupCommit?: boolean;
}>;

/** An append waiting for the next group commit, and how to answer it. */
type QueuedAppend = {
  streamId: string;
  events: readonly NewEvent[];
  expected: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
};

type EventRow = {
  position: number;
  event_id: string;
  stream_id: string;
  stream_revision: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
};

/** The log's one table, exported so the bench's raw ceiling writes into exactly the same schema. */
export const SQLITE_EVENTS_SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position        INTEGER PRIMARY KEY,
    event_id        TEXT    NOT NULL UNIQUE,
    stream_id       TEXT    NOT NULL,
    stream_revision INTEGER NOT NULL,
    type            TEXT    NOT NULL,
    data            TEXT    NOT NULL,
    metadata        TEXT    NOT NULL,
    recorded_at     TEXT    NOT NULL,
    UNIQUE (stream_id, stream_revision)
  );
`;

type Settled = { result: AppendResult } | { error: unknown };

const toPosition = (sequence: number | bigint) => String(sequence) as Position;
const toSequence = (position: Position | undefined) => (position === undefined ? 0 : Number(BigInt(position)));

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    streamId: row.stream_id,
    streamRevision: BigInt(row.stream_revision),
    position: toPosition(row.position),
    type: row.type,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
    recordedAt: new Date(row.recorded_at),
  };
}

/**
 * The embedded event store: one SQLite file in WAL mode. Positions are the gap-free row
 * sequence (appends are serialised by SQLite's write lock and never rolled back half-way).
 */
export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly pollIntervalMs: number;
  /** Bumped on every local append so live subscriptions wake at once instead of waiting for the poll. */
  private appendCount = 0;
  private readonly wakers = new Set<() => void>();
  private closed = false;

  private readonly statements: ReturnType<SqliteEventStore['prepare']>;
  private readonly appendTransaction: Database.Transaction<(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision) => AppendResult>;
  private readonly groupCommit: boolean;
  /** Appends waiting for the group commit already scheduled for this turn of the event loop. */
  private queued: QueuedAppend[] = [];
  private readonly groupTransaction: Database.Transaction<(group: readonly QueuedAppend[]) => Settled[]>;
  /** Write transactions committed for appends, and the appends they wrote: appends / transactions is the mean group. */
  private readonly committed = { transactions: 0, appends: 0 };

  constructor(options: SqliteEventStoreOptions) {
    this.db = new Database(options.filename);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SQLITE_EVENTS_SCHEMA);
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.statements = this.prepare();
    this.appendTransaction = this.db.transaction((streamId, events, expected) => this.appendInTransaction(streamId, events, expected));
    this.groupTransaction = this.db.transaction((group) => group.map((append) => this.appendInGroup(append)));
    this.groupCommit = options.groupCommit ?? true;
  }

  private prepare() {
    const db = this.db;
    return {
      byEventId: db.prepare<[string], EventRow>('SELECT * FROM events WHERE event_id = ?'),
      // The tip's hash only, picked out by SQLite: parsing the whole metadata in JavaScript cost more.
      streamTip: db.prepare<[string], { revision: number; hash: string | null }>(
        "SELECT stream_revision AS revision, json_extract(metadata, '$.hash') AS hash FROM events WHERE stream_id = ? ORDER BY stream_revision DESC LIMIT 1",
      ),
      insert: db.prepare<[string, string, number, string, string, string, string]>(
        `INSERT INTO events (event_id, stream_id, stream_revision, type, data, metadata, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      readForwards: db.prepare<[string, number, number], EventRow>(
        'SELECT * FROM events WHERE stream_id = ? AND stream_revision >= ? ORDER BY stream_revision ASC LIMIT ?',
      ),
      // Without a LIMIT: a command's load reads its stream's tail, usually empty, and a bound LIMIT costs about three times the seek.
      readForwardsToEnd: db.prepare<[string, number], EventRow>('SELECT * FROM events WHERE stream_id = ? AND stream_revision >= ? ORDER BY stream_revision ASC'),
      readBackwards: db.prepare<[string, number, number], EventRow>(
        'SELECT * FROM events WHERE stream_id = ? AND stream_revision <= ? ORDER BY stream_revision DESC LIMIT ?',
      ),
      readAll: db.prepare<[number, number], EventRow>('SELECT * FROM events WHERE position > ? ORDER BY position ASC LIMIT ?'),
      head: db.prepare<[], { position: number | null }>('SELECT MAX(position) AS position FROM events'),
    };
  }

  async appendToStream(streamId: string, events: readonly NewEvent[], options: { expectedRevision: ExpectedRevision }) {
    if (events.length === 0) throw new Error(`Nothing to append to ${streamId}`);
    if (this.closed) throw new Error(`Cannot append to ${streamId}: the event store is closed`);
    if (!this.groupCommit) {
      // IMMEDIATE takes the write lock before reading the stream's revision, so the check and the insert are one step.
      const result = this.appendTransaction.immediate(streamId, events, options.expectedRevision);
      this.committed.transactions++;
      this.committed.appends++;
      this.appended();
      return result;
    }
    return new Promise<AppendResult>((resolve, reject) => {
      // better-sqlite3 blocks while it commits, so "arriving while a commit is in flight" means arriving
      // in the same turn of the event loop: every append queued before setImmediate fires shares its commit.
      if (this.queued.length === 0) setImmediate(() => this.commitQueued());
      // A copy: the caller's array may change before the commit reads it.
      this.queued.push({ streamId, events: [...events], expected: options.expectedRevision, resolve, reject });
    });
  }

  /**
   * One transaction, one fsync, for every queued append. Each append is checked against its own
   * expected revision, on the stream as the appends before it in the group left it, and a conflict or
   * a bad event takes back and fails that append alone (appendInGroup); the chain follows the same
   * reads. No promise is answered before COMMIT returns: an acknowledged event is on disk.
   */
  private commitQueued() {
    const group = this.queued;
    this.queued = [];
    if (group.length === 0) return;
    let settled: Settled[];
    try {
      settled = this.groupTransaction.immediate(group);
      this.committed.transactions++;
    } catch {
      // The group as a whole failed (SQLite gave up the transaction, or COMMIT failed): none of it was
      // written, so each append is tried again alone and answers for itself.
      settled = group.map((append) => {
        try {
          const result = this.appendTransaction.immediate(append.streamId, append.events, append.expected);
          this.committed.transactions++;
          return { result };
        } catch (error) {
          return { error };
        }
      });
    }
    const written = settled.filter((outcome) => 'result' in outcome).length;
    this.committed.appends += written;
    if (written > 0) this.appended();
    settled.forEach((outcome, index) => ('result' in outcome ? group[index]!.resolve(outcome.result) : group[index]!.reject(outcome.error)));
  }

  /**
   * One member of a group commit, its failure its own. Several events get a savepoint (a nested
   * better-sqlite3 transaction) so a failure half-way takes back the ones inserted; one event needs
   * none, and saves a savepoint's cost: every check comes before its only INSERT, and SQLite undoes a
   * failed statement by itself.
   */
  private appendInGroup({ streamId, events, expected }: QueuedAppend): Settled {
    try {
      return { result: events.length === 1 ? this.appendInTransaction(streamId, events, expected) : this.appendTransaction(streamId, events, expected) };
    } catch (error) {
      // Some errors (a full disk, I/O) make SQLite abandon the whole transaction: then the group cannot go on.
      if (!this.db.inTransaction) throw error;
      return { error };
    }
  }

  /** How appends have been committed so far, for tests and the bench. */
  get commits(): Readonly<{ transactions: number; appends: number }> {
    return { ...this.committed };
  }

  private appended() {
    this.appendCount++;
    for (const wake of this.wakers) wake();
  }

  private appendInTransaction(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): AppendResult {
    const retried = this.retriedAppend(streamId, events, expected);
    if (retried) return retried;

    const tip = this.statements.streamTip.get(streamId);
    const revision = tip?.revision ?? null;
    const actual = revision === null ? null : BigInt(revision);
    if (!expectedRevisionMatches(expected, actual)) throw new ExpectedVersionConflictError(streamId, expected, actual);

    // The chain is computed here, from the stream's last event read under the write lock, rather than
    // by callers: every append path (commands, ANY and STREAM_EXISTS appends, the CLI, migrations) is
    // chained, and no concurrent append can slip between reading the tip and writing after it.
    const previousHash = tip?.hash ?? null;
    const recordedAt = new Date().toISOString();
    let nextRevision = revision === null ? 0 : revision + 1;
    let position = 0;
    for (const event of chainEvents(events.map((event) => ({ ...event, streamId })), BigInt(nextRevision), previousHash)) {
      const info = this.statements.insert.run(
        event.id,
        streamId,
        nextRevision++,
        event.type,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
        recordedAt,
      );
      position = Number(info.lastInsertRowid);
    }
    return { nextExpectedRevision: BigInt(nextRevision - 1), position: toPosition(position) };
  }

  /**
   * Writes events exactly as another store recorded them (ids, revisions, data, metadata, recorded
   * times), for `import`: no decision, and the chain kept, not remade — each hash is recomputed and
   * must equal the one given, so an altered export is refused rather than chained afresh. Events must
   * come in log order, each stream's revisions from 0 without a gap; positions are this store's own
   * gap-free sequence, so an import of a whole log reproduces its positions. Events from before
   * chaining (no hash) are written without one; the data folder's upgrade chains them in place.
   */
  importRecorded(events: readonly RecordedEvent[]): Position | null {
    const imported = this.db
      .transaction(() => {
        let position: Position | null = null;
        for (const event of events) {
          const tip = this.statements.streamTip.get(event.streamId);
          const expected = tip ? tip.revision + 1 : 0;
          if (event.streamRevision !== BigInt(expected)) {
            throw new Error(`Cannot import event ${event.id}: stream ${event.streamId} expects revision ${expected} next, the event has ${event.streamRevision}`);
          }
          const previousHash = tip?.hash ?? null;
          const { hash } = event.metadata;
          if (hash !== undefined || previousHash !== null) {
            const recomputed = eventHash(event, previousHash);
            if (hash !== recomputed || (event.metadata.previousHash ?? null) !== previousHash) {
              throw new Error(
                `Cannot import event ${event.id} (position ${event.position}, ${event.streamId} revision ${event.streamRevision}): its hash ${hash ?? 'is missing and'} does not follow its stream's chain (recomputed ${recomputed}): the export was altered`,
              );
            }
          }
          const info = this.statements.insert.run(
            event.id,
            event.streamId,
            expected,
            event.type,
            JSON.stringify(event.data),
            JSON.stringify(event.metadata),
            event.recordedAt.toISOString(),
          );
          position = toPosition(info.lastInsertRowid);
        }
        return position;
      })
      .immediate();
    this.appended();
    return imported;
  }

  /**
   * A retried append (same event ids) is acknowledged again without writing, as EventStoreDB's server
   * does, and only where it does: every event already in this stream, in order, where `expected` put
   * them (an exact revision E: from E+1; STREAM_DOES_NOT_EXIST: from 0). Under ANY or STREAM_EXISTS the
   * ids alone decide here; EventStoreDB promises that only as best effort (the port, "Idempotency").
   * A batch written only in part, or a retry expecting another revision, is a conflict.
   */
  private retriedAppend(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): AppendResult | null {
    const first = this.statements.byEventId.get(events[0]!.id);
    if (!first) return null;
    const stored = events.map((event) => this.statements.byEventId.get(event.id));
    if (stored.some((row) => row && row.stream_id !== streamId)) {
      throw new Error(`Event ids in this append to ${streamId} were already used by other events`);
    }
    const from = typeof expected === 'bigint' ? Number(expected) + 1 : expected === STREAM_DOES_NOT_EXIST ? 0 : first.stream_revision;
    if (!stored.every((row, index) => row?.stream_revision === from + index)) {
      const tip = this.statements.streamTip.get(streamId);
      throw new ExpectedVersionConflictError(streamId, expected, tip ? BigInt(tip.revision) : null);
    }
    const last = stored[stored.length - 1]!;
    return { nextExpectedRevision: BigInt(last.stream_revision), position: toPosition(last.position) };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}) {
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const rows =
      options.direction === 'backwards'
        ? this.statements.readBackwards.all(streamId, Number(options.fromRevision ?? BigInt(Number.MAX_SAFE_INTEGER)), maxCount)
        : options.maxCount === undefined
          ? this.statements.readForwardsToEnd.all(streamId, Number(options.fromRevision ?? 0n))
          : this.statements.readForwards.all(streamId, Number(options.fromRevision ?? 0n), maxCount);
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}) {
    return this.readAfter(toSequence(options.after), options.maxCount ?? Number.MAX_SAFE_INTEGER);
  }

  private readAfter(sequence: number, maxCount: number) {
    return this.statements.readAll.all(sequence, maxCount).map(toRecordedEvent);
  }

  async *subscribeToAll(options: SubscribeOptions): AsyncIterable<RecordedEvent[]> {
    const maxBatchSize = options.maxBatchSize ?? 500;
    let sequence = toSequence(options.after);
    while (!options.signal.aborted && !this.closed) {
      const seenAppends = this.appendCount;
      const batch = this.readAfter(sequence, maxBatchSize);
      if (batch.length > 0) {
        sequence = toSequence(batch[batch.length - 1]!.position);
        yield batch;
      } else if (seenAppends === this.appendCount) {
        await this.nextAppendOrPoll(options.signal);
      }
    }
  }

  private nextAppendOrPoll(signal: AbortSignal) {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, this.pollIntervalMs);
      this.wakers.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  // SQLite answers synchronously, in-process: a probe's signal can only stop it before it starts.
  async headPosition(options: ProbeOptions = {}) {
    throwIfPastDeadline(options.signal, 'headPosition');
    const { position } = this.statements.head.get()!;
    return position === null ? null : toPosition(position);
  }

  comparePositions(a: Position, b: Position) {
    return Math.sign(toSequence(a) - toSequence(b));
  }

  async countEventsAfter(after?: Position, upTo = Number.POSITIVE_INFINITY, options: ProbeOptions = {}) {
    throwIfPastDeadline(options.signal, 'countEventsAfter');
    // Positions are gap-free, so the count is a subtraction.
    const { position } = this.statements.head.get()!;
    return Math.min(upTo, Math.max(0, (position ?? 0) - toSequence(after)));
  }

  async ping(options: ProbeOptions = {}) {
    throwIfPastDeadline(options.signal, 'ping');
    this.db.prepare('SELECT 1').get();
  }

  async close() {
    if (this.closed) return;
    // Appends already accepted are committed (and answered) before the file is let go.
    this.commitQueued();
    this.closed = true;
    for (const wake of this.wakers) wake();
    this.db.close();
  }
}
