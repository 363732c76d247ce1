import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import type { Command, Decider, Event } from '@ledger/domain';
import { ExpectedVersionConflictError } from './errors.js';
import { stateCacheOf } from './state-cache.js';
import { STREAM_DOES_NOT_EXIST, type AppendResult, type EventMetadata, type EventStore, type RecordedEvent } from './event-store.js';

/** Every event type is at schema version 1 until an upcaster says otherwise. */
export const SCHEMA_VERSION = 1;

export type CommandOptions = Readonly<{
  metadata: Omit<EventMetadata, 'schemaVersion'>;
  /** When given, a stale revision fails with a conflict instead of being retried. */
  expectedRevision?: bigint;
  /** Reload-and-decide attempts on a version conflict when no revision was given. */
  maxAttempts?: number;
  /**
   * The causation id is a client's idempotency key (derived from its clientMutationId): event ids
   * are derived from it too, and a stream that already holds its events is not written again.
   */
  idempotent?: boolean;
}>;

export type CommandResult<S> = Readonly<{
  state: S;
  appended: AppendResult | null;
  /** The events this command wrote, now or, when `replayed`, by an earlier attempt with the same key. */
  events: readonly Pick<RecordedEvent, 'type' | 'data'>[];
  replayed: boolean;
}>;

/** Namespace of the event ids derived from an idempotency key (any fixed UUID would do). */
const EVENT_ID_NAMESPACE = '5b0c2d8e-4c1f-4e8a-9a51-1f6f3f0b7c21';

/**
 * Loads a stream and folds it into the decider's state; the revision is null for a missing stream.
 * Starts from the store's cached state when it has one and folds only the events after it.
 */
export async function loadState<C extends Command, E extends Event, S>(
  store: EventStore,
  streamId: string,
  decider: Decider<C, E, S>,
): Promise<{ state: S; revision: bigint | null; mayHaveCaused: (causationId: string) => boolean }> {
  const { state, revision, causations } = await fold(store, streamId, decider);
  return { state, revision, mayHaveCaused: (causationId) => causations.has(causationId) };
}

async function fold<C extends Command, E extends Event, S>(
  store: EventStore,
  streamId: string,
  decider: Decider<C, E, S>,
): Promise<{ state: S; revision: bigint | null; causations: Set<string> }> {
  const cache = stateCacheOf(store);
  const cached = cache.get(streamId, decider);
  try {
    const events = await store.readStream(streamId, cached ? { fromRevision: cached.revision + 1n } : undefined);
    let state = cached ? (cached.state as S) : decider.initialState();
    for (const event of events) state = decider.evolve(state, event as unknown as E);
    const revision = events.length > 0 ? events[events.length - 1]!.streamRevision : (cached?.revision ?? null);
    // Shared with the entry it extends: only ever added to, so an older entry's set is at worst a superset.
    const causations = cached?.causations ?? new Set<string>();
    for (const event of events) causations.add(event.metadata.causationId);
    if (revision !== null && (!cached || events.length > 0)) {
      cache.set(streamId, { decider, state, revision, causations });
    }
    return { state, revision, causations };
  } catch (error) {
    cache.evict(streamId);
    throw error;
  }
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
  const { causationId } = options.metadata;
  const cache = stateCacheOf(store);
  for (let attempt = 1; ; attempt++) {
    try {
      const { state, revision, causations } = await fold(store, streamId, decider);
      // A retry of a command already written answers with what it wrote, even if the stream moved on since.
      // Only then is the whole stream read: the cache knows which causes it has folded.
      if (options.idempotent && causations.has(causationId)) {
        const earlier = (await store.readStream(streamId)).filter((event) => event.metadata.causationId === causationId);
        if (earlier.length > 0) {
          const last = earlier.at(-1)!;
          return { state, appended: { position: last.position, nextExpectedRevision: last.streamRevision }, events: earlier, replayed: true };
        }
      }
      if (options.expectedRevision !== undefined && options.expectedRevision !== revision) {
        throw new ExpectedVersionConflictError(streamId, options.expectedRevision, revision);
      }
      const events = decider.decide(command, state);
      if (events.length === 0) return { state, appended: null, events, replayed: false };
      const appended = await store.appendToStream(
        streamId,
        events.map((event, index) => ({
          id: options.idempotent ? uuidv5(`${causationId}/${streamId}/${index}`, EVENT_ID_NAMESPACE) : uuidv7(),
          type: event.type,
          data: event.data,
          metadata: { ...options.metadata, schemaVersion: SCHEMA_VERSION },
        })),
        { expectedRevision: revision ?? STREAM_DOES_NOT_EXIST },
      );
      const after = events.reduce(decider.evolve, state);
      // The append held the revision the state was folded at, so the new state is exactly the stream's now.
      causations.add(causationId);
      cache.set(streamId, { decider, state: after, revision: appended.nextExpectedRevision, causations });
      return { state: after, appended, events, replayed: false };
    } catch (error) {
      // A conflict means the kept state is stale; any other error may leave it unknown. Either way, fold afresh.
      cache.evict(streamId);
      if (!(error instanceof ExpectedVersionConflictError) || attempt >= maxAttempts) throw error;
    }
  }
}
