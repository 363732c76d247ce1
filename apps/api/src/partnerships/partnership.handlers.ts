import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v7 as uuidv7 } from 'uuid';
import {
  organisationDecider,
  organisationStreamId,
  partnershipDecider,
  partnershipStreamId,
  requireName,
  type PartnershipCommand,
} from '@ledger/domain';
import { EVENT_STORE, handleCommand, loadState, type EventStore } from '@ledger/event-store';
import { PersonalDataStore } from '@ledger/personal-data';
import { commandMetadata, commandOptions, type CommandContext } from '../ledger/command-context.js';
import { written, type Written } from '../ledger/written.js';
import type { AppointMemberInput, FormPartnershipInput, JoinPartnershipInput } from './dto/partnership.inputs.js';

export class FormPartnershipCommand extends Command<Written> {
  constructor(readonly input: FormPartnershipInput, readonly context: CommandContext) {
    super();
  }
}

export class JoinPartnershipCommand extends Command<Written> {
  constructor(readonly input: JoinPartnershipInput, readonly context: CommandContext) {
    super();
  }
}

export class AppointMemberCommand extends Command<Written & { memberId: string }> {
  constructor(readonly input: AppointMemberInput, readonly context: CommandContext) {
    super();
  }
}

/** Looks up the facts about other streams that partnership rules depend on. */
abstract class PartnershipHandler {
  constructor(@Inject(EVENT_STORE) protected readonly store: EventStore) {}

  protected async isFormed(partnershipId: string) {
    return (await loadState(this.store, partnershipStreamId(partnershipId), partnershipDecider)).state.status === 'Formed';
  }

  protected async isRegistered(organisationId: string) {
    return (await loadState(this.store, organisationStreamId(organisationId), organisationDecider)).state.status === 'Registered';
  }

  protected async decide(partnershipId: string, command: PartnershipCommand, context: CommandContext): Promise<Written> {
    const result = await handleCommand(this.store, partnershipStreamId(partnershipId), partnershipDecider, command, commandOptions(context));
    return written(partnershipId, result);
  }
}

@CommandHandler(FormPartnershipCommand)
export class FormPartnershipHandler extends PartnershipHandler implements ICommandHandler<FormPartnershipCommand> {
  async execute({ input, context }: FormPartnershipCommand) {
    const partnershipId = uuidv7();
    const parentIsFormed = input.parentPartnershipId ? await this.isFormed(input.parentPartnershipId) : false;
    return this.decide(
      partnershipId,
      { type: 'FormPartnership', data: { ...input, partnershipId, parentIsFormed }, metadata: commandMetadata() },
      context,
    );
  }
}

@CommandHandler(JoinPartnershipCommand)
export class JoinPartnershipHandler extends PartnershipHandler implements ICommandHandler<JoinPartnershipCommand> {
  async execute({ input, context }: JoinPartnershipCommand) {
    const organisationIsRegistered = await this.isRegistered(input.organisationId);
    return this.decide(
      input.partnershipId,
      { type: 'JoinPartnership', data: { ...input, organisationIsRegistered }, metadata: commandMetadata() },
      context,
    );
  }
}

@CommandHandler(AppointMemberCommand)
export class AppointMemberHandler extends PartnershipHandler implements ICommandHandler<AppointMemberCommand> {
  constructor(@Inject(EVENT_STORE) store: EventStore, private readonly personalData: PersonalDataStore) {
    super(store);
  }

  /** The person's name goes to the personal-data store; the event carries only their id. */
  async execute({ input, context }: AppointMemberCommand) {
    const name = requireName('name', input.name);
    const [memberId, personId] = [uuidv7(), uuidv7()];
    this.personalData.record(personId, { name });
    try {
      const { partnershipId, organisationId, roleTitle } = input;
      const result = await this.decide(
        partnershipId,
        { type: 'AppointMember', data: { partnershipId, memberId, personId, organisationId, roleTitle }, metadata: commandMetadata() },
        context,
      );
      return { ...result, memberId };
    } catch (error) {
      this.personalData.forget(personId);
      throw error;
    }
  }
}

export const PARTNERSHIP_HANDLERS = [FormPartnershipHandler, JoinPartnershipHandler, AppointMemberHandler];
