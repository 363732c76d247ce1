import { DomainError } from '@ledger/domain';
import type { ExpectedRevision } from './event-store.js';

/** Raised by every adapter when a stream is not at the expected revision; nothing was written. */
export class ExpectedVersionConflictError extends DomainError {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's current revision, or null when it does not exist. */
    readonly actual: bigint | null,
  ) {
    super(
      `Stream ${streamId} was expected at ${String(expected)} but is at ${actual === null ? 'STREAM_DOES_NOT_EXIST' : String(actual)}`,
    );
  }
}
