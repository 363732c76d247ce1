import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { organisationDecider, organisationStreamId } from '@ledger/domain';
import { PLATFORM_ADMIN } from '../access/scopes.js';
import { LedgerCommand } from '../ledger/ledger-command.js';
import { StreamHandler } from '../ledger/stream-handler.js';
import type { Written } from '../ledger/written.js';
import type { RegisterOrganisationInput } from './dto/register-organisation.input.js';

export class RegisterOrganisationCommand extends LedgerCommand<RegisterOrganisationInput> {
  readonly what = 'register an organisation';
  async requires() {
    return [PLATFORM_ADMIN];
  }
}

@CommandHandler(RegisterOrganisationCommand)
export class RegisterOrganisationHandler
  extends StreamHandler(organisationDecider, organisationStreamId)
  implements ICommandHandler<RegisterOrganisationCommand>
{
  async execute(command: RegisterOrganisationCommand): Promise<Written> {
    const { name, sector } = command.input;
    const organisationId = command.newId('organisationId');
    return this.decide(organisationId, { type: 'RegisterOrganisation', data: { organisationId, name, sector } }, command);
  }
}
