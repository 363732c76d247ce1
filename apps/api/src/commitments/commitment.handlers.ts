import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { commitmentDecider, commitmentStreamId, type CommitmentTerms } from '@ledger/domain';
import { LedgerCommand } from '../ledger/ledger-command.js';
import { StreamHandler } from '../ledger/stream-handler.js';
import type { AmendCommitmentInput, CloseCommitmentInput, EndorseCommitmentInput, MakeCommitmentInput } from './dto/commitment.inputs.js';

export class MakeCommitmentCommand extends LedgerCommand<MakeCommitmentInput> {}
export class EndorseCommitmentCommand extends LedgerCommand<EndorseCommitmentInput> {}
export class AmendCommitmentCommand extends LedgerCommand<AmendCommitmentInput> {}
export class CloseCommitmentCommand extends LedgerCommand<CloseCommitmentInput> {}

class CommitmentHandler extends StreamHandler(commitmentDecider, commitmentStreamId) {
  /** The partnership a commitment belongs to, read from the commitment's own stream. */
  protected async partnershipOf(commitmentId: string) {
    const { partnershipId } = await this.ledger.commitmentFacts(commitmentId);
    return this.ledger.partnershipFacts(partnershipId ?? '');
  }
}

@CommandHandler(MakeCommitmentCommand)
export class MakeCommitmentHandler extends CommitmentHandler implements ICommandHandler<MakeCommitmentCommand> {
  async execute(command: MakeCommitmentCommand) {
    const { clientMutationId: _key, ...input } = command.input;
    const commitmentId = command.newId('commitmentId');
    const partnership = await this.ledger.partnershipFacts(input.partnershipId);
    return this.decide(commitmentId, { type: 'MakeCommitment', data: { ...input, commitmentId, partnership } }, command);
  }
}

@CommandHandler(EndorseCommitmentCommand)
export class EndorseCommitmentHandler extends CommitmentHandler implements ICommandHandler<EndorseCommitmentCommand> {
  async execute(command: EndorseCommitmentCommand) {
    const { expectedRevision, clientMutationId: _key, ...input } = command.input;
    return this.decide(input.commitmentId, { type: 'EndorseCommitment', data: input }, command, expectedRevision);
  }
}

@CommandHandler(AmendCommitmentCommand)
export class AmendCommitmentHandler extends CommitmentHandler implements ICommandHandler<AmendCommitmentCommand> {
  async execute(command: AmendCommitmentCommand) {
    const { expectedRevision, clientMutationId: _key, commitmentId, reason, ...fields } = command.input;
    // Only the fields the client sent are changes; an explicit null target date clears it.
    const changes = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as CommitmentTerms;
    const partnership = await this.partnershipOf(commitmentId);
    return this.decide(commitmentId, { type: 'AmendCommitment', data: { commitmentId, changes, reason, partnership } }, command, expectedRevision);
  }
}

@CommandHandler(CloseCommitmentCommand)
export class CloseCommitmentHandler extends CommitmentHandler implements ICommandHandler<CloseCommitmentCommand> {
  async execute(command: CloseCommitmentCommand) {
    const { expectedRevision, clientMutationId: _key, ...input } = command.input;
    return this.decide(input.commitmentId, { type: 'CloseCommitment', data: input }, command, expectedRevision);
  }
}

export const COMMITMENT_HANDLERS = [MakeCommitmentHandler, EndorseCommitmentHandler, AmendCommitmentHandler, CloseCommitmentHandler];
