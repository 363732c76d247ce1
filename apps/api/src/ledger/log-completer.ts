import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { advanceCheckpoint, CheckpointMovedError, readCheckpoint, type ReadModelDatabase } from '@ledger/projections';

const CHECKPOINTS = 'process_checkpoints';
/**
 * Writing the checkpoint waits on the read-model database's lock (synchronously, up to its busy
 * timeout), so past batches that held no record it is written at most this often: after a restart
 * the completer re-reads at most that stretch of the log, and finds nothing to do in it.
 */
const IDLE_CHECKPOINT_INTERVAL_MS = 10_000;
/** Events read per batch; a shorter batch means the read reached the log's head. */
const BATCH_SIZE = 500;

/**
 * Completes work a record in the log promises (a plan's actions, a merge's consequences) that a crash
 * interrupted: follows the log for the records `complete` cares about and completes each, which must
 * be idempotent. Its checkpoint sits in the read-model database; if that is deleted it re-reads the
 * log, which only finds everything already completed.
 */
export abstract class LogCompleter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger: Logger;
  private readonly controller = new AbortController();
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: EventStore,
    private readonly db: ReadModelDatabase,
    /** The checkpoint's name, and what a failure says it was completing. */
    private readonly name: string,
    private readonly what: string,
  ) {
    this.logger = new Logger(name);
    db.exec(`CREATE TABLE IF NOT EXISTS ${CHECKPOINTS} (name TEXT PRIMARY KEY, position TEXT NOT NULL)`);
  }

  /** Completes what `event` promises, if it is a record this completer follows (true); other events pass by (false). */
  protected abstract complete(event: RecordedEvent): Promise<boolean>;

  onApplicationBootstrap() {
    this.loop = this.run(this.controller.signal);
  }

  async onApplicationShutdown() {
    this.controller.abort();
    await this.loop;
  }

  private async run(signal: AbortSignal) {
    let reachedHead = false;
    while (!signal.aborted) {
      try {
        let checkpoint = readCheckpoint(this.db, CHECKPOINTS, this.name);
        let advancedAt = Date.now();
        for await (const batch of this.store.subscribeToAll({ after: checkpoint ?? undefined, signal, maxBatchSize: BATCH_SIZE })) {
          let completed = false;
          for (const event of batch) completed = (await this.complete(event)) || completed;
          const last = batch.at(-1);
          // The embedded store yields batches without waiting on I/O: without this turn of the event loop a
          // long catch-up would hold off listening and every request until it reached the head.
          await new Promise((resolve) => setImmediate(resolve));
          // The first time a run reaches the head it stores where: otherwise a catch-up shorter than the
          // idle interval is never stored, and every start re-reads the whole log.
          const firstAtHead: boolean = !reachedHead && batch.length < BATCH_SIZE;
          reachedHead ||= firstAtHead;
          if (!last || (!completed && !firstAtHead && Date.now() - advancedAt < IDLE_CHECKPOINT_INTERVAL_MS)) continue;
          advancedAt = Date.now();
          // Compare-and-set, as the projections' checkpoints: a checkpoint moved by someone else is read again.
          advanceCheckpoint(this.db, CHECKPOINTS, this.name, checkpoint, last.position);
          checkpoint = last.position;
        }
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof CheckpointMovedError) continue;
        this.logger.error(`Completing ${this.what} failed, retrying: ${error instanceof Error ? error.message : String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }
}
