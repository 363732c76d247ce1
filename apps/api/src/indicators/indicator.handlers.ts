import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { indicatorDecider, indicatorStreamId } from '@ledger/domain';
import { CommitmentSecretariatCommand } from '../access/rules.js';
import { partnerFor, secretariatOf, type Scopes } from '../access/scopes.js';
import { LedgerCommand } from '../ledger/ledger-command.js';
import { StreamHandler } from '../ledger/stream-handler.js';
import type { Written } from '../ledger/written.js';
import type { CorrectIndicatorReadingInput, DefineIndicatorInput, RecordIndicatorReadingInput } from './dto/indicator.inputs.js';

type WrittenReading = Written & { readingId: string };

export class DefineIndicatorCommand extends CommitmentSecretariatCommand<DefineIndicatorInput> {
  readonly what = 'define an indicator on this commitment';
}

/** The owning organisation's partners record its readings; so may the board. */
abstract class ReadingCommand<Input extends { indicatorId: string; clientMutationId?: string | null }> extends LedgerCommand<Input, WrittenReading> {
  async requires(scopes: Scopes) {
    const { partnershipId, owningOrganisationId } = await scopes.indicator(this.input.indicatorId);
    return [secretariatOf(partnershipId), partnerFor(owningOrganisationId)];
  }
}

export class RecordIndicatorReadingCommand extends ReadingCommand<RecordIndicatorReadingInput> {
  readonly what = 'record a reading of this indicator';
}
export class CorrectIndicatorReadingCommand extends ReadingCommand<CorrectIndicatorReadingInput> {
  readonly what = 'correct a reading of this indicator';
}

class IndicatorHandler extends StreamHandler(indicatorDecider, indicatorStreamId) {
  /** The indicator's commitment (closed: no more readings) and partnership (its "today"), read from their own streams. */
  protected async factsOfIndicator(indicatorId: string) {
    const indicator = await this.ledger.state(indicatorStreamId(indicatorId), indicatorDecider);
    const commitment = await this.ledger.commitmentFacts('commitmentId' in indicator ? indicator.commitmentId : '');
    return { commitment, partnership: await this.ledger.partnershipFacts(commitment.partnershipId ?? '') };
  }
}

@CommandHandler(DefineIndicatorCommand)
export class DefineIndicatorHandler extends IndicatorHandler implements ICommandHandler<DefineIndicatorCommand> {
  async execute(command: DefineIndicatorCommand) {
    const { clientMutationId: _key, ...input } = command.input;
    const indicatorId = command.newId('indicatorId');
    const commitment = await this.ledger.commitmentFacts(input.commitmentId);
    const partnership = await this.ledger.partnershipFacts(commitment.partnershipId ?? '');
    const { baseline, target } = input;
    return this.decide(
      indicatorId,
      { type: 'DefineIndicator', data: { ...input, baseline: { ...baseline }, target: { ...target }, indicatorId, commitment, partnership } },
      command,
    );
  }
}

@CommandHandler(RecordIndicatorReadingCommand)
export class RecordIndicatorReadingHandler extends IndicatorHandler implements ICommandHandler<RecordIndicatorReadingCommand> {
  async execute(command: RecordIndicatorReadingCommand) {
    const { expectedRevision, clientMutationId: _key, ...input } = command.input;
    const readingId = command.newId('readingId');
    const facts = await this.factsOfIndicator(input.indicatorId);
    const written = await this.decide(input.indicatorId, { type: 'RecordIndicatorReading', data: { ...input, readingId, ...facts } }, command, expectedRevision);
    return { ...written, readingId };
  }
}

@CommandHandler(CorrectIndicatorReadingCommand)
export class CorrectIndicatorReadingHandler extends IndicatorHandler implements ICommandHandler<CorrectIndicatorReadingCommand> {
  async execute(command: CorrectIndicatorReadingCommand) {
    const { expectedRevision, clientMutationId: _key, ...input } = command.input;
    const readingId = command.newId('readingId');
    const facts = await this.factsOfIndicator(input.indicatorId);
    const written = await this.decide(
      input.indicatorId,
      { type: 'CorrectIndicatorReading', data: { ...input, correctionId: readingId, ...facts } },
      command,
      expectedRevision,
    );
    return { ...written, readingId };
  }
}

export const INDICATOR_HANDLERS = [DefineIndicatorHandler, RecordIndicatorReadingHandler, CorrectIndicatorReadingHandler];
