import { Injectable } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v7 as uuidv7 } from 'uuid';
import { indicatorDecider, indicatorStreamId, type IndicatorCommand } from '@ledger/domain';
import type { CommandContext } from '../ledger/command-context.js';
import { LedgerCommand } from '../ledger/ledger-command.js';
import { Ledger, type CommandInput } from '../ledger/ledger.service.js';
import type { Written } from '../ledger/written.js';
import type { CorrectIndicatorReadingInput, DefineIndicatorInput, RecordIndicatorReadingInput } from './dto/indicator.inputs.js';

type WrittenReading = Written & { readingId: string };

export class DefineIndicatorCommand extends LedgerCommand<DefineIndicatorInput, Written> {}
export class RecordIndicatorReadingCommand extends LedgerCommand<RecordIndicatorReadingInput, WrittenReading> {}
export class CorrectIndicatorReadingCommand extends LedgerCommand<CorrectIndicatorReadingInput, WrittenReading> {}

/** Decorated so Nest sees the constructor's parameter types, which subclasses inherit. */
@Injectable()
abstract class IndicatorHandler {
  constructor(protected readonly ledger: Ledger) {}

  protected async decide(indicatorId: string, command: CommandInput<IndicatorCommand>, context: CommandContext, expectedRevision?: string | null): Promise<Written> {
    const appended = await this.ledger.decide(indicatorStreamId(indicatorId), indicatorDecider, command, context, expectedRevision);
    return { id: indicatorId, appended };
  }

  /** The indicator's commitment (closed: no more readings) and partnership (its "today"), read from their own streams. */
  protected async factsOfIndicator(indicatorId: string) {
    const indicator = await this.ledger.state(indicatorStreamId(indicatorId), indicatorDecider);
    const commitment = await this.ledger.commitmentFacts('commitmentId' in indicator ? indicator.commitmentId : '');
    return { commitment, partnership: await this.ledger.partnershipFacts(commitment.partnershipId ?? '') };
  }
}

@CommandHandler(DefineIndicatorCommand)
export class DefineIndicatorHandler extends IndicatorHandler implements ICommandHandler<DefineIndicatorCommand> {
  async execute({ input, context }: DefineIndicatorCommand) {
    const indicatorId = uuidv7();
    const commitment = await this.ledger.commitmentFacts(input.commitmentId);
    const partnership = await this.ledger.partnershipFacts(commitment.partnershipId ?? '');
    const { baseline, target } = input;
    return this.decide(
      indicatorId,
      { type: 'DefineIndicator', data: { ...input, baseline: { ...baseline }, target: { ...target }, indicatorId, commitment, partnership } },
      context,
    );
  }
}

@CommandHandler(RecordIndicatorReadingCommand)
export class RecordIndicatorReadingHandler extends IndicatorHandler implements ICommandHandler<RecordIndicatorReadingCommand> {
  async execute({ input: { expectedRevision, ...input }, context }: RecordIndicatorReadingCommand) {
    const readingId = uuidv7();
    const facts = await this.factsOfIndicator(input.indicatorId);
    const written = await this.decide(input.indicatorId, { type: 'RecordIndicatorReading', data: { ...input, readingId, ...facts } }, context, expectedRevision);
    return { ...written, readingId };
  }
}

@CommandHandler(CorrectIndicatorReadingCommand)
export class CorrectIndicatorReadingHandler extends IndicatorHandler implements ICommandHandler<CorrectIndicatorReadingCommand> {
  async execute({ input: { expectedRevision, ...input }, context }: CorrectIndicatorReadingCommand) {
    const readingId = uuidv7();
    const facts = await this.factsOfIndicator(input.indicatorId);
    const written = await this.decide(
      input.indicatorId,
      { type: 'CorrectIndicatorReading', data: { ...input, correctionId: readingId, ...facts } },
      context,
      expectedRevision,
    );
    return { ...written, readingId };
  }
}

export const INDICATOR_HANDLERS = [DefineIndicatorHandler, RecordIndicatorReadingHandler, CorrectIndicatorReadingHandler];
