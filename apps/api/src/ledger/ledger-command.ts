import { Command } from '@nestjs/cqrs';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import type { Actor, GrantRequirement } from '@ledger/domain';
import type { Scopes } from '../access/scopes.js';
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
 *
 * Every command says which grants allow it (`requires`); `LedgerCommands.execute` checks them before
 * any handler runs, and the ledger appends nothing for a command that was not authorised.
 */
export abstract class LedgerCommand<Input extends { clientMutationId?: string | null }, Result = Written> extends Command<Result> {
  private readonly minted = new Map<string, string>();
  private authorisedAs: Actor | null = null;

  /** What the command does, for a refusal: "You may not <what>". */
  abstract readonly what: string;

  /**
   * True for every command that changes a partnership's record (refused once the partnership is
   * dissolved, see LedgerCommands); access grants say false: who may read the history is still decided.
   */
  readonly changesPartnershipRecord: boolean = true;

  /** The grants any one of which allows this command, broadest first; looked up through `scopes`. */
  abstract requires(scopes: Scopes): Promise<readonly GrantRequirement[]>;

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
      id = typeof key === 'string' ? uuidv5([this.constructor.name, this.context.caller.personId, key, purpose].join('\u0000'), CLIENT_MUTATION_NAMESPACE) : uuidv7();
      this.minted.set(purpose, id);
    }
    return id;
  }

  /** Records the grant the caller acts under; events carry it as their actor. */
  authorise(actor: Actor) {
    this.authorisedAs = actor;
  }

  /** Who is acting and under which grant; a command that skipped authorisation cannot write. */
  get actor(): Actor {
    if (!this.authorisedAs) throw new Error(`${this.constructor.name} was not authorised before it ran`);
    return this.authorisedAs;
  }

  /** Links every event this command writes back to it; a retry has the same one. */
  get causationId(): string {
    return this.newId('causation');
  }
}

/** Any command on the bus, as the ledger sees it: the cause of the events it writes. */
export type Cause = LedgerCommand<{ clientMutationId?: string | null }, unknown>;
