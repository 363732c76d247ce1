import { Inject, Injectable } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v7 as uuidv7 } from 'uuid';
import { organisationDecider, organisationStreamId, partnershipDecider, partnershipStreamId, requireName, type PartnershipCommand } from '@ledger/domain';
import type { LedgerConfig } from '@ledger/config';
import { PersonalDataStore } from '@ledger/personal-data';
import type { CommandContext } from '../ledger/command-context.js';
import { LedgerCommand } from '../ledger/ledger-command.js';
import { LEDGER_CONFIG } from '../ledger/ledger.module.js';
import { Ledger, type CommandInput } from '../ledger/ledger.service.js';
import type { Written } from '../ledger/written.js';
import type {
  AdoptPriorityInput,
  AppointMemberInput,
  FormPartnershipInput,
  JoinPartnershipInput,
  RetirePriorityInput,
} from './dto/partnership.inputs.js';

export class FormPartnershipCommand extends LedgerCommand<FormPartnershipInput> {}
export class JoinPartnershipCommand extends LedgerCommand<JoinPartnershipInput> {}
export class AppointMemberCommand extends LedgerCommand<AppointMemberInput, Written & { memberId: string }> {}
export class AdoptPriorityCommand extends LedgerCommand<AdoptPriorityInput, Written & { priorityId: string }> {}
export class RetirePriorityCommand extends LedgerCommand<RetirePriorityInput> {}

/** Decorated so Nest sees the constructor's parameter types, which subclasses inherit. */
@Injectable()
abstract class PartnershipHandler {
  constructor(protected readonly ledger: Ledger) {}

  protected async decide(partnershipId: string, command: CommandInput<PartnershipCommand>, context: CommandContext, expectedRevision?: string | null) {
    const appended = await this.ledger.decide(partnershipStreamId(partnershipId), partnershipDecider, command, context, expectedRevision);
    return { id: partnershipId, appended };
  }
}

@CommandHandler(FormPartnershipCommand)
export class FormPartnershipHandler extends PartnershipHandler implements ICommandHandler<FormPartnershipCommand> {
  constructor(
    ledger: Ledger,
    @Inject(LEDGER_CONFIG) private readonly config: Pick<LedgerConfig, 'defaultTimeZone'>,
  ) {
    super(ledger);
  }

  async execute({ input, context }: FormPartnershipCommand) {
    const partnershipId = uuidv7();
    const parentIsFormed = input.parentPartnershipId ? (await this.ledger.partnershipFacts(input.parentPartnershipId)).formed : false;
    const timeZone = input.timeZone ?? this.config.defaultTimeZone;
    return this.decide(partnershipId, { type: 'FormPartnership', data: { ...input, partnershipId, parentIsFormed, timeZone } }, context);
  }
}

@CommandHandler(JoinPartnershipCommand)
export class JoinPartnershipHandler extends PartnershipHandler implements ICommandHandler<JoinPartnershipCommand> {
  async execute({ input: { expectedRevision, ...input }, context }: JoinPartnershipCommand) {
    const organisation = await this.ledger.state(organisationStreamId(input.organisationId), organisationDecider);
    const organisationIsRegistered = organisation.status === 'Registered';
    return this.decide(input.partnershipId, { type: 'JoinPartnership', data: { ...input, organisationIsRegistered } }, context, expectedRevision);
  }
}

@CommandHandler(AppointMemberCommand)
export class AppointMemberHandler extends PartnershipHandler implements ICommandHandler<AppointMemberCommand> {
  constructor(
    ledger: Ledger,
    private readonly personalData: PersonalDataStore,
  ) {
    super(ledger);
  }

  /** The person's name goes to the personal-data store; the event carries only their id. */
  async execute({ input, context }: AppointMemberCommand) {
    const name = requireName('name', input.name);
    const [memberId, personId] = [uuidv7(), uuidv7()];
    this.personalData.record(personId, { name });
    try {
      const { partnershipId, organisationId, roleTitle, expectedRevision } = input;
      const written = await this.decide(
        partnershipId,
        { type: 'AppointMember', data: { partnershipId, memberId, personId, organisationId, roleTitle } },
        context,
        expectedRevision,
      );
      return { ...written, memberId };
    } catch (error) {
      this.personalData.forget(personId);
      throw error;
    }
  }
}

@CommandHandler(AdoptPriorityCommand)
export class AdoptPriorityHandler extends PartnershipHandler implements ICommandHandler<AdoptPriorityCommand> {
  async execute({ input: { expectedRevision, ...input }, context }: AdoptPriorityCommand) {
    const priorityId = uuidv7();
    const written = await this.decide(input.partnershipId, { type: 'AdoptPriority', data: { ...input, priorityId } }, context, expectedRevision);
    return { ...written, priorityId };
  }
}

@CommandHandler(RetirePriorityCommand)
export class RetirePriorityHandler extends PartnershipHandler implements ICommandHandler<RetirePriorityCommand> {
  async execute({ input: { expectedRevision, ...input }, context }: RetirePriorityCommand) {
    return this.decide(input.partnershipId, { type: 'RetirePriority', data: input }, context, expectedRevision);
  }
}

export const PARTNERSHIP_HANDLERS = [FormPartnershipHandler, JoinPartnershipHandler, AppointMemberHandler, AdoptPriorityHandler, RetirePriorityHandler];
