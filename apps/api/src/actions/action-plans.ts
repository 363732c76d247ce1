import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import { actionStream, type ActionsPlanned } from '@ledger/domain';
import {
  EVENT_STORE,
  ExpectedVersionConflictError,
  STREAM_DOES_NOT_EXIST,
  type EventMetadata,
  type EventStore,
  type Position,
} from '@ledger/event-store';
import { advanceCheckpoint, CheckpointMovedError, readCheckpoint, type ReadModelDatabase } from '@ledger/projections';
import { READ_MODEL_DATABASE } from '../ledger/ledger.module.js';

/** Namespace of the ids of the `ActionPlanned` events a plan starts its actions' streams with. */
const ACTION_PLANNED_NAMESPACE = '8f1e3a52-6b7d-4c09-a2e4-5d3b71c9e604';

/**
 * Starts the stream of every action in a recorded plan with the `ActionPlanned` event the plan
 * holds. Idempotent: a stream that already exists was started by this plan (action ids are new
 * to each plan), so running it twice, or in two processes at once, writes each action once.
 */
@Injectable()
export class ActionPlans {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Resolves with the position of the last action's first event. A meeting's actions raised are planned the same way. */
  async startActions(plan: Pick<ActionsPlanned['data'], 'actions'>, metadata: EventMetadata): Promise<Position> {
    let last: Position | null = null;
    for (const action of plan.actions) {
      const position = await this.startAction(action, metadata);
      if (last === null || this.store.comparePositions(position, last) > 0) last = position;
    }
    if (last === null) throw new Error('A recorded plan has no actions');
    return last;
  }

  private async startAction(action: ActionsPlanned['data']['actions'][number], metadata: EventMetadata): Promise<Position> {
    const streamId = actionStream.streamId(action.actionId);
    try {
      const event = { id: uuidv5(action.actionId, ACTION_PLANNED_NAMESPACE), type: 'ActionPlanned', data: action, metadata };
      return (await this.store.appendToStream(streamId, [event], { expectedRevision: STREAM_DOES_NOT_EXIST })).position;
    } catch (error) {
      if (!(error instanceof ExpectedVersionConflictError)) throw error;
      const [first] = await this.store.readStream(streamId, { maxCount: 1 });
      if (!first) throw error;
      return first.position;
    }
  }
}

const COMPLETER = 'action-plans';
const CHECKPOINTS = 'process_checkpoints';

/**
 * Completes plans a crash interrupted: follows the log for `ActionsPlanned` and starts any action
 * stream still missing. Its checkpoint sits in the read-model database; if that is deleted it
 * re-reads the log, which only finds every action already started.
 */
@Injectable()
export class ActionPlanCompleter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ActionPlans');
  private readonly controller = new AbortController();
  private loop: Promise<void> = Promise.resolve();
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DATABASE) private readonly db: ReadModelDatabase,
    private readonly plans: ActionPlans,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS ${CHECKPOINTS} (name TEXT PRIMARY KEY, position TEXT NOT NULL)`);
  }

  onApplicationBootstrap() {
    this.loop = this.run(this.controller.signal);
  }

  async onApplicationShutdown() {
    this.controller.abort();
    await this.loop;
  }


  private async run(signal: AbortSignal) {
    while (!signal.aborted) {
      try {
        let checkpoint = readCheckpoint(this.db, CHECKPOINTS, COMPLETER);
        for await (const batch of this.store.subscribeToAll({ after: checkpoint ?? undefined, signal })) {
          for (const event of batch) {
            if (event.type === 'ActionsPlanned') await this.plans.startActions(event.data as ActionsPlanned['data'], event.metadata);
          }
          const last = batch.at(-1);
          if (!last) continue;
          // Compare-and-set, as the projections' checkpoints: a checkpoint moved by someone else is read again.
          advanceCheckpoint(this.db, CHECKPOINTS, COMPLETER, checkpoint, last.position);
          checkpoint = last.position;
        }
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof CheckpointMovedError) continue;
        this.logger.error(`Completing action plans failed, retrying: ${error instanceof Error ? error.message : String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }
}
