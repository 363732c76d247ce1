import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  actionStream,
  annualReturnKey,
  annualReturnStream,
  type AnnualReturnCommitmentFacts,
  commitmentStream,
  meetingStream,
  partnershipStream,
} from '@ledger/domain';
import { ActionSecretariatCommand, CommitmentSecretariatCommand, MeetingSecretariatCommand, PartnershipSecretariatCommand } from '../access/rules.js';
import { partnerFor, secretariatOf, type Scopes } from '../access/scopes.js';
import { LedgerCommand } from '../ledger/ledger-command.js';
import { Ledger } from '../ledger/ledger.service.js';
import { partnershipOfMeeting } from '../meetings/meeting.handlers.js';
import type {
  ChangePublicationSettingsInput,
  DraftAnnualReturnInput,
  PublishActionUpdateInput,
  PublishAnnualReturnInput,
  PublishCommitmentInput,
  PublishMinutesInput,
} from './dto/publication.inputs.js';

export class ChangePublicationSettingsCommand extends PartnershipSecretariatCommand<ChangePublicationSettingsInput> {
  readonly what = "change this partnership's publication settings";
}
export class PublishCommitmentCommand extends CommitmentSecretariatCommand<PublishCommitmentInput> {
  readonly what = 'publish this commitment';
}
export class PublishActionUpdateCommand extends ActionSecretariatCommand<PublishActionUpdateInput> {
  readonly what = 'publish an update on this action';
}
export class PublishMinutesCommand extends MeetingSecretariatCommand<PublishMinutesInput> {
  readonly what = 'publish the minutes of this meeting';
}
/** The organisation's partner drafts its own return; the secretariat may draft any. */
export class DraftAnnualReturnCommand extends LedgerCommand<DraftAnnualReturnInput> {
  readonly what = "draft this organisation's annual return";
  async requires(scopes: Scopes) {
    await scopes.requireFormed(this.input.partnershipId);
    return [secretariatOf(this.input.partnershipId), partnerFor(this.input.organisationId)];
  }
}
export class PublishAnnualReturnCommand extends PartnershipSecretariatCommand<PublishAnnualReturnInput> {
  readonly what = "publish this organisation's annual return";
}

@CommandHandler(ChangePublicationSettingsCommand)
export class ChangePublicationSettingsHandler implements ICommandHandler<ChangePublicationSettingsCommand> {
  constructor(private readonly ledger: Ledger) {}

  async execute(command: ChangePublicationSettingsCommand) {
    const { expectedRevision, clientMutationId: _key, ...input } = command.input;
    return this.ledger.handle(partnershipStream, input.partnershipId, { type: 'ChangePublicationSettings', data: input }, command, expectedRevision);
  }
}

@CommandHandler(PublishCommitmentCommand)
export class PublishCommitmentHandler implements ICommandHandler<PublishCommitmentCommand> {
  constructor(private readonly ledger: Ledger) {}

  async execute(command: PublishCommitmentCommand) {
    const { expectedRevision, clientMutationId: _key, ...input } = command.input;
    const { partnership } = await this.ledger.facts.underCommitment(input.commitmentId);
    return this.ledger.handle(commitmentStream, input.commitmentId, { type: 'PublishCommitment', data: { ...input, partnership } }, command, expectedRevision);
  }
}

@CommandHandler(PublishActionUpdateCommand)
export class PublishActionUpdateHandler implements ICommandHandler<PublishActionUpdateCommand> {
  constructor(private readonly ledger: Ledger) {}

  async execute(command: PublishActionUpdateCommand) {
    const { expectedRevision, clientMutationId: _key, ...input } = command.input;
    const { partnership } = await this.ledger.facts.underAction(input.actionId);
    return this.ledger.handle(actionStream, input.actionId, { type: 'PublishActionUpdate', data: { ...input, partnership } }, command, expectedRevision);
  }
}

@CommandHandler(PublishMinutesCommand)
export class PublishMinutesHandler implements ICommandHandler<PublishMinutesCommand> {
  constructor(private readonly ledger: Ledger) {}

  async execute(command: PublishMinutesCommand) {
    const { expectedRevision, clientMutationId: _key, ...input } = command.input;
    const partnership = await partnershipOfMeeting(this.ledger, input.meetingId);
    return this.ledger.handle(meetingStream, input.meetingId, { type: 'PublishMinutes', data: { ...input, partnership } }, command, expectedRevision);
  }
}

@CommandHandler(DraftAnnualReturnCommand)
export class DraftAnnualReturnHandler implements ICommandHandler<DraftAnnualReturnCommand> {
  constructor(private readonly ledger: Ledger) {}

  /** Each commitment named is read from its own stream: whose it is, and in which partnership. */
  async execute(command: DraftAnnualReturnCommand) {
    const { expectedRevision, clientMutationId: _key, ...input } = command.input;
    const partnership = await this.ledger.facts.partnership(input.partnershipId);
    const commitments: Record<string, AnnualReturnCommitmentFacts> = {};
    for (const entry of input.entries) {
      // Keyed as the decider reads ids: canonical, lower case.
      const commitmentId = entry.commitmentId.toLowerCase();
      const commitment = await this.ledger.state(commitmentStream, commitmentId);
      commitments[commitmentId] =
        commitment.status === 'NotMade'
          ? { exists: false, partnershipId: null, owningOrganisationId: null }
          : { exists: true, partnershipId: commitment.partnershipId, owningOrganisationId: commitment.owningOrganisationId };
    }
    const key = annualReturnKey(input.partnershipId, input.organisationId, input.year);
    return this.ledger.handle(annualReturnStream, key, { type: 'DraftAnnualReturn', data: { ...input, partnership, commitments } }, command, expectedRevision);
  }
}

@CommandHandler(PublishAnnualReturnCommand)
export class PublishAnnualReturnHandler implements ICommandHandler<PublishAnnualReturnCommand> {
  constructor(private readonly ledger: Ledger) {}

  async execute(command: PublishAnnualReturnCommand) {
    const { expectedRevision, clientMutationId: _key, ...input } = command.input;
    const partnership = await this.ledger.facts.partnership(input.partnershipId);
    const key = annualReturnKey(input.partnershipId, input.organisationId, input.year);
    return this.ledger.handle(annualReturnStream, key, { type: 'PublishAnnualReturn', data: { ...input, partnership } }, command, expectedRevision);
  }
}

export const PUBLICATION_HANDLERS = [
  ChangePublicationSettingsHandler,
  PublishCommitmentHandler,
  PublishActionUpdateHandler,
  PublishMinutesHandler,
  DraftAnnualReturnHandler,
  PublishAnnualReturnHandler,
];
