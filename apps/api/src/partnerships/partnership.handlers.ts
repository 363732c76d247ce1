import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { LedgerConfig } from '@ledger/config';
import { NotFoundError, partnershipStream, requireName, ValidationError } from '@ledger/domain';
import { PersonalDataStore } from '@ledger/personal-data';
import { CommitmentTrackerQueries } from '@ledger/projections';
import { PartnershipSecretariatCommand } from '../access/rules.js';
import { PLATFORM_ADMIN, secretariatOf, type Scopes } from '../access/scopes.js';
import { LedgerCommand } from '../ledger/ledger-command.js';
import { LEDGER_CONFIG } from '../ledger/ledger.module.js';
import { Ledger } from '../ledger/ledger.service.js';
import type { Written } from '../ledger/written.js';
import type {
  AdoptPriorityInput,
  AppointMemberInput,
  ChangePartnershipSettingsInput,
  DissolvePartnershipInput,
  FormPartnershipInput,
  JoinPartnershipInput,
  LeavePartnershipInput,
  RetirePriorityInput,
  VacateMemberInput,
} from './dto/partnership.inputs.js';

export class FormPartnershipCommand extends LedgerCommand<FormPartnershipInput> {
  readonly what = 'form this partnership';
  /** A top-level partnership is the platform's; one beneath another is its secretariat's too. */
  async requires(scopes: Scopes) {
    const { parentPartnershipId } = this.input;
    if (!parentPartnershipId) return [PLATFORM_ADMIN];
    await scopes.requireFormed(parentPartnershipId, 'parentPartnershipId');
    return [secretariatOf(parentPartnershipId), PLATFORM_ADMIN];
  }
}
export class JoinPartnershipCommand extends PartnershipSecretariatCommand<JoinPartnershipInput> {
  readonly what = 'add an organisation to this partnership';
}
export class AppointMemberCommand extends PartnershipSecretariatCommand<AppointMemberInput, Written & { memberId: string }> {
  readonly what = 'appoint a member to this partnership';
}
export class AdoptPriorityCommand extends PartnershipSecretariatCommand<AdoptPriorityInput, Written & { priorityId: string }> {
  readonly what = 'adopt a priority for this partnership';
}
export class RetirePriorityCommand extends PartnershipSecretariatCommand<RetirePriorityInput> {
  readonly what = "retire this partnership's priority";
}
export class ChangePartnershipSettingsCommand extends PartnershipSecretariatCommand<ChangePartnershipSettingsInput> {
  readonly what = "change this partnership's board view settings";
}

export class LeavePartnershipCommand extends PartnershipSecretariatCommand<LeavePartnershipInput> {
  readonly what = 'record an organisation leaving this partnership';
}
export class VacateMemberCommand extends PartnershipSecretariatCommand<VacateMemberInput> {
  readonly what = "vacate a seat on this partnership's board";
}
/** Its secretariat winds it up (or one above it); nothing under it changes afterwards. */
export class DissolvePartnershipCommand extends PartnershipSecretariatCommand<DissolvePartnershipInput> {
  readonly what = 'dissolve this partnership';
}

@CommandHandler(FormPartnershipCommand)
export class FormPartnershipHandler implements ICommandHandler<FormPartnershipCommand> {
  constructor(
    private readonly ledger: Ledger,
    @Inject(LEDGER_CONFIG) private readonly config: Pick<LedgerConfig, 'defaultTimeZone'>,
  ) {}

  async execute(command: FormPartnershipCommand) {
    const { clientMutationId: _key, ...input } = command.input;
    const partnershipId = command.newId('partnershipId');
    const parentIsFormed = input.parentPartnershipId ? (await this.ledger.facts.partnership(input.parentPartnershipId)).formed : false;
    const timeZone = input.timeZone ?? this.config.defaultTimeZone;
    return this.ledger.handle(partnershipStream, partnershipId, { type: 'FormPartnership', data: { ...input, partnershipId, parentIsFormed, timeZone } }, command);
  }
}

@CommandHandler(JoinPartnershipCommand)
export class JoinPartnershipHandler implements ICommandHandler<JoinPartnershipCommand> {
  constructor(private readonly ledger: Ledger) {}

  async execute(command: JoinPartnershipCommand) {
    const { expectedRevision, clientMutationId: _key, ...input } = command.input;
    const organisationIsRegistered = await this.ledger.facts.organisationIsRegistered(input.organisationId);
    return this.ledger.handle(partnershipStream, input.partnershipId, { type: 'JoinPartnership', data: { ...input, organisationIsRegistered } }, command, expectedRevision);
  }
}

@CommandHandler(AppointMemberCommand)
export class AppointMemberHandler implements ICommandHandler<AppointMemberCommand> {
  constructor(
    private readonly ledger: Ledger,
    private readonly personalData: PersonalDataStore,
  ) {}

