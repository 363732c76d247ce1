import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AccessService } from '../access/access.service.js';
import { Scopes } from '../access/scopes.js';
import type { LedgerCommand } from './ledger-command.js';

/**
 * The one way a resolver sends a command: the caller's grants, read from the log as it stands,
 * must meet the command's rule before its handler runs. A refusal writes nothing.
 */
@Injectable()
export class LedgerCommands {
  constructor(
    private readonly bus: CommandBus,
    private readonly access: AccessService,
    private readonly scopes: Scopes,
  ) {}

  async execute<Result>(command: LedgerCommand<{ clientMutationId?: string | null }, Result>): Promise<Result> {
    const { personId } = command.context.caller;
    const [grants, required] = await Promise.all([this.access.grantsOf(personId), command.requires(this.scopes)]);
    command.authorise(await this.access.authorise(personId, grants, required, command.what));
    return this.bus.execute(command);
  }
}
