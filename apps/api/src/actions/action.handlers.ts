import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type ActionsPlanned, actionStream, commitmentStream } from '@ledger/domain';
import type { Position } from '@ledger/event-store';
import { ActionSecretariatCommand, CommitmentSecretariatCommand } from '../access/rules.js';
import { partnerFor, secretariatOf, type Scopes } from '../access/scopes.js';
import { LedgerCommand } from '../ledger/ledger-command.js';
import { Ledger } from '../ledger/ledger.service.js';
import type { Written } from '../ledger/written.js';
import { ActionOwners, asOwnersField, requireOneOwnerChoice } from './action-owners.js';
import { ActionPlans } from './action-plans.js';
import type { PlanActionInput, ReassignActionInput, ReopenActionInput, RescheduleActionInput, SubmitActionUpdateInput } from './dto/action.inputs.js';

export class PlanActionCommand extends CommitmentSecretariatCommand<PlanActionInput, { actionIds: string[]; position: Position }> {
  readonly what = 'plan actions under this commitment';
}
export class RescheduleActionCommand extends ActionSecretariatCommand<RescheduleActionInput> {
  readonly what = 'reschedule this action';
}
export class ReassignActionCommand extends ActionSecretariatCommand<ReassignActionInput> {
  readonly what = 'reassign this action';
}
export class ReopenActionCommand extends ActionSecretariatCommand<ReopenActionInput> {
  readonly what = 'reopen this action';
}

/**
 * The owning organisation's partners report on an action, or, for an action a partnership owns, that
 * partnership's secretariat (a place's for the place's); so may the board, and only the board cancels it.
 */
export class SubmitActionUpdateCommand extends LedgerCommand<SubmitActionUpdateInput, Written & { updateId: string }> {
  get what() {
    return this.input.status === 'CANCELLED' ? 'cancel this action (a partner reports any other status)' : 'submit an update on this action';
  }

  async requires(scopes: Scopes) {
    const { partnershipId, owningOrganisationId, owningPartnershipId } = await scopes.action(this.input.actionId);
    if (this.input.status === 'CANCELLED') return [secretariatOf(partnershipId)];
    return [secretariatOf(partnershipId), owningPartnershipId ? secretariatOf(owningPartnershipId) : partnerFor(owningOrganisationId!)];
  }
}

@CommandHandler(PlanActionCommand)
export class PlanActionHandler implements ICommandHandler<PlanActionCommand> {
  constructor(
    private readonly ledger: Ledger,
    private readonly plans: ActionPlans,
    private readonly owners: ActionOwners,
  ) {}

  /**
   * "Each organisation will…" plans one action per member organisation, "each Place" one per
   * partnership beneath, "key partner orgs" one per organisation named, each its own stream. Every
   * action is decided first (input the rules refuse writes nothing), then the plan is recorded on
   * the commitment in one append, then each action's stream is started from that record. A retry
   * with the same clientMutationId finds the record and completes it; so does a restart.
   */
  async execute(command: PlanActionCommand) {
    const { commitmentId } = command.input;
    requireOneOwnerChoice(command.input);
    // A retry finds the plan its first attempt recorded and completes that, whoever has joined since.
    const [recorded] = await this.ledger.earlierEvents(commitmentStream, commitmentId, command);
    const plan = (recorded ?? (await this.recordPlan(command))).data as ActionsPlanned['data'];
    const position = await this.plans.startActions(plan, this.ledger.eventMetadata(command));
    return { actionIds: plan.actions.map((action) => action.actionId), position };
  }

