import { Injectable } from '@nestjs/common';
import type { AppendResult, Position } from '@ledger/event-store';
import { ProjectionRunner } from '@ledger/projections';

/**
 * A mutation answers from the read models, so it first waits until this instance's projections
 * have processed the event it wrote: the caller reads its own write.
 */
@Injectable()
export class ReadYourWrites {
  constructor(private readonly projections: ProjectionRunner) {}

  async payload<T extends object>(appended: AppendResult, read: () => T): Promise<T & { position: Position }> {
    await this.projections.waitFor(appended.position);
    return { ...read(), position: appended.position };
  }
}
