import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { requireNotDissolved, type GrantRequirement } from '@ledger/domain';
import { AccessService } from '../access/access.service.js';
import { Scopes } from '../access/scopes.js';
import type { LedgerCommand } from './ledger-command.js';
import { Ledger } from './ledger.service.js';

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
    private readonly ledger: Ledger,
  ) {}

  async execute<Result>(command: LedgerCommand<{ clientMutationId?: string | null }, Result>): Promise<Result> {
    const { personId } = command.context.caller;
    const [grants, required] = await Promise.all([this.access.grantsOf(personId), command.requires(this.scopes)]);
    command.authorise(await this.access.authorise(personId, grants, required, command.what));
    if (command.changesPartnershipRecord) await this.requireNoneDissolved(required);
    return this.bus.execute(command);
  }

  /**
   * The one place a dissolved partnership refuses commands: every command on a partnership, or on a
   * commitment, action, indicator, meeting or pairing under it, names that partnership's secretariat
   * among the grants that allow it, so the partnerships named there are the ones it would change.
   * Checked after authorisation (who may not act learns nothing), from the partnership's own stream.
   */
  private async requireNoneDissolved(required: readonly GrantRequirement[]) {
    const partnershipIds = new Set(required.flatMap((requirement) => (requirement.partnershipId ? [requirement.partnershipId] : [])));
    for (const partnershipId of partnershipIds) requireNotDissolved(await this.ledger.facts.partnership(partnershipId));
  }
}
