import { Command } from '@nestjs/cqrs';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import type { CommandContext } from './command-context.js';
import type { Written } from './written.js';

/** Namespace of the ids derived from a clientMutationId (any fixed UUID would do; never change it). */
const CLIENT_MUTATION_NAMESPACE = '0f9d6c1e-7a55-4f0e-bb8e-2d4c9a7e3b10';

/**
 * A command for the bus: the mutation's input and who sent it. The bus routes by class, so each
 * mutation has its own subclass; `Result` is what its handler returns to the resolver.
 *
 * With a `clientMutationId`, every id the command mints is derived from (mutation, caller, key):
 * a retry names the same objects and the same cause, so the ledger recognises it and writes nothing.
 */
export abstract class LedgerCommand<Input extends { clientMutationId?: string | null }, Result = Written> extends Command<Result> {
  private readonly minted = new Map<string, string>();

  constructor(
    readonly input: Input,
    readonly context: CommandContext,
  ) {
    super();
  }

  /** True when the client sent a clientMutationId, so this command's ids and event ids are derived from it. */
  get idempotent(): boolean {
    return typeof this.input.clientMutationId === 'string';
  }

  /** The id of `purpose` (e.g. "partnershipId", "action for <organisation>"): the same on every retry with the same key. */
  newId(purpose: string): string {
    let id = this.minted.get(purpose);
    if (!id) {
      const key = this.input.clientMutationId;
      id = typeof key === 'string' ? uuidv5([this.constructor.name, this.context.actor.subjectId, key, purpose].join('\u0000'), CLIENT_MUTATION_NAMESPACE) : uuidv7();
      this.minted.set(purpose, id);
    }
    return id;
  }

  /** Links every event this command writes back to it; a retry has the same one. */
  get causationId(): string {
    return this.newId('causation');
  }
}

/** Any command on the bus, as the ledger sees it: the cause of the events it writes. */
export type Cause = LedgerCommand<{ clientMutationId?: string | null }, unknown>;
