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

/** A probe (ping, head position, lag count) got no answer before its signal aborted; the read was cancelled. */
export class StoreDeadlineError extends Error {
  constructor(readonly call: string) {
    super(`The event store did not answer ${call} before its deadline; the read was cancelled`);
  }
}

/** Rejects at once when `signal` has aborted, so a probe that is already too late starts no read. */
export function throwIfPastDeadline(signal: AbortSignal | undefined, call: string) {
  if (signal?.aborted) throw new StoreDeadlineError(call);
}

/**
 * The stream was deleted permanently (tombstoned, `$tb`) in EventStoreDB: it can never be read or
 * written again under this name. The ledger never deletes streams; an operator did.
 */
export class StreamTombstonedError extends Error {
  constructor(readonly streamId: string) {
    super(`Stream ${streamId} was deleted permanently (tombstoned) in EventStoreDB; it can be neither read nor appended to`);
    this.name = 'StreamTombstonedError';
  }
}
