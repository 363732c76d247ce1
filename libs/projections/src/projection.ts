import type { RecordedEvent } from '@ledger/event-store';
import type { ReadModelDatabase } from './read-model-database.js';

/**
 * A read model fed from the global log. `apply` runs inside the runner's batch transaction,
 * together with the checkpoint update, so an event is applied once or not at all.
 */
export interface Projection {
  readonly name: string;
  /** Raise it whenever the tables change shape: the runner then rebuilds this read model on start. */
  readonly version: number;
  readonly handles: ReadonlySet<string>;
  /** Creates the projection's tables when missing. */
  setUp(db: ReadModelDatabase): void;
  /** Drops the projection's tables, before a rebuild. */
  tearDown(db: ReadModelDatabase): void;
  apply(db: ReadModelDatabase, event: RecordedEvent): void;
}
