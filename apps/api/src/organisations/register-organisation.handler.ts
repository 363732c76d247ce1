import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v7 as uuidv7 } from 'uuid';
import { organisationDecider, organisationStreamId } from '@ledger/domain';
import { EVENT_STORE, handleCommand, type EventStore } from '@ledger/event-store';
import { commandMetadata, commandOptions, type CommandContext } from '../ledger/command-context.js';
import { written, type Written } from '../ledger/written.js';
import type { RegisterOrganisationInput } from './dto/register-organisation.input.js';

export class RegisterOrganisationCommand extends Command<Written> {
  constructor(
    readonly input: RegisterOrganisationInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RegisterOrganisationCommand)
export class RegisterOrganisationHandler implements ICommandHandler<RegisterOrganisationCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ input, context }: RegisterOrganisationCommand): Promise<Written> {
    const organisationId = uuidv7();
    const result = await handleCommand(
      this.store,
      organisationStreamId(organisationId),
      organisationDecider,
      { type: 'RegisterOrganisation', data: { organisationId, name: input.name, sector: input.sector }, metadata: commandMetadata() },
      commandOptions(context),
    );
    return written(organisationId, result);
  }
}
