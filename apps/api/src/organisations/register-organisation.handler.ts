import { organisationStream, type SameName } from '@ledger/domain';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PartnershipDirectoryQueries } from '@ledger/projections';
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

/**
 * Organisations already registered under `name`, normalised. Read from the directory, which lags the
 * log by moments: two registrations of one body within that window both pass, and are merged later.
 */
export const sameNameAs = (directory: PartnershipDirectoryQueries, name: string): SameName =>
  directory.organisationsNamed(name).map((row) => ({ organisationId: row.id, name: row.name }));

@CommandHandler(RegisterOrganisationCommand)
export class RegisterOrganisationHandler implements ICommandHandler<RegisterOrganisationCommand> {
  constructor(
    private readonly ledger: Ledger,
    private readonly directory: PartnershipDirectoryQueries,
  ) {}

  async execute(command: RegisterOrganisationCommand): Promise<Written> {
    const { name, sector, allowDuplicateName } = command.input;
    const organisationId = command.newId('organisationId');
    const sameName = sameNameAs(this.directory, name);
    return this.ledger.handle(organisationStream, organisationId, { type: 'RegisterOrganisation', data: { organisationId, name, sector, sameName, allowDuplicateName } }, command);
  }
}
