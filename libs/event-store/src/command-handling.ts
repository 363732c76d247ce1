import { v7 as uuidv7 } from 'uuid';
import type { Command, Decider, Event } from '@ledger/domain';
import { ExpectedVersionConflictError } from './errors.js';
import { STREAM_DOES_NOT_EXIST, type AppendResult, type EventMetadata, type EventStore } from './event-store.js';

/** Every event type is at schema version 1 until an upcaster says otherwise. */
export const SCHEMA_VERSION = 1;

export type CommandOptions = Readonly<{
  metadata: Omit<EventMetadata, 'schemaVersion'>;
  /** When given, a stale revision fails with a conflict instead of being retried. */
  expectedRevision?: bigint;
  /** Reload-and-decide attempts on a version conflict when no revision was given. */
  maxAttempts?: number;
}>;

export type CommandResult<S> = Readonly<{ state: S; appended: AppendResult | null }>;

/** Loads a stream and folds it into the decider's state; the revision is null for a missing stream. */
export async function loadState<C extends Command, E extends Event, S>(
  store: EventStore,
  streamId: string,
  decider: Decider<C, E, S>,
): Promise<{ state: S; revision: bigint | null }> {
  const events = await store.readStream(streamId);
  const state = events.reduce((current, event) => decider.evolve(current, event as unknown as E), decider.initialState());
  return { state, revision: events.length > 0 ? events[events.length - 1]!.streamRevision : null };
}

/** Per store, the tail of each stream's queue of commands in this process. */
const queues = new WeakMap<EventStore, Map<string, Promise<unknown>>>();

/**
 * Runs commands on one stream one at a time within this process, so concurrent requests queue
 * instead of spending their retries on each other. Other processes still race: that is what the
 * expected-revision check and the retry are for.
 */
async function oneAtATime<T>(store: EventStore, streamId: string, work: () => Promise<T>): Promise<T> {
  let streams = queues.get(store);
  if (!streams) queues.set(store, (streams = new Map()));
  const previous = streams.get(streamId) ?? Promise.resolve();
  const current = previous.then(work);
  const tail = current.catch(() => undefined);
  streams.set(streamId, tail);
  try {
    return await current;
  } finally {
    if (streams.get(streamId) === tail) streams.delete(streamId);
  }
}

/**
 * Load, decide, append with optimistic concurrency. Without an explicit expected revision a
 * conflict means someone else wrote first: reload and decide again, a bounded number of times.
 */
export function handleCommand<C extends Command, E extends Event, S>(
  store: EventStore,
  streamId: string,
  decider: Decider<C, E, S>,
  command: C,
  options: CommandOptions,
): Promise<CommandResult<S>> {
  return oneAtATime(store, streamId, () => decideAndAppend(store, streamId, decider, command, options));
}

async function decideAndAppend<C extends Command, E extends Event, S>(
  store: EventStore,
  streamId: string,
  decider: Decider<C, E, S>,
  command: C,
  options: CommandOptions,
): Promise<CommandResult<S>> {
  const maxAttempts = options.expectedRevision === undefined ? (options.maxAttempts ?? 20) : 1;
  for (let attempt = 1; ; attempt++) {
    const { state, revision } = await loadState(store, streamId, decider);
    if (options.expectedRevision !== undefined && options.expectedRevision !== revision) {
      throw new ExpectedVersionConflictError(streamId, options.expectedRevision, revision);
    }
    const events = decider.decide(command, state);
    if (events.length === 0) return { state, appended: null };
    try {
      const appended = await store.appendToStream(
        streamId,
        events.map((event) => ({
          id: uuidv7(),
          type: event.type,
          data: event.data,
          metadata: { ...options.metadata, schemaVersion: SCHEMA_VERSION },
        })),
        { expectedRevision: revision ?? STREAM_DOES_NOT_EXIST },
      );
      return { state: events.reduce(decider.evolve, state), appended };
    } catch (error) {
      if (!(error instanceof ExpectedVersionConflictError) || attempt >= maxAttempts) throw error;
    }
  }
}
