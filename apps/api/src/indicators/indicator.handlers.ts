import { indicatorStream } from '@ledger/domain';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommitmentSecretariatCommand } from '../access/rules.js';
import { partnerFor, secretariatOf, type Scopes } from '../access/scopes.js';
import { LedgerCommand } from '../ledger/ledger-command.js';
import { Ledger } from '../ledger/ledger.service.js';
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

@CommandHandler(DefineIndicatorCommand)
export class DefineIndicatorHandler implements ICommandHandler<DefineIndicatorCommand> {
  constructor(private readonly ledger: Ledger) {}

  async execute(command: DefineIndicatorCommand) {
    const { clientMutationId: _key, ...input } = command.input;
    const indicatorId = command.newId('indicatorId');
    const { commitment, partnership } = await this.ledger.facts.underCommitment(input.commitmentId);
    const { baseline, target } = input;
    return this.ledger.handle(
      indicatorStream,
      indicatorId,
      { type: 'DefineIndicator', data: { ...input, baseline: { ...baseline }, target: { ...target }, indicatorId, commitment, partnership } },
      command,
    );
  }
}

@CommandHandler(RecordIndicatorReadingCommand)
export class RecordIndicatorReadingHandler implements ICommandHandler<RecordIndicatorReadingCommand> {
  constructor(private readonly ledger: Ledger) {}

  async execute(command: RecordIndicatorReadingCommand) {
    const { expectedRevision, clientMutationId: _key, ...input } = command.input;
    const readingId = command.newId('readingId');
    const facts = await this.ledger.facts.underIndicator(input.indicatorId);
    const written = await this.ledger.handle(indicatorStream, input.indicatorId, { type: 'RecordIndicatorReading', data: { ...input, readingId, ...facts } }, command, expectedRevision);
    return { ...written, readingId };
  }
}

@CommandHandler(CorrectIndicatorReadingCommand)
export class CorrectIndicatorReadingHandler implements ICommandHandler<CorrectIndicatorReadingCommand> {
  constructor(private readonly ledger: Ledger) {}

  async execute(command: CorrectIndicatorReadingCommand) {
    const { expectedRevision, clientMutationId: _key, ...input } = command.input;
    const readingId = command.newId('readingId');
    const facts = await this.ledger.facts.underIndicator(input.indicatorId);
    const written = await this.ledger.handle(
      indicatorStream,
      input.indicatorId,
      { type: 'CorrectIndicatorReading', data: { ...input, correctionId: readingId, ...facts } },
      command,
      expectedRevision,
    );
    return { ...written, readingId };
  }
}

export const INDICATOR_HANDLERS = [DefineIndicatorHandler, RecordIndicatorReadingHandler, CorrectIndicatorReadingHandler];
