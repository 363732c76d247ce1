import type { EventStore, Position, RecordedEvent } from '@ledger/event-store';
import { advanceCheckpoint, CheckpointMovedError, readCheckpoint } from './checkpoints.js';
import type { Projection } from './projection.js';
import type { ReadModelDatabase } from './read-model-database.js';

export type ProjectionStatus = Readonly<{ name: string; checkpoint: Position | null; lastError: string | null }>;

export type RunnerLogger = Pick<Console, 'log' | 'error'>;

export type ProjectionRunnerOptions = Readonly<{
  batchSize?: number;
  /** Wait before resubscribing after a failed batch. */
  retryDelayMs?: number;
  logger?: RunnerLogger;
}>;

type Waiter = { position: Position; names: readonly string[] | null; resolve: (caughtUp: boolean) => void; timer: NodeJS.Timeout };

const CHECKPOINTS = 'projection_checkpoints';

/**
 * Runs each projection on its own subscription to the global log. A batch of events and the
 * projection's checkpoint commit in one transaction; events at or below the checkpoint are skipped,
 * so a redelivered event is a no-op and a crash never double-counts. The checkpoint moves by
 * compare-and-set from where the batch started, so of two runners on one read-model file only one
 * commits each batch; the other reads on from the stored checkpoint.
 */
export class ProjectionRunner {
  private readonly batchSize: number;
  private readonly retryDelayMs: number;
  private readonly logger: RunnerLogger;
  private controller = new AbortController();
  private readonly loops = new Map<string, Promise<void>>();
  private readonly lastErrors = new Map<string, string>();
  private waiters: Waiter[] = [];
  private readonly lagCounts = new Map<number, Promise<ReadonlyMap<string, number>>>();

  constructor(
    private readonly store: EventStore,
    private readonly db: ReadModelDatabase,
    readonly projections: readonly Projection[],
    options: ProjectionRunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.retryDelayMs = options.retryDelayMs ?? 1000;
    this.logger = options.logger ?? console;
    const names = projections.map((projection) => projection.name);
    if (new Set(names).size !== names.length) throw new Error(`Projection names must be unique: ${names.join(', ')}`);
    for (const projection of projections) this.setUpCurrentVersion(projection);
  }

  /** A read model built by an older version of its projection is dropped and replayed from the log. */
  private setUpCurrentVersion(projection: Projection) {
    const stored = this.db.prepare<[string], { version: number }>('SELECT version FROM projection_versions WHERE name = ?').get(projection.name);
    if (stored?.version === projection.version) return projection.setUp(this.db);
    if (stored) this.logger.log(`Read model ${projection.name} changed shape (v${stored.version} → v${projection.version}): rebuilding it from the log`);
    this.reset(projection);
  }

  private reset(projection: Projection) {
    this.db.transaction(() => {
      projection.tearDown(this.db);
      this.db.prepare(`DELETE FROM ${CHECKPOINTS} WHERE name = ?`).run(projection.name);
      projection.setUp(this.db);
      this.db
        .prepare('INSERT INTO projection_versions (name, version) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET version = excluded.version')
        .run(projection.name, projection.version);
    })();
  }

  checkpoint(name: string): Position | null {
    return readCheckpoint(this.db, CHECKPOINTS, name);
  }

  status(): ProjectionStatus[] {
    return this.projections.map(({ name }) => ({ name, checkpoint: this.checkpoint(name), lastError: this.lastErrors.get(name) ?? null }));
  }

  /**
   * Events each projection has still to process, counted up to `upTo` (a reader further behind shows
   * `upTo`), so the cost is bounded on every store. Concurrent callers with the same bound share one count.
   */
  lag(upTo: number): Promise<ReadonlyMap<string, number>> {
    const inFlight = this.lagCounts.get(upTo);
    if (inFlight) return inFlight;
    const counting = Promise.all(
      this.projections.map(async ({ name }) => [name, await this.store.countEventsAfter(this.checkpoint(name) ?? undefined, upTo)] as const),
    )
      .then((counts) => new Map(counts))
      .finally(() => this.lagCounts.delete(upTo));
    this.lagCounts.set(upTo, counting);
    return counting;
  }

  start() {
    if (this.loops.size > 0) return;
    this.controller = new AbortController();
    for (const projection of this.projections) this.loops.set(projection.name, this.run(projection, this.controller.signal));
  }

  async stop() {
    this.controller.abort();
    await Promise.all(this.loops.values());
    this.loops.clear();
    for (const waiter of this.waiters) this.settle(waiter, false);
  }

