import { Inject, Injectable } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import { actionStream, type ActionsPlanned } from '@ledger/domain';
import {
  EVENT_STORE,
  ExpectedVersionConflictError,
  STREAM_DOES_NOT_EXIST,
  type EventMetadata,
  type EventStore,
  type Position,
  type RecordedEvent,
} from '@ledger/event-store';
import type { ReadModelDatabase } from '@ledger/projections';
import { LogCompleter } from '../ledger/log-completer.js';
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

/** Completes plans a crash interrupted: starts any action stream an `ActionsPlanned` record still misses. */
@Injectable()
export class ActionPlanCompleter extends LogCompleter {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_MODEL_DATABASE) db: ReadModelDatabase,
    private readonly plans: ActionPlans,
  ) {
    super(store, db, 'action-plans', 'action plans');
  }

  protected async complete(event: RecordedEvent) {
    if (event.type !== 'ActionsPlanned') return false;
    await this.plans.startActions(event.data as ActionsPlanned['data'], event.metadata);
    return true;
  }
}
