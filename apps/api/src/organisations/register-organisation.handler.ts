import { organisationStream } from '@ledger/domain';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PLATFORM_ADMIN } from '../access/scopes.js';
import { LedgerCommand } from '../ledger/ledger-command.js';
import { Ledger } from '../ledger/ledger.service.js';
import type { Written } from '../ledger/written.js';
import type { RegisterOrganisationInput } from './dto/register-organisation.input.js';

export class RegisterOrganisationCommand extends LedgerCommand<RegisterOrganisationInput> {
  readonly what = 'register an organisation';
  async requires() {
    return [PLATFORM_ADMIN];
  }
}

@CommandHandler(RegisterOrganisationCommand)
export class RegisterOrganisationHandler implements ICommandHandler<RegisterOrganisationCommand> {
  constructor(private readonly ledger: Ledger) {}

  async execute(command: RegisterOrganisationCommand): Promise<Written> {
    const { name, sector } = command.input;
    const organisationId = command.newId('organisationId');
    return this.ledger.handle(organisationStream, organisationId, { type: 'RegisterOrganisation', data: { organisationId, name, sector } }, command);
  }
}
