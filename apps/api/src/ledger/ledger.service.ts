import { Inject, Injectable } from '@nestjs/common';
import {
  commitmentDecider,
  commitmentFacts,
  commitmentStreamId,
  partnershipDecider,
  partnershipFacts,
  partnershipStreamId,
  ValidationError,
  type Command,
  type CommandMetadata,
  type CommitmentFacts,
  type Decider,
  type Event,
  type PartnershipFacts,
} from '@ledger/domain';
import {
  EVENT_STORE,
  handleCommand,
  loadState,
  SCHEMA_VERSION,
  type AppendResult,
  type CommandResult,
  type EventMetadata,
  type EventStore,
  type RecordedEvent,
} from '@ledger/event-store';
import type { LedgerConfig } from '@ledger/config';
import type { Cause } from './ledger-command.js';
import { LEDGER_CONFIG } from './ledger-tokens.js';

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
 * appended with optimistic concurrency.
 */
@Injectable()
export class Ledger {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: Pick<LedgerConfig, 'clock'>,
  ) {}

  /** Loads the stream, decides, appends; a retry of `cause` (same clientMutationId) answers with what it wrote first. */
  async handle<C extends Command, E extends Event, S>(
    streamId: string,
    decider: Decider<C, E, S>,
    command: CommandInput<C>,
    cause: Cause,
    expectedRevision?: string | null,
  ): Promise<CommandResult<S> & { appended: AppendResult }> {
    const result = await handleCommand(
      this.store,
      streamId,
      decider,
      { ...command, metadata: this.commandMetadata(cause) } as unknown as C,
      {
        metadata: this.eventMetadata(cause),
        expectedRevision: parseRevision(expectedRevision),
        idempotent: cause.idempotent,
      },
    );
    if (!result.appended) throw new Error(`${command.type} wrote no events`);
    return { ...result, appended: result.appended };
  }

  /** The events an earlier attempt of `cause` (same clientMutationId) wrote to a stream; none without a key. */
  async earlierEvents(streamId: string, cause: Cause): Promise<RecordedEvent[]> {
    if (!cause.idempotent) return [];
    return (await this.store.readStream(streamId)).filter((event) => event.metadata.causationId === cause.causationId);
  }

  /** What `decide` is told besides the command: the clock and who is acting. */
  commandMetadata(cause: Cause): CommandMetadata {
    return { now: this.config.clock(), actor: cause.actor };
  }

  /** The metadata every event `cause` writes carries. */
  eventMetadata(cause: Cause): EventMetadata {
    return { actor: cause.actor, correlationId: cause.context.correlationId, causationId: cause.causationId, schemaVersion: SCHEMA_VERSION };
  }

  async state<C extends Command, E extends Event, S>(streamId: string, decider: Decider<C, E, S>): Promise<S> {
    return (await loadState(this.store, streamId, decider)).state;
  }

  async partnershipFacts(partnershipId: string): Promise<PartnershipFacts> {
    return partnershipFacts(await this.state(partnershipStreamId(partnershipId), partnershipDecider));
  }

  async commitmentFacts(commitmentId: string): Promise<CommitmentFacts> {
    return commitmentFacts(await this.state(commitmentStreamId(commitmentId), commitmentDecider));
  }
}
