import { Inject, Injectable } from '@nestjs/common';
import type { LedgerConfig } from '@ledger/config';
import type { Position } from '@ledger/event-store';
import { ProjectionRunner } from '@ledger/projections';
import { LEDGER_CONFIG } from './ledger-tokens.js';
import type { PayloadReads } from './payload-reads.js';

export { PayloadReads } from './payload-reads.js';

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
 * have processed the event it wrote: the caller reads its own write, never a stale one. It waits
 * only for the read models its payload reads (`PayloadReads`, from the request's selection), so a
 * slow or failing projection the caller does not read holds nobody up.
 */
@Injectable()
export class ReadYourWrites {
  constructor(
    private readonly projections: ProjectionRunner,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async payload<T extends object>(
    reads: PayloadReads,
    input: { clientMutationId?: string | null },
    position: Position,
    read: () => T,
  ): Promise<T & { position: Position; clientMutationId: string | null }> {
    const caughtUp = await this.projections.waitFor(position, this.config.readYourWritesTimeoutMs, reads.readModels);
    if (!caughtUp) throw new ReadModelBehindError(position, this.config.readYourWritesTimeoutMs);
    return { ...read(), position, clientMutationId: input.clientMutationId ?? null };
  }
}