  /** The person's name goes to the personal-data store; the event carries only their id. */
  async execute(command: AppointMemberCommand) {
    const { input } = command;
    const memberId = command.newId('memberId');
    const personId = this.personOf(command);
    // A retry (same clientMutationId) finds the person already recorded, and neither overwrites nor erases them.
    const recordedBefore = this.personalData.knows(personId);
    if (!recordedBefore) this.personalData.record(personId, { name: requireName('name', input.name ?? '') });
    try {
      const { partnershipId, organisationId, roleTitle, expectedRevision } = input;
      const written = await this.ledger.handle(
        partnershipStream,
        partnershipId,
        { type: 'AppointMember', data: { partnershipId, memberId, personId, organisationId, roleTitle } },
        command,
        expectedRevision,
      );
      return { ...written, memberId };
    } catch (error) {
      if (!recordedBefore) this.personalData.forget(personId);
      throw error;
    }
  }

  /** A known person, or a new one named by `name`. */
  private personOf(command: AppointMemberCommand): string {
    const { input } = command;
    if (!input.personId) return command.newId('personId');
    if (input.name) throw new ValidationError('name', 'exactlyOne', 'Give either personId of a known person, or the name of a new one, not both');
    if (!this.personalData.knows(input.personId)) throw new NotFoundError('Person', input.personId, 'personId');
    return input.personId;
  }
}

@CommandHandler(AdoptPriorityCommand)
export class AdoptPriorityHandler implements ICommandHandler<AdoptPriorityCommand> {
  constructor(private readonly ledger: Ledger) {}

  async execute(command: AdoptPriorityCommand) {
    const { expectedRevision, clientMutationId: _key, ...input } = command.input;
    const priorityId = command.newId('priorityId');
    const written = await this.ledger.handle(partnershipStream, input.partnershipId, { type: 'AdoptPriority', data: { ...input, priorityId } }, command, expectedRevision);
    return { ...written, priorityId };
  }
}

@CommandHandler(RetirePriorityCommand)
export class RetirePriorityHandler implements ICommandHandler<RetirePriorityCommand> {
  constructor(private readonly ledger: Ledger) {}

  async execute(command: RetirePriorityCommand) {
    const { expectedRevision, clientMutationId: _key, ...input } = command.input;
    return this.ledger.handle(partnershipStream, input.partnershipId, { type: 'RetirePriority', data: input }, command, expectedRevision);
  }
}

@CommandHandler(ChangePartnershipSettingsCommand)
export class ChangePartnershipSettingsHandler implements ICommandHandler<ChangePartnershipSettingsCommand> {
  constructor(private readonly ledger: Ledger) {}

  async execute(command: ChangePartnershipSettingsCommand) {
    const { expectedRevision, clientMutationId: _key, ...input } = command.input;
    return this.ledger.handle(partnershipStream, input.partnershipId, { type: 'ChangePartnershipSettings', data: input }, command, expectedRevision);
  }
}

/**
 * An organisation may leave once it owns no open action of the partnership: the count comes from the
 * tracker read model, so an action planned for it moments ago may not be counted yet.
 */
@CommandHandler(LeavePartnershipCommand)
export class LeavePartnershipHandler implements ICommandHandler<LeavePartnershipCommand> {
  constructor(
    private readonly ledger: Ledger,
    private readonly tracker: CommitmentTrackerQueries,
  ) {}

  async execute(command: LeavePartnershipCommand) {
    const { expectedRevision, clientMutationId: _key, ...input } = command.input;
    const openActionCount = this.tracker.openActionIdsOwnedBy(input.organisationId, input.partnershipId).length;
    return this.ledger.handle(partnershipStream, input.partnershipId, { type: 'LeavePartnership', data: { ...input, openActionCount } }, command, expectedRevision);
  }
}

@CommandHandler(VacateMemberCommand)
export class VacateMemberHandler implements ICommandHandler<VacateMemberCommand> {
  constructor(private readonly ledger: Ledger) {}

  async execute(command: VacateMemberCommand) {
    const { expectedRevision, clientMutationId: _key, ...input } = command.input;
    return this.ledger.handle(partnershipStream, input.partnershipId, { type: 'VacateMember', data: input }, command, expectedRevision);
  }
}

@CommandHandler(DissolvePartnershipCommand)
export class DissolvePartnershipHandler implements ICommandHandler<DissolvePartnershipCommand> {
  constructor(private readonly ledger: Ledger) {}

  async execute(command: DissolvePartnershipCommand) {
    const { expectedRevision, clientMutationId: _key, ...input } = command.input;
    return this.ledger.handle(partnershipStream, input.partnershipId, { type: 'DissolvePartnership', data: input }, command, expectedRevision);
  }
}

export const PARTNERSHIP_HANDLERS = [
  FormPartnershipHandler,
  JoinPartnershipHandler,
  AppointMemberHandler,
  AdoptPriorityHandler,
  RetirePriorityHandler,
  ChangePartnershipSettingsHandler,
  LeavePartnershipHandler,
  VacateMemberHandler,
  DissolvePartnershipHandler,
];
