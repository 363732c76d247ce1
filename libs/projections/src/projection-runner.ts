import type { EventStore, Position, ProbeOptions, RecordedEvent } from '@ledger/event-store';
import { advanceCheckpoint, CheckpointMovedError, readCheckpoint } from './checkpoints.js';
import type { Projection } from './projection.js';
import type { ReadModelDatabase } from './read-model-database.js';

export type ProjectionStatus = Readonly<{ name: string; checkpoint: Position | null; lastError: string | null }>;

export type RunnerLogger = Pick<Console, 'log' | 'error'>;

export type ProjectionRunnerOptions = Readonly<{
  /** Events per transaction while following the log live. */
  batchSize?: number;
  /**
   * Events per transaction when every projection catches up together at start: the process answers
   * nothing while a batch is applied (about 70 µs an event), so it stays modest.
   */
  catchUpBatchSize?: number;
  /**
   * Events per transaction in a rebuild, which serves nothing meanwhile: fewer, larger commits write less
   * (the same index pages are not written again for every batch).
   */
  rebuildBatchSize?: number;
  /**
   * SQLite's page cache for the read models during a rebuild or catch-up, in MiB (the usual 2 MiB is
   * restored after). Read models keyed by random ids insert all over their indexes: at 580,000 events a
   * rebuild took 133 s with the usual cache and 75 s with 256 MiB.
   */
  catchUpCacheMiB?: number;
  /** How often the start-up catch-up logs its progress; it logs none when it is done within one interval. */
  progressIntervalMs?: number;
  /** Wait before resubscribing after a failed batch. */
  retryDelayMs?: number;
  logger?: RunnerLogger;
}>;

type Waiter = { position: Position; names: readonly string[] | null; resolve: (caughtUp: boolean) => void; timer: NodeJS.Timeout };

/** Where a rebuild or catch-up has got to: `done` of `total` events read since it started (`total` as the log stood then, or more). */
export type CatchUpProgress = Readonly<{ projections: readonly string[]; done: number; total: number; seconds: number }>;

const CHECKPOINTS = 'projection_checkpoints';
/** The key of the shared subscription's loop among `loops` (projection names key their own). */
const TOGETHER = Symbol('together');
/** Projections whose rebuild started (tables dropped) and has not finished: a rebuild run again resumes them from their checkpoints. */
const REBUILDS = 'projection_rebuilds';

/** "12,000/58,098 events (21%), 25,000 events/s, about 2 s left": a catch-up's progress, worded for a log line. */
export function describeProgress({ done, total, seconds }: CatchUpProgress): string {
  const rate = seconds > 0 ? done / seconds : 0;
  const percent = total > 0 ? Math.floor((100 * done) / total) : 100;
  const left = rate > 0 ? Math.ceil((total - done) / rate) : null;
  const n = (value: number) => Math.round(value).toLocaleString('en-GB');
  return `${n(done)}/${n(total)} events (${percent}%), ${n(rate)} events/s${left === null || done >= total ? '' : `, about ${left} s left`}`;
}

/**
 * Runs the projections on one subscription to the global log. A batch of events and the projections'
 * checkpoints commit in one transaction; events at or below a checkpoint are skipped, so a redelivered
 * event is a no-op and a crash never double-counts. A checkpoint moves by compare-and-set from where
 * the batch started, so of two runners on one read-model file only one commits each batch; the other
 * reads on from the stored checkpoints. A projection that fails a batch the others can apply leaves
 * them and follows the log on its own subscription, so it holds back only itself.
 */
