import { Injectable } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v7 as uuidv7 } from 'uuid';
import { commitmentDecider, commitmentStreamId, type CommitmentCommand, type CommitmentTerms } from '@ledger/domain';
import type { CommandContext } from '../ledger/command-context.js';
import { LedgerCommand } from '../ledger/ledger-command.js';
import { Ledger, type CommandInput } from '../ledger/ledger.service.js';
import type { Written } from '../ledger/written.js';
import type { AmendCommitmentInput, CloseCommitmentInput, EndorseCommitmentInput, MakeCommitmentInput } from './dto/commitment.inputs.js';

export class MakeCommitmentCommand extends LedgerCommand<MakeCommitmentInput> {}
export class EndorseCommitmentCommand extends LedgerCommand<EndorseCommitmentInput> {}
export class AmendCommitmentCommand extends LedgerCommand<AmendCommitmentInput> {}
export class CloseCommitmentCommand extends LedgerCommand<CloseCommitmentInput> {}

/** Decorated so Nest sees the constructor's parameter types, which subclasses inherit. */
@Injectable()
abstract class CommitmentHandler {
  constructor(protected readonly ledger: Ledger) {}

  protected async decide(commitmentId: string, command: CommandInput<CommitmentCommand>, context: CommandContext, expectedRevision?: string | null): Promise<Written> {
    const appended = await this.ledger.decide(commitmentStreamId(commitmentId), commitmentDecider, command, context, expectedRevision);
    return { id: commitmentId, appended };
  }

  /** The partnership a commitment belongs to, read from the commitment's own stream. */
  protected async partnershipOf(commitmentId: string) {
    const { partnershipId } = await this.ledger.commitmentFacts(commitmentId);
    return this.ledger.partnershipFacts(partnershipId ?? '');
  }
}

@CommandHandler(MakeCommitmentCommand)
export class MakeCommitmentHandler extends CommitmentHandler implements ICommandHandler<MakeCommitmentCommand> {
  async execute({ input, context }: MakeCommitmentCommand) {
    const commitmentId = uuidv7();
    const partnership = await this.ledger.partnershipFacts(input.partnershipId);
    return this.decide(commitmentId, { type: 'MakeCommitment', data: { ...input, commitmentId, partnership } }, context);
  }
}

@CommandHandler(EndorseCommitmentCommand)
export class EndorseCommitmentHandler extends CommitmentHandler implements ICommandHandler<EndorseCommitmentCommand> {
  async execute({ input: { expectedRevision, ...input }, context }: EndorseCommitmentCommand) {
    return this.decide(input.commitmentId, { type: 'EndorseCommitment', data: input }, context, expectedRevision);
  }
}

@CommandHandler(AmendCommitmentCommand)
export class AmendCommitmentHandler extends CommitmentHandler implements ICommandHandler<AmendCommitmentCommand> {
  async execute({ input: { expectedRevision, commitmentId, reason, ...fields }, context }: AmendCommitmentCommand) {
    // Only the fields the client sent are changes; an explicit null target date clears it.
    const changes = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as CommitmentTerms;
    const partnership = await this.partnershipOf(commitmentId);
    return this.decide(commitmentId, { type: 'AmendCommitment', data: { commitmentId, changes, reason, partnership } }, context, expectedRevision);
  }
}

@CommandHandler(CloseCommitmentCommand)
export class CloseCommitmentHandler extends CommitmentHandler implements ICommandHandler<CloseCommitmentCommand> {
  async execute({ input: { expectedRevision, ...input }, context }: CloseCommitmentCommand) {
    return this.decide(input.commitmentId, { type: 'CloseCommitment', data: input }, context, expectedRevision);
  }
}

export const COMMITMENT_HANDLERS = [MakeCommitmentHandler, EndorseCommitmentHandler, AmendCommitmentHandler, CloseCommitmentHandler];
