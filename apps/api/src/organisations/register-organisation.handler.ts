import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v7 as uuidv7 } from 'uuid';
import { organisationDecider, organisationStreamId } from '@ledger/domain';
import { LedgerCommand } from '../ledger/ledger-command.js';
import { Ledger } from '../ledger/ledger.service.js';
import type { Written } from '../ledger/written.js';
import type { RegisterOrganisationInput } from './dto/register-organisation.input.js';

export class RegisterOrganisationCommand extends LedgerCommand<RegisterOrganisationInput> {}

@CommandHandler(RegisterOrganisationCommand)
export class RegisterOrganisationHandler implements ICommandHandler<RegisterOrganisationCommand> {
  constructor(private readonly ledger: Ledger) {}

  async execute({ input, context }: RegisterOrganisationCommand): Promise<Written> {
    const organisationId = uuidv7();
    const appended = await this.ledger.decide(
      organisationStreamId(organisationId),
      organisationDecider,
      { type: 'RegisterOrganisation', data: { organisationId, name: input.name, sector: input.sector } },
      context,
    );
    return { id: organisationId, appended };
  }
}
