import { Injectable } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v7 as uuidv7 } from 'uuid';
import { actionDecider, actionStreamId, ValidationError, type ActionCommand } from '@ledger/domain';
import type { AppendResult } from '@ledger/event-store';
import type { CommandContext } from '../ledger/command-context.js';
import { LedgerCommand } from '../ledger/ledger-command.js';
import { Ledger, type CommandInput } from '../ledger/ledger.service.js';
import type { Written } from '../ledger/written.js';
import type { PlanActionInput, ReassignActionInput, ReopenActionInput, RescheduleActionInput, SubmitActionUpdateInput } from './dto/action.inputs.js';

export class PlanActionCommand extends LedgerCommand<PlanActionInput, { actionIds: string[]; appended: AppendResult }> {}
export class RescheduleActionCommand extends LedgerCommand<RescheduleActionInput> {}
export class ReassignActionCommand extends LedgerCommand<ReassignActionInput> {}
export class ReopenActionCommand extends LedgerCommand<ReopenActionInput> {}
export class SubmitActionUpdateCommand extends LedgerCommand<SubmitActionUpdateInput, Written & { updateId: string }> {}

/** Decorated so Nest sees the constructor's parameter types, which subclasses inherit. */
@Injectable()
abstract class ActionHandler {
  constructor(protected readonly ledger: Ledger) {}

  protected async decide(actionId: string, command: CommandInput<ActionCommand>, context: CommandContext, expectedRevision?: string | null): Promise<Written> {
    const appended = await this.ledger.decide(actionStreamId(actionId), actionDecider, command, context, expectedRevision);
    return { id: actionId, appended };
  }

  /** The commitment an action serves, read from its own stream: a closed one closes the action to changes. */
  protected async commitmentOfAction(actionId: string) {
    const action = await this.ledger.state(actionStreamId(actionId), actionDecider);
    return this.ledger.commitmentFacts('commitmentId' in action ? action.commitmentId : '');
  }
}

@CommandHandler(PlanActionCommand)
export class PlanActionHandler extends ActionHandler implements ICommandHandler<PlanActionCommand> {
  /**
   * "Each organisation will…" plans one action per member organisation, each its own stream. The
   * first is decided before any other is written, so input the rules refuse writes nothing.
   */
  async execute({ input: { everyMemberOrganisation, owningOrganisationId, ...input }, context }: PlanActionCommand) {
    if (Boolean(everyMemberOrganisation) === Boolean(owningOrganisationId)) {
      throw new ValidationError('owningOrganisationId', 'exactlyOne', 'Give either owningOrganisationId or everyMemberOrganisation: true');
    }
    const commitment = await this.ledger.commitmentFacts(input.commitmentId);
    const partnership = await this.ledger.partnershipFacts(commitment.partnershipId ?? '');
    const owners = everyMemberOrganisation ? partnership.organisationIds : [owningOrganisationId!];
    const planId = everyMemberOrganisation ? uuidv7() : null;
    const actionIds: string[] = [];
    let appended: AppendResult | undefined;
    for (const owner of owners) {
      const actionId = uuidv7();
      ({ appended } = await this.decide(
        actionId,
        { type: 'PlanAction', data: { ...input, actionId, owningOrganisationId: owner, planId, commitment, partnership } },
        context,
      ));
      actionIds.push(actionId);
    }
    if (!appended) throw new ValidationError('everyMemberOrganisation', 'hasMembers', 'The partnership has no member organisations yet');
    return { actionIds, appended };
  }
}

@CommandHandler(RescheduleActionCommand)
export class RescheduleActionHandler extends ActionHandler implements ICommandHandler<RescheduleActionCommand> {
  async execute({ input: { expectedRevision, ...input }, context }: RescheduleActionCommand) {
    const commitment = await this.commitmentOfAction(input.actionId);
    return this.decide(input.actionId, { type: 'RescheduleAction', data: { ...input, commitment } }, context, expectedRevision);
  }
}

@CommandHandler(ReassignActionCommand)
export class ReassignActionHandler extends ActionHandler implements ICommandHandler<ReassignActionCommand> {
  async execute({ input: { expectedRevision, ...input }, context }: ReassignActionCommand) {
    const commitment = await this.commitmentOfAction(input.actionId);
    const partnership = await this.ledger.partnershipFacts(commitment.partnershipId ?? '');
    return this.decide(input.actionId, { type: 'ReassignAction', data: { ...input, commitment, partnership } }, context, expectedRevision);
  }
}

@CommandHandler(ReopenActionCommand)
export class ReopenActionHandler extends ActionHandler implements ICommandHandler<ReopenActionCommand> {
  async execute({ input: { expectedRevision, ...input }, context }: ReopenActionCommand) {
    const commitment = await this.commitmentOfAction(input.actionId);
    return this.decide(input.actionId, { type: 'ReopenAction', data: { ...input, commitment } }, context, expectedRevision);
  }
}

@CommandHandler(SubmitActionUpdateCommand)
export class SubmitActionUpdateHandler extends ActionHandler implements ICommandHandler<SubmitActionUpdateCommand> {
  async execute({ input: { expectedRevision, ...input }, context }: SubmitActionUpdateCommand) {
    const updateId = uuidv7();
    const commitment = await this.commitmentOfAction(input.actionId);
    const written = await this.decide(input.actionId, { type: 'SubmitActionUpdate', data: { ...input, updateId, commitment } }, context, expectedRevision);
    return { ...written, updateId };
  }
}

export const ACTION_HANDLERS = [PlanActionHandler, RescheduleActionHandler, ReassignActionHandler, ReopenActionHandler, SubmitActionUpdateHandler];