export class ProjectionRunner {
  private readonly batchSize: number;
  private readonly catchUpBatchSize: number;
  private readonly rebuildBatchSize: number;
  private readonly progressIntervalMs: number;
  private readonly catchUpCacheMiB: number;
  private readonly retryDelayMs: number;
  private readonly logger: RunnerLogger;
  private controller = new AbortController();
  private readonly loops = new Map<string | symbol, Promise<void>>();
  /** Projections that failed a batch applied together and follow the log on their own subscription. */
  private readonly alone = new Set<string>();
  /**
   * Where this runner has committed each checkpoint to: the stored one is there or further (runners only
   * move it forwards; a rebuild resets it through `reset`, and never beside a running API, which holds the
   * ReadModelLock; a checkpoint found moved clears this), so a wait is answered without reading the database.
   */
  private readonly committed = new Map<string, Position>();
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
    this.catchUpBatchSize = options.catchUpBatchSize ?? 2000;
    this.rebuildBatchSize = options.rebuildBatchSize ?? 10_000;
    this.progressIntervalMs = options.progressIntervalMs ?? 5000;
    this.catchUpCacheMiB = options.catchUpCacheMiB ?? 256;
    this.retryDelayMs = options.retryDelayMs ?? 1000;
    this.logger = options.logger ?? console;
    const names = projections.map((projection) => projection.name);
    if (new Set(names).size !== names.length) throw new Error(`Projection names must be unique: ${names.join(', ')}`);
    db.exec(`CREATE TABLE IF NOT EXISTS ${REBUILDS} (name TEXT PRIMARY KEY, started_at TEXT NOT NULL)`);
    for (const projection of projections) this.setUpCurrentVersion(projection);
  }

  /** A read model built by an older version of its projection is dropped and replayed from the log. */
  private setUpCurrentVersion(projection: Projection) {
    const stored = this.db.prepare<[string], { version: number }>('SELECT version FROM projection_versions WHERE name = ?').get(projection.name);
    if (stored?.version === projection.version) return projection.setUp(this.db);
    if (stored) this.logger.log(`Read model ${projection.name} changed shape (v${stored.version} → v${projection.version}): rebuilding it from the log`);
    this.reset(projection);
  }

  private reset(projection: Projection, rebuilding = false) {
    this.committed.delete(projection.name);
    this.db.transaction(() => {
      projection.tearDown(this.db);
      this.db.prepare(`DELETE FROM ${CHECKPOINTS} WHERE name = ?`).run(projection.name);
      if (rebuilding) this.db.prepare(`INSERT OR IGNORE INTO ${REBUILDS} (name, started_at) VALUES (?, ?)`).run(projection.name, new Date().toISOString());
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
   * `upTo`), so the cost is bounded on every store. Concurrent callers with the same bound share one count,
   * bounded by the signal of the caller that started it (probes all use the same deadline).
   */
  lag(upTo: number, options: ProbeOptions = {}): Promise<ReadonlyMap<string, number>> {
    const inFlight = this.lagCounts.get(upTo);
    if (inFlight) return inFlight;
    const counting = Promise.all(
      this.projections.map(
        async ({ name }) => [name, await this.store.countEventsAfter(this.checkpoint(name) ?? undefined, upTo, options)] as const,
      ),
    )
      .then((counts) => new Map(counts))
      .finally(() => this.lagCounts.delete(upTo));
    this.lagCounts.set(upTo, counting);
    return counting;
  }

  /**
   * Follows the log: first every projection together up to the head as it stands (one read of the log,
   * one transaction per batch, progress logged on a long catch-up), then together on one subscription
   * (one read and one transaction per batch, not one per projection); a projection that fails a batch
   * goes on alone on its own subscription, so a failing projection holds back only itself.
   */
  start() {
    if (this.loops.size > 0) return;
    this.controller = new AbortController();
    this.alone.clear();
    const signal = this.controller.signal;
    const caughtUp = this.catchUpAtStart(signal);
    this.loops.set(TOGETHER, caughtUp.then(() => this.follow(signal)));
  }

  private async catchUpAtStart(signal: AbortSignal) {
    const names = this.projections.map((projection) => projection.name).join(', ');
    try {
      const behind = await this.store.countEventsAfter(this.earliest(this.projections.map(({ name }) => this.checkpoint(name))) ?? undefined);
      // Quiet when the catch-up is a batch or less, as on most restarts.
      let logged = behind > this.catchUpBatchSize;
      if (logged) {
        this.logger.log(`Read models are ${behind.toLocaleString('en-GB')} events behind the log: catching up (progress every ${this.progressIntervalMs / 1000} s)`);
      }
      const options = { signal, batchSize: this.catchUpBatchSize, intervalMs: this.progressIntervalMs };
      const progress = await this.catchUp(this.projections, options, (progress) => {
        logged = true;
        this.logger.log(`Read models catching up with the log: ${describeProgress(progress)}`);
      });
      if (logged && !signal.aborted) this.logger.log(`Read models caught up with the log (${names}): ${describeProgress(progress)}`);
    } catch (error) {
      // The live subscription retries: a projection that fails alone goes on on its own, where its error is kept for the health check.
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(`Catching up every read model together stopped (${message}); they follow the log together, one that fails a batch on its own`);
    }
  }

  async stop() {
    this.controller.abort();
    // A projection may leave the shared subscription while the others stop: wait for its loop too.
    while (this.loops.size > 0) {
      const loops = [...this.loops];
      await Promise.all(loops.map(([, loop]) => loop));
      for (const [name, loop] of loops) if (this.loops.get(name) === loop) this.loops.delete(name);
    }
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
   * Drops the projections' tables and replays the whole log into them, every projection together (one
   * read of the log, one transaction per batch). Run it with the subscriptions stopped. A rebuild that
   * was stopped part-way (killed, crashed) is resumed from its checkpoints by the next rebuild of the
   * same projection, not started again: what it applied came from the same log. Progress goes to
   * `onProgress` after each batch.
   */
  async rebuild(names: readonly string[], onProgress: (progress: CatchUpProgress) => void = () => {}) {
    const selected = this.select(names);
    const interrupted = new Set(this.interruptedRebuilds());
    for (const projection of selected) if (!interrupted.has(projection.name)) this.reset(projection, true);
    await this.catchUp(selected, { signal: new AbortController().signal, batchSize: this.rebuildBatchSize, intervalMs: 0 }, onProgress);
    const finished = this.db.prepare(`DELETE FROM ${REBUILDS} WHERE name = ?`);
    this.db.transaction(() => selected.forEach(({ name }) => finished.run(name)))();
    return selected.map((projection) => projection.name);
  }

  /** Projections whose rebuild was stopped part-way: the next `rebuild` of each resumes it. */
  interruptedRebuilds(): string[] {
    const names = this.db.prepare<[], string>(`SELECT name FROM ${REBUILDS} ORDER BY name`).pluck().all();
    return names.filter((name) => this.projections.some((projection) => projection.name === name));
  }

  /**
   * Brings `projections` up to the log's head, reading each batch of `batchSize` once for all of them and
   * committing it with all their checkpoints in one transaction (a projection ahead of the others skips
   * what it has). Reports progress after a batch at most every `intervalMs` (0: after every batch); resolves
   * with where it got to.
   */
  private async catchUp(
    projections: readonly Projection[],
    { signal, batchSize, intervalMs }: Readonly<{ signal: AbortSignal; batchSize: number; intervalMs: number }>,
    onProgress: (progress: CatchUpProgress) => void,
  ): Promise<CatchUpProgress> {
    const started = process.hrtime.bigint();
    let checkpoints = projections.map((projection) => this.checkpoint(projection.name));
    let after = this.earliest(checkpoints);
    const total = await this.store.countEventsAfter(after ?? undefined);
    let done = 0;
    const progress = (): CatchUpProgress => ({
      projections: projections.map((projection) => projection.name),
      done,
      total: Math.max(total, done),
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
    });
    // With an interval, nothing is reported within the first one: a short catch-up stays quiet.
    let reported = intervalMs > 0 ? Date.now() : 0;
    await this.withCatchUpSettings(async () => {
      while (!signal.aborted) {
        const batch = await this.store.readAll({ after: after ?? undefined, maxCount: batchSize });
        if (batch.length === 0) break;
        try {
          checkpoints = this.applyTogether(projections, batch, checkpoints);
        } catch (error) {
          if (!(error instanceof CheckpointMovedError)) throw error;
          // Another runner applied some of these meanwhile: read on from where each projection got to.
          this.logger.log(`Projection ${error.checkpoint} reads on from its stored checkpoint: ${error.message}`);
          this.notifyWaiters();
          checkpoints = projections.map((projection) => this.checkpoint(projection.name));
          after = this.earliest(checkpoints);
          continue;
        }
        after = batch[batch.length - 1]!.position;
        done += batch.length;
        this.notifyWaiters();
        if (Date.now() - reported >= intervalMs) {
          reported = Date.now();
          onProgress(progress());
        }
        // Let the process answer requests (health checks, reads) between batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
    });
    this.notifyWaiters();
    return progress();
  }

  /**
   * Runs a catch-up with a large page cache and the write-ahead log checkpointed every 80 MB rather than
   * every 4 MB, then puts both back. At scale 0.01 a rebuild wrote 466 MB for a 90 MB read-model file with
   * the usual settings, 207 MB with these and batches of 10,000.
   */
  private async withCatchUpSettings(run: () => Promise<void>) {
    const usual = { cache_size: this.db.pragma('cache_size', { simple: true }), wal_autocheckpoint: this.db.pragma('wal_autocheckpoint', { simple: true }) };
    this.db.pragma(`cache_size = ${-this.catchUpCacheMiB * 1024}`);
    this.db.pragma('wal_autocheckpoint = 20000');
    try {
      await run();
    } finally {
      for (const [name, value] of Object.entries(usual)) this.db.pragma(`${name} = ${Number(value)}`);
    }
  }

  /** The earliest of some checkpoints (null, the start of the log, is earliest). */
  private earliest(checkpoints: readonly (Position | null)[]): Position | null {
    if (checkpoints.includes(null)) return null;
    return (checkpoints as Position[]).reduce((earliest, checkpoint) => (this.store.comparePositions(checkpoint, earliest) < 0 ? checkpoint : earliest));
  }

  private select(names: readonly string[]) {
    if (names.length === 0) return [...this.projections];
    const unknown = names.filter((name) => !this.projections.some((projection) => projection.name === name));
    if (unknown.length > 0) {
      throw new Error(`Unknown projection ${unknown.join(', ')}; known: ${this.projections.map((p) => p.name).join(', ')}`);
    }
    return this.projections.filter((projection) => names.includes(projection.name));
  }

  /**
   * The projections not on their own follow the log together: each batch is read once and applied by
   * all of them in one transaction with all their checkpoints. When that transaction fails, each tries
   * the batch alone; those that fail leave for their own subscription (`run`), the rest go on together.
   */
  private async follow(signal: AbortSignal) {
    while (!signal.aborted) {
      const together = this.projections.filter(({ name }) => !this.alone.has(name));
      if (together.length === 0) return;
      let checkpoints = together.map(({ name }) => this.checkpoint(name));
      try {
        for await (const batch of this.store.subscribeToAll({ after: this.earliest(checkpoints) ?? undefined, maxBatchSize: this.batchSize, signal })) {
          try {
            checkpoints = this.applyTogether(together, batch, checkpoints);
          } catch (error) {
            if (error instanceof CheckpointMovedError) throw error;
            if (this.separateFailing(together, batch, checkpoints, error, signal)) break; // the rest resubscribe from their checkpoints
            throw error;
          }
          for (const { name } of together) this.lastErrors.delete(name);
          this.notifyWaiters();
        }
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof CheckpointMovedError) {
          // Not a failure: another runner (or a rebuild) got there first, so resubscribe at once.
          this.logger.log(`Projection ${error.checkpoint} reads on from its stored checkpoint: ${error.message}`);
          this.committed.clear(); // another runner reset it, maybe: believe the stored checkpoints again
          this.notifyWaiters();
          continue;
        }
        // Not one projection's fault (every one failed alone too, e.g. another process holds the lock): all retry together.
        const message = error instanceof Error ? error.message : String(error);
        for (const { name } of together) this.lastErrors.set(name, message);
        this.logger.error(`Projections ${together.map(({ name }) => name).join(', ')} failed, retrying from their checkpoints: ${message}`);
        await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs));
      }
    }
  }

  /**
   * After `batch` failed for `together` as a whole: applies it for each alone, in its own transaction.
   * Those that fail alone (not all of them: then the fault is not theirs) go on on their own
   * subscriptions; true when some did, so the others resubscribe without them.
   */
  private separateFailing(together: readonly Projection[], batch: readonly RecordedEvent[], checkpoints: readonly (Position | null)[], error: unknown, signal: AbortSignal): boolean {
    const failing = together.filter((projection, i) => {
      try {
        this.applyBatch(projection, batch, checkpoints[i]!);
        return false;
      } catch (own) {
        return !(own instanceof CheckpointMovedError);
      }
    });
    this.notifyWaiters();
    if (failing.length === 0 || failing.length === together.length) return failing.length === 0;
    const message = error instanceof Error ? error.message : String(error);
    for (const projection of failing) {
      this.alone.add(projection.name);
      this.logger.log(`Projection ${projection.name} failed a batch the others applied (${message}); it follows the log on its own`);
      this.loops.set(projection.name, this.run(projection, signal));
    }
    return true;
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
          this.committed.delete(projection.name);
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
    return this.applyTogether([projection], batch, [expected])[0]!;
  }

  /** `applyBatch` for several projections in one transaction: all their batches and checkpoints commit, or none. */
  private applyTogether(projections: readonly Projection[], batch: readonly RecordedEvent[], expected: readonly (Position | null)[]): (Position | null)[] {
    // IMMEDIATE takes the write lock at the start: the handlers' reads see the rows their writes build on,
    // and a second writer waits for the lock instead of failing half-way with a stale snapshot.
    const next = this.db.transaction(() => {
      // Refused before any handler runs (a handler re-applying an event could fail on its own first);
      // the compare-and-set at the end still guards the write.
      projections.forEach(({ name }, i) => {
        const stored = this.checkpoint(name);
        if (stored !== expected[i]) throw new CheckpointMovedError(name, expected[i]!, stored);
      });
      return projections.map((projection, i) => {
        const from = expected[i]!;
        let first = 0;
        // Only the events after this projection's checkpoint (positions ascend through the batch).
        if (from !== null) while (first < batch.length && this.store.comparePositions(batch[first]!.position, from) <= 0) first++;
        if (first === batch.length) return from;
        const { handles } = projection;
        for (let j = first; j < batch.length; j++) {
          const event = batch[j]!;
          if (handles.has(event.type)) projection.apply(this.db, event);
        }
        const last = batch[batch.length - 1]!.position;
        advanceCheckpoint(this.db, CHECKPOINTS, projection.name, from, last);
        return last;
      });
    }).immediate();
    projections.forEach(({ name }, i) => {
      if (next[i] !== null) this.committed.set(name, next[i]!);
    });
    return next;
  }

  private hasReached(position: Position, names: readonly string[] | null) {
    return (names ?? this.projections.map(({ name }) => name)).every((name) => {
      const committed = this.committed.get(name);
      if (committed !== undefined && this.store.comparePositions(committed, position) >= 0) return true;
      // Another runner on the same file may have applied it.
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
