import { Args, Float, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { NotFoundError } from '@ledger/domain';
import { IndicatorReadingsQueries, progressTowardsTarget } from '@ledger/projections';
import { loadConnection, PageArgs } from '../graphql/connection.js';
import { Loaders, type ReadLoaders } from '../graphql/loaders.js';
import { RequestContext, type CommandContext } from '../ledger/command-context.js';
import { LedgerCommands } from '../ledger/ledger-commands.js';
import { PayloadReads, ReadYourWrites } from '../ledger/read-your-writes.js';
import { Organisation, organisationOf } from '../organisations/organisation.model.js';
import {
  CorrectIndicatorReadingInput,
  CorrectIndicatorReadingPayload,
  DefineIndicatorInput,
  DefineIndicatorPayload,
  RecordIndicatorReadingInput,
  RecordIndicatorReadingPayload,
} from './dto/indicator.inputs.js';
import { CorrectIndicatorReadingCommand, DefineIndicatorCommand, RecordIndicatorReadingCommand } from './indicator.handlers.js';
import { Indicator, IndicatorReading, IndicatorReadingConnection, toIndicator, toReading } from './indicator.model.js';

@Resolver(() => Indicator)
export class IndicatorsResolver {
  constructor(
    private readonly commands: LedgerCommands,
    private readonly readings: IndicatorReadingsQueries,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  private indicator(id: string): Indicator {
    const row = this.readings.indicator(id);
    if (!row) throw new NotFoundError('Indicator', id, 'indicatorId');
    return toIndicator(row);
  }

  private reading(id: string): IndicatorReading {
    const row = this.readings.reading(id);
    if (!row) throw new NotFoundError('Reading', id, 'readingId');
    return toReading(row);
  }

  @Mutation(() => DefineIndicatorPayload, { nullable: true, description: 'Attaches a measure to a commitment. Its SECRETARIAT.' })
  async defineIndicator(@Args('input') input: DefineIndicatorInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<DefineIndicatorPayload> {
    const { id, appended } = await this.commands.execute(new DefineIndicatorCommand(input, context));
    return this.readYourWrites.payload(reads, input, appended.position, () => ({ indicator: this.indicator(id) }));
  }

  @Mutation(() => RecordIndicatorReadingPayload, { nullable: true, description: 'A PARTNER only for its own organisation’s indicators; SECRETARIAT for any.' })
  async recordIndicatorReading(@Args('input') input: RecordIndicatorReadingInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<RecordIndicatorReadingPayload> {
    const { id, readingId, appended } = await this.commands.execute(new RecordIndicatorReadingCommand(input, context));
    return this.readYourWrites.payload(reads, input, appended.position, () => ({ indicator: this.indicator(id), reading: this.reading(readingId) }));
  }

  @Mutation(() => CorrectIndicatorReadingPayload, { nullable: true, description: 'Supersedes a reading with a reason; both stay in history. Same rights as recording.' })
  async correctIndicatorReading(@Args('input') input: CorrectIndicatorReadingInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<CorrectIndicatorReadingPayload> {
    const { id, readingId, appended } = await this.commands.execute(new CorrectIndicatorReadingCommand(input, context));
    return this.readYourWrites.payload(reads, input, appended.position, () => ({ indicator: this.indicator(id), reading: this.reading(readingId) }));
  }

  @ResolveField(() => Organisation)
  owningOrganisation(@Parent() indicator: Indicator, @Loaders() loaders: ReadLoaders): Promise<Organisation> {
    return organisationOf(loaders, indicator.owningOrganisationId);
  }

  @ResolveField('readings', () => IndicatorReadingConnection, { description: 'Every reading in the order recorded, corrected ones included.' })
  readingsOf(@Parent() indicator: Indicator, @Args() args: PageArgs, @Loaders() loaders: ReadLoaders): Promise<IndicatorReadingConnection> {
    return loadConnection('reading', args, (page) => loaders.readingsOfIndicator.load(indicator.id, page), toReading);
  }

  @ResolveField(() => IndicatorReading, { nullable: true, description: 'The current reading for the latest period.' })
  async latestReading(@Parent() indicator: Indicator, @Loaders() loaders: ReadLoaders): Promise<IndicatorReading | null> {
    const row = await loaders.latestReading.load(indicator.id);
    return row ? toReading(row) : null;
  }

  @ResolveField(() => Float, { nullable: true, description: 'From baseline (0) to target (1), by the latest reading; null before any reading.' })
  async progress(@Parent() indicator: Indicator, @Loaders() loaders: ReadLoaders): Promise<number | null> {
    const [row, latest] = await Promise.all([loaders.indicator.load(indicator.id), loaders.latestReading.load(indicator.id)]);
    return row ? progressTowardsTarget(row, latest) : null;
  }
}
