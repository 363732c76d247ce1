import { Injectable } from '@nestjs/common';
import type { Command, Decider, Event } from '@ledger/domain';
import type { Cause } from './ledger-command.js';
import { Ledger, type CommandInput } from './ledger.service.js';
import type { Written } from './written.js';

/**
 * The base of every command handler on one kind of stream, bound to its decider and stream id:
 * `decide(id, command, cause)` loads that stream, decides and appends.
 */
export function StreamHandler<C extends Command, E extends Event, S>(decider: Decider<C, E, S>, streamIdOf: (id: string) => string) {
  /** Decorated so Nest sees the constructor's parameter types, which subclasses inherit. */
  @Injectable()
  abstract class Handler {
    constructor(protected readonly ledger: Ledger) {}

    protected async decide(
      id: string,
      command: CommandInput<C>,
      cause: Cause,
      expectedRevision?: string | null,
    ): Promise<Written> {
      const { appended } = await this.ledger.handle(streamIdOf(id), decider, command, cause, expectedRevision);
      return { id, appended };
    }
  }
  return Handler;
}
