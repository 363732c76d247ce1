import { Inject, Injectable } from '@nestjs/common';
import { IllegalStateError } from '@ledger/domain';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { ProjectionRunner } from '@ledger/projections';

/**
 * For a decision that needs to know what exists (a commitment's actions, a person's open pairings):
 * the read models, once they have caught up with the log as it stands, so nothing just written is missed.
 */
@Injectable()
export class CaughtUp {
  constructor(
    private readonly projections: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** Resolves once the read models show the log's head; `what` names what is not yet known otherwise. */
  async withLog(what: string): Promise<void> {
    const head = await this.store.headPosition();
    if (head && !(await this.projections.waitFor(head))) {
      throw new IllegalStateError(`The ledger is still catching up with recent changes, so ${what} not yet known; try again shortly`);
    }
  }
}