  private async recordPlan(command: PlanActionCommand) {
    // The owners come from ActionOwners, one per action; the rest of the input is every action's.
    const { everyMemberOrganisation: _every, owningOrganisationId: _organisation, owningPartnershipId: _partnership, owners: _owners, clientMutationId: _key, ...input } = command.input;
    const { commitment, partnership: facts } = await this.ledger.facts.underCommitment(input.commitmentId);
    const { owners, distributive, field, partnership } = await this.owners.ofPlan(command.input, commitment.partnershipId ?? '', facts);
    const planId = distributive ? command.newId('planId') : null;
    const metadata = this.ledger.commandMetadata(command);
    const actions = owners.flatMap((owner) => {
      const ownerId = owner.owningOrganisationId ?? owner.owningPartnershipId;
      try {
        return actionStream.decider
          .decide(
            { type: 'PlanAction', data: { ...input, ...owner, actionId: command.newId(`action for ${ownerId}`), planId, commitment, partnership }, metadata },
            actionStream.decider.initialState(),
          )
          .flatMap((event) => (event.type === 'ActionPlanned' ? [event.data] : []));
      } catch (error) {
        throw asOwnersField(error, field);
      }
    });
    const { events } = await this.ledger.handle(
      commitmentStream,
      input.commitmentId,
      { type: 'RecordActionPlan', data: { commitmentId: input.commitmentId, planId, actions } },
      command,
    );
    return events[0]!;
  }
}

@CommandHandler(RescheduleActionCommand)
export class RescheduleActionHandler implements ICommandHandler<RescheduleActionCommand> {
  constructor(private readonly ledger: Ledger) {}

  async execute(command: RescheduleActionCommand) {
    const { expectedRevision, clientMutationId: _key, ...input } = command.input;
    const commitment = await this.ledger.facts.commitmentOfAction(input.actionId);
    return this.ledger.handle(actionStream, input.actionId, { type: 'RescheduleAction', data: { ...input, commitment } }, command, expectedRevision);
  }
}

@CommandHandler(ReassignActionCommand)
export class ReassignActionHandler implements ICommandHandler<ReassignActionCommand> {
  constructor(
    private readonly ledger: Ledger,
    private readonly owners: ActionOwners,
  ) {}

  async execute(command: ReassignActionCommand) {
    const { expectedRevision, clientMutationId: _key, ...input } = command.input;
    const { commitment, partnership: facts } = await this.ledger.facts.underAction(input.actionId);
    const { partnershipId } = await this.ledger.facts.linkedAction(input.actionId);
    const named = input.owningPartnershipId ? [input.owningPartnershipId] : [];
    const partnership = await this.owners.withChildren(partnershipId ?? '', facts, named);
    return this.ledger.handle(actionStream, input.actionId, { type: 'ReassignAction', data: { ...input, commitment, partnership } }, command, expectedRevision);
  }
}

@CommandHandler(ReopenActionCommand)
export class ReopenActionHandler implements ICommandHandler<ReopenActionCommand> {
  constructor(private readonly ledger: Ledger) {}

  async execute(command: ReopenActionCommand) {
    const { expectedRevision, clientMutationId: _key, ...input } = command.input;
    const commitment = await this.ledger.facts.commitmentOfAction(input.actionId);
    return this.ledger.handle(actionStream, input.actionId, { type: 'ReopenAction', data: { ...input, commitment } }, command, expectedRevision);
  }
}

@CommandHandler(SubmitActionUpdateCommand)
export class SubmitActionUpdateHandler implements ICommandHandler<SubmitActionUpdateCommand> {
  constructor(private readonly ledger: Ledger) {}

  async execute(command: SubmitActionUpdateCommand) {
    const { expectedRevision, clientMutationId: _key, ...input } = command.input;
    const updateId = command.newId('updateId');
    const { commitment, partnership } = await this.ledger.facts.underAction(input.actionId);
    const written = await this.ledger.handle(
      actionStream,
      input.actionId,
      { type: 'SubmitActionUpdate', data: { ...input, updateId, commitment, partnership } },
      command,
      expectedRevision,
    );
    return { ...written, updateId };
  }
}

export const ACTION_HANDLERS = [PlanActionHandler, RescheduleActionHandler, ReassignActionHandler, ReopenActionHandler, SubmitActionUpdateHandler];