  /**
   * Resolves true once every projection named in `names` (null: all of them) has processed `position`,
   * false on timeout or stop.
   */
  waitFor(position: Position, timeoutMs = 5000, names: readonly string[] | null = null): Promise<boolean> {
    if (names?.length) this.select(names); // an unknown name would never be reached: refuse it now
    if (this.hasReached(position, names)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: Waiter = { position, names, resolve, timer: setTimeout(() => this.settle(waiter, false), timeoutMs) };
      this.waiters.push(waiter);
    });
  }

  /**
   * Drops the projections' tables and replays the whole log into them. Run it with the
   * subscriptions stopped; progress goes to `onProgress` after each batch.
   */
  async rebuild(names: readonly string[], onProgress: (name: string, done: number, total: number) => void = () => {}) {
    const selected = this.select(names);
    for (const projection of selected) {
      this.reset(projection);
      const total = await this.store.countEventsAfter();
      let done = 0;
      for (;;) {
        const checkpoint = this.checkpoint(projection.name);
        const batch = await this.store.readAll({ after: checkpoint ?? undefined, maxCount: this.batchSize });
        if (batch.length === 0) break;
        try {
          this.applyBatch(projection, batch, checkpoint);
        } catch (error) {
          // Another runner applied these meanwhile: read on from where it got to.
          if (error instanceof CheckpointMovedError) continue;
          throw error;
        }
        done += batch.length;
        onProgress(projection.name, done, Math.max(total, done));
      }
    }
    return selected.map((projection) => projection.name);
  }

  private select(names: readonly string[]) {
    if (names.length === 0) return [...this.projections];
    const unknown = names.filter((name) => !this.projections.some((projection) => projection.name === name));
    if (unknown.length > 0) {
      throw new Error(`Unknown projection ${unknown.join(', ')}; known: ${this.projections.map((p) => p.name).join(', ')}`);
    }
    return this.projections.filter((projection) => names.includes(projection.name));
  }

  private async run(projection: Projection, signal: AbortSignal) {
    while (!signal.aborted) {
      try {
        let checkpoint = this.checkpoint(projection.name);
        for await (const batch of this.store.subscribeToAll({ after: checkpoint ?? undefined, maxBatchSize: this.batchSize, signal })) {
          checkpoint = this.applyBatch(projection, batch, checkpoint);
          this.lastErrors.delete(projection.name);
          this.notifyWaiters();
        }
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof CheckpointMovedError) {
          // Not a failure: another runner (or a rebuild) got there first, so resubscribe at once.
          this.logger.log(`Projection ${projection.name} reads on from its stored checkpoint: ${error.message}`);
          this.notifyWaiters();
          continue;
        }
        const message = error instanceof Error ? error.message : String(error);
        this.lastErrors.set(projection.name, message);
        this.logger.error(`Projection ${projection.name} failed, retrying from its checkpoint: ${message}`);
        await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs));
      }
    }
  }

  /**
   * Applies the events after `expected` (where this runner believes the checkpoint is) and moves the
   * checkpoint from there to the last of them, all in one transaction; returns the new checkpoint.
   * Throws CheckpointMovedError, having changed nothing, when the stored checkpoint is elsewhere.
   */
  private applyBatch(projection: Projection, batch: readonly RecordedEvent[], expected: Position | null): Position | null {
    // IMMEDIATE takes the write lock at the start: the handlers' reads see the rows their writes build on,
    // and a second writer waits for the lock instead of failing half-way with a stale snapshot.
    return this.db.transaction(() => {
      // Refused before any handler runs (a handler re-applying an event could fail on its own first);
      // the compare-and-set at the end still guards the write.
      const stored = this.checkpoint(projection.name);
      if (stored !== expected) throw new CheckpointMovedError(projection.name, expected, stored);
      let last = expected;
      for (const event of batch) {
        if (last !== null && this.store.comparePositions(event.position, last) <= 0) continue;
        if (projection.handles.has(event.type)) projection.apply(this.db, event);
        last = event.position;
      }
      if (last !== null && last !== expected) advanceCheckpoint(this.db, CHECKPOINTS, projection.name, expected, last);
      return last;
    }).immediate();
  }

  private hasReached(position: Position, names: readonly string[] | null) {
    return (names ?? this.projections.map(({ name }) => name)).every((name) => {
      const checkpoint = this.checkpoint(name);
      return checkpoint !== null && this.store.comparePositions(checkpoint, position) >= 0;
    });
  }

  private notifyWaiters() {
    for (const waiter of this.waiters) if (this.hasReached(waiter.position, waiter.names)) this.settle(waiter, true);
  }

  private settle(waiter: Waiter, caughtUp: boolean) {
    clearTimeout(waiter.timer);
    this.waiters = this.waiters.filter((other) => other !== waiter);
    waiter.resolve(caughtUp);
  }
}
