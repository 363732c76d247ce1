import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actionStream, type CommitmentActionFacts, commitmentStream, type CommitmentTerms, IllegalStateError } from '@ledger/domain';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { CommitmentTrackerQueries, ProjectionRunner } from '@ledger/projections';
import { CommitmentSecretariatCommand, PartnershipSecretariatCommand } from '../access/rules.js';
import { Ledger } from '../ledger/ledger.service.js';
import type { AmendCommitmentInput, CloseCommitmentInput, EndorseCommitmentInput, MakeCommitmentInput } from './dto/commitment.inputs.js';

export class MakeCommitmentCommand extends PartnershipSecretariatCommand<MakeCommitmentInput> {
  readonly what = 'make a commitment in this partnership';
}
export class EndorseCommitmentCommand extends CommitmentSecretariatCommand<EndorseCommitmentInput> {
  readonly what = 'endorse this commitment';
}
export class AmendCommitmentCommand extends CommitmentSecretariatCommand<AmendCommitmentInput> {
  readonly what = 'amend this commitment';
}
export class CloseCommitmentCommand extends CommitmentSecretariatCommand<CloseCommitmentInput> {
  readonly what = 'close this commitment';
}

@CommandHandler(MakeCommitmentCommand)
export class MakeCommitmentHandler implements ICommandHandler<MakeCommitmentCommand> {
  constructor(private readonly ledger: Ledger) {}

  async execute(command: MakeCommitmentCommand) {
    const { clientMutationId: _key, ...input } = command.input;
    const commitmentId = command.newId('commitmentId');
    const partnership = await this.ledger.facts.partnership(input.partnershipId);
    return this.ledger.handle(commitmentStream, commitmentId, { type: 'MakeCommitment', data: { ...input, commitmentId, partnership } }, command);
  }
}

@CommandHandler(EndorseCommitmentCommand)
export class EndorseCommitmentHandler implements ICommandHandler<EndorseCommitmentCommand> {
  constructor(private readonly ledger: Ledger) {}

  async execute(command: EndorseCommitmentCommand) {
    const { expectedRevision, clientMutationId: _key, ...input } = command.input;
    const { partnership } = await this.ledger.facts.underCommitment(input.commitmentId);
    return this.ledger.handle(commitmentStream, input.commitmentId, { type: 'EndorseCommitment', data: { ...input, partnership } }, command, expectedRevision);
  }
}

@CommandHandler(AmendCommitmentCommand)
export class AmendCommitmentHandler implements ICommandHandler<AmendCommitmentCommand> {
  constructor(private readonly ledger: Ledger) {}

  async execute(command: AmendCommitmentCommand) {
    const { expectedRevision, clientMutationId: _key, commitmentId, reason, ...fields } = command.input;
    // Only the fields the client sent are changes; an explicit null target date clears it.
    const changes = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as CommitmentTerms;
    const { partnership } = await this.ledger.facts.underCommitment(commitmentId);
    return this.ledger.handle(commitmentStream, commitmentId, { type: 'AmendCommitment', data: { commitmentId, changes, reason, partnership } }, command, expectedRevision);
  }
}

@CommandHandler(CloseCommitmentCommand)
export class CloseCommitmentHandler implements ICommandHandler<CloseCommitmentCommand> {
  constructor(
    private readonly ledger: Ledger,
    private readonly tracker: CommitmentTrackerQueries,
    private readonly projections: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute(command: CloseCommitmentCommand) {
    const { expectedRevision, clientMutationId: _key, ...input } = command.input;
    const actions = await this.actionsOf(input.commitmentId);
    return this.ledger.handle(commitmentStream, input.commitmentId, { type: 'CloseCommitment', data: { ...input, actions } }, command, expectedRevision);
  }

  /**
   * Every action of the commitment, with its status from its own stream. Which actions exist comes
   * from the read model once it has caught up with the log as it stands, so none just planned is missed.
   */
  private async actionsOf(commitmentId: string): Promise<CommitmentActionFacts[]> {
    const head = await this.store.headPosition();
    if (head && !(await this.projections.waitFor(head))) {
      throw new IllegalStateError("The ledger is still catching up with recent changes, so the commitment's actions are not yet known; try again shortly");
    }
    const actions: CommitmentActionFacts[] = [];
    for (const id of this.tracker.actionIdsOf(commitmentId)) {
      const action = await this.ledger.state(actionStream, id);
      if (action.status !== 'NotPlanned') actions.push({ actionId: action.actionId, title: action.title, status: action.status });
    }
    return actions;
  }
}

export const COMMITMENT_HANDLERS = [MakeCommitmentHandler, EndorseCommitmentHandler, AmendCommitmentHandler, CloseCommitmentHandler];
