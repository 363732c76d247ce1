import { Inject, Injectable } from '@nestjs/common';
import { ValidationError, type Command, type CommandMetadata, type Event } from '@ledger/domain';
import {
  EVENT_STORE,
  handleCommand,
  loadState,
  SCHEMA_VERSION,
  type CommandResult,
  type EventMetadata,
  type EventStore,
  type RecordedEvent,
} from '@ledger/event-store';
import type { LedgerConfig } from '@ledger/config';
import { Facts } from './facts.js';
import type { Cause } from './ledger-command.js';
import { LEDGER_CONFIG } from './ledger-tokens.js';
import type { Stream } from '@ledger/domain';
import type { Written } from './written.js';

/** A command as a handler builds it (one member of the decider's union); the metadata (clock, actor) is added here. */
export type CommandInput<C extends Command> = C extends Command ? Omit<C, 'metadata'> : never;

/** Revisions travel as decimal strings, like positions, so no client loses precision. */
export function parseRevision(value: string | null | undefined): bigint | undefined {
  if (value === null || value === undefined) return undefined;
  if (!/^\d{1,19}$/.test(value)) {
    throw new ValidationError('expectedRevision', 'isRevision', 'expectedRevision must be a stream revision as returned by the API');
  }
  return BigInt(value);
}

/**
 * The write side as handlers use it: facts about other streams, then one decision on one stream,
 * appended with optimistic concurrency. Every command handler is a call of `handle`.
 */
@Injectable()
export class Ledger {
  /** What a decision needs to know about other streams. */
  readonly facts = new Facts(this);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: Pick<LedgerConfig, 'clock'>,
  ) {}

  /**
   * Loads the stream `id` names, decides, appends; answers with the id and where the events landed.
   * A retry of `cause` (same clientMutationId) answers with what it wrote first.
   */
  async handle<C extends Command, E extends Event, S>(
    stream: Stream<C, E, S>,
    id: string,
    command: CommandInput<C>,
    cause: Cause,
    expectedRevision?: string | null,
  ): Promise<Written & Pick<CommandResult<S>, 'events'>> {
    const { appended, events } = await handleCommand(
      this.store,
      stream.streamId(id),
      stream.decider,
      { ...command, metadata: this.commandMetadata(cause) } as unknown as C,
      {
        metadata: this.eventMetadata(cause),
        expectedRevision: parseRevision(expectedRevision),
        idempotent: cause.idempotent,
      },
    );
    if (!appended) throw new Error(`${command.type} wrote no events`);
    return { id, appended, events };
  }

  /** The events an earlier attempt of `cause` (same clientMutationId) wrote to a stream; none without a key. */
  async earlierEvents<C extends Command, E extends Event, S>(stream: Stream<C, E, S>, id: string, cause: Cause): Promise<RecordedEvent[]> {
    if (!cause.idempotent) return [];
    return (await this.store.readStream(stream.streamId(id))).filter((event) => event.metadata.causationId === cause.causationId);
  }

  /** What `decide` is told besides the command: the clock and who is acting. */
  commandMetadata(cause: Cause): CommandMetadata {
    return { now: this.config.clock(), actor: cause.actor };
  }

  /** The metadata every event `cause` writes carries. */
  eventMetadata(cause: Cause): EventMetadata {
    return { actor: cause.actor, correlationId: cause.context.correlationId, causationId: cause.causationId, schemaVersion: SCHEMA_VERSION };
  }

  /** The stream `id` names, folded into its decider's state. */
  async state<C extends Command, E extends Event, S>(stream: Stream<C, E, S>, id: string): Promise<S> {
    return (await loadState(this.store, stream.streamId(id), stream.decider)).state;
  }
}
