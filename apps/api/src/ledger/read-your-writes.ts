import { Inject, Injectable } from '@nestjs/common';
import type { LedgerConfig } from '@ledger/config';
import type { Position } from '@ledger/event-store';
import { ProjectionRunner } from '@ledger/projections';
import { LEDGER_CONFIG } from './ledger-tokens.js';

/** The write is in the log, but this instance's read models have not shown it within the bound. */
export class ReadModelBehindError extends Error {
  constructor(
    readonly position: Position,
    timeoutMs: number,
  ) {
    super(
      `Your change was written (position ${position}), but this server's read models did not show it within ${timeoutMs} ms. ` +
        'Read it again shortly; if you resend the mutation, send the same clientMutationId so it is not written twice.',
    );
    this.name = 'ReadModelBehindError';
  }
}

/**
 * A mutation answers from the read models, so it first waits until this instance's projections
 * have processed the event it wrote: the caller reads its own write, never a stale one.
 */
@Injectable()
export class ReadYourWrites {
  constructor(
    private readonly projections: ProjectionRunner,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async payload<T extends object>(
    input: { clientMutationId?: string | null },
    position: Position,
    read: () => T,
  ): Promise<T & { position: Position; clientMutationId: string | null }> {
    const caughtUp = await this.projections.waitFor(position, this.config.readYourWritesTimeoutMs);
    if (!caughtUp) throw new ReadModelBehindError(position, this.config.readYourWritesTimeoutMs);
    return { ...read(), position, clientMutationId: input.clientMutationId ?? null };
  }
}
