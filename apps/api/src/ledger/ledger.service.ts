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
  type CommitmentFacts,
  type Decider,
  type Event,
  type PartnershipFacts,
} from '@ledger/domain';
import type { LedgerConfig } from '@ledger/config';
import { EVENT_STORE, handleCommand, loadState, type AppendResult, type EventStore } from '@ledger/event-store';
import { commandOptions, type CommandContext } from './command-context.js';
import { LEDGER_CONFIG } from './ledger.module.js';

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

  async decide<C extends Command, E extends Event, S>(
    streamId: string,
    decider: Decider<C, E, S>,
    command: CommandInput<C>,
    context: CommandContext,
    expectedRevision?: string | null,
  ): Promise<AppendResult> {
    const result = await handleCommand(
      this.store,
      streamId,
      decider,
      { ...command, metadata: { now: this.config.clock(), actor: context.actor } } as unknown as C,
      commandOptions(context, parseRevision(expectedRevision)),
    );
    if (!result.appended) throw new Error(`${command.type} on ${streamId} wrote no events`);
    return result.appended;
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
