import { Args, ArgsType, Field, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsInt, IsOptional, IsUUID } from 'class-validator';
import { DateTimeResolver } from 'graphql-scalars';
import { DEFAULT_PUBLICATION_SETTINGS, NotFoundError } from '@ledger/domain';
import { CommitmentTrackerQueries, MeetingsQueries, PartnershipDirectoryQueries, PublicationQueries } from '@ledger/projections';
import { Access, type RequestAccess } from '../access/request-access.js';
import { Action, ActionUpdate, toAction, toActionUpdate } from '../actions/action.model.js';
import { Commitment, toCommitment } from '../commitments/commitment.model.js';
import { PageArgs, pageOf, toConnection } from '../graphql/connection.js';
import type { ReadLoaders } from '../graphql/loaders.js';
import { Loaders } from '../graphql/loaders.js';
import type { MutationInput } from '../graphql/mutation.js';
import { RequestContext, type CommandContext } from '../ledger/command-context.js';
import { LedgerCommands } from '../ledger/ledger-commands.js';
import { PayloadReads, ReadYourWrites } from '../ledger/read-your-writes.js';
import type { Written } from '../ledger/written.js';
import { Meeting, toMeeting } from '../meetings/meeting.model.js';
import { Partnership, toPartnership } from '../partnerships/models/partnership.model.js';
import { readModelsOf } from '../as-of/as-of-snapshot.js';
import { loaderOf } from '../views/views.resolver.js';
import {
  ChangePublicationSettingsInput,
  ChangePublicationSettingsPayload,
  DraftAnnualReturnInput,
  DraftAnnualReturnPayload,
  PublishActionUpdateInput,
  PublishActionUpdatePayload,
  PublishAnnualReturnInput,
  PublishAnnualReturnPayload,
  PublishCommitmentInput,
  PublishCommitmentPayload,
  PublishMinutesInput,
  PublishMinutesPayload,
} from './dto/publication.inputs.js';
import {
  ChangePublicationSettingsCommand,
  DraftAnnualReturnCommand,
  PublishActionUpdateCommand,
  PublishAnnualReturnCommand,
  PublishCommitmentCommand,
  PublishMinutesCommand,
} from './publication.handlers.js';
import { AnnualReturn, AnnualReturnConnection, PublicationSettings, toAnnualReturn, toPublicationSettings } from './publication.model.js';

@ArgsType()
class AnnualReturnArgs {
  @Field(() => ID) @IsUUID() partnershipId!: string;
  @Field(() => ID) @IsUUID() organisationId!: string;
  @Field(() => Int) @IsInt() year!: number;
}

@ArgsType()
class AnnualReturnsArgs extends PageArgs {
  @Field(() => ID) @IsUUID() partnershipId!: string;
  @Field(() => ID, { nullable: true, description: 'Only this organisation’s returns.' }) @IsOptional() @IsUUID() organisationId?: string | null;
  @Field(() => Int, { nullable: true, description: 'Only this year’s returns.' }) @IsOptional() @IsInt() year?: number | null;
}

/** Publication: the secretariat's steps that make records public, and the annual assessment returns. */
@Resolver()
export class PublicationResolver {
  constructor(
    private readonly commands: LedgerCommands,
    private readonly queries: PublicationQueries,
    private readonly directory: PartnershipDirectoryQueries,
    private readonly tracker: CommitmentTrackerQueries,
    private readonly meetings: MeetingsQueries,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Query(() => AnnualReturn, { nullable: true, description: 'One organisation’s return for one year, drafts included; null when none is drafted. Whoever may read the partnership.' })
  async annualReturn(@Args() { partnershipId, organisationId, year }: AnnualReturnArgs, @Access() access: RequestAccess): Promise<AnnualReturn | null> {
    await access.requireRead(partnershipId);
    const row = this.queries.annualReturn(partnershipId.toLowerCase(), organisationId.toLowerCase(), year);
    return row ? toAnnualReturn(row) : null;
  }

  @Query(() => AnnualReturnConnection, { description: 'A partnership’s returns, newest year first, drafts included; optionally one organisation’s or one year’s. Whoever may read the partnership.' })
  async annualReturns(@Args() args: AnnualReturnsArgs, @Access() access: RequestAccess): Promise<AnnualReturnConnection> {
    await access.requireRead(args.partnershipId);
    const filter = { partnershipId: args.partnershipId.toLowerCase(), organisationId: args.organisationId?.toLowerCase() ?? null, year: args.year ?? null };
    const rows = this.queries.annualReturns(filter, pageOf('annualReturn', args));
    return toConnection('annualReturn', args, { rows, totalCount: this.queries.annualReturnCount(filter) }, toAnnualReturn);
  }

  private annualReturnNamed(partnershipId: string, organisationId: string, year: number): AnnualReturn {
    const row = this.queries.annualReturn(partnershipId.toLowerCase(), organisationId.toLowerCase(), year);
    if (!row) throw new NotFoundError('AnnualReturn', `${organisationId} ${year}`, 'organisationId');
    return toAnnualReturn(row);
  }

  private named<T>(id: string, row: T | undefined, entity: string, field: string): T {
    if (!row) throw new NotFoundError(entity, id, field);
    return row;
  }

  private payload<T extends object>(reads: PayloadReads, input: MutationInput, { appended }: Written, build: () => T) {
    return this.readYourWrites.payload(reads, input, appended.position, build);
  }

  @Mutation(() => ChangePublicationSettingsPayload, {
    nullable: true,
    description: 'Whether the partnership has public pages, and whether updates and PUBLIC minute items are published as they are recorded. Its SECRETARIAT.',
  })
  async changePublicationSettings(
    @Args('input') input: ChangePublicationSettingsInput,
    @RequestContext() context: CommandContext,
    @PayloadReads() reads: PayloadReads,
  ): Promise<ChangePublicationSettingsPayload> {
    const written = await this.commands.execute(new ChangePublicationSettingsCommand(input, context));
    return this.payload(reads, input, written, () => ({
      partnership: toPartnership(this.named(input.partnershipId, this.directory.partnership(input.partnershipId), 'Partnership', 'partnershipId')),
    }));
  }

  @Mutation(() => PublishCommitmentPayload, { nullable: true, description: 'Makes the commitment public on its partnership’s pages (which must be on). Once. Its SECRETARIAT.' })
  async publishCommitment(@Args('input') input: PublishCommitmentInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<PublishCommitmentPayload> {
    const written = await this.commands.execute(new PublishCommitmentCommand(input, context));
    return this.payload(reads, input, written, () => ({
      commitment: toCommitment(this.named(input.commitmentId, this.tracker.commitment(input.commitmentId), 'Commitment', 'commitmentId')),
    }));
  }

  @Mutation(() => PublishActionUpdatePayload, { nullable: true, description: 'Makes one submitted update public. Once. Its SECRETARIAT.' })
  async publishActionUpdate(@Args('input') input: PublishActionUpdateInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<PublishActionUpdatePayload> {
    const written = await this.commands.execute(new PublishActionUpdateCommand(input, context));
    return this.payload(reads, input, written, () => ({
      action: toAction(this.named(input.actionId, this.tracker.action(input.actionId), 'Action', 'actionId')),
      update: toActionUpdate(this.named(input.updateId, this.tracker.update(input.updateId), 'Update', 'updateId')),
    }));
  }

  @Mutation(() => PublishMinutesPayload, { nullable: true, description: 'Makes the meeting’s PUBLIC minute items public, up to a position or all recorded so far; PRIVATE items never. Its SECRETARIAT.' })
  async publishMinutes(@Args('input') input: PublishMinutesInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<PublishMinutesPayload> {
    const written = await this.commands.execute(new PublishMinutesCommand(input, context));
    return this.payload(reads, input, written, () => ({
      meeting: toMeeting(this.named(input.meetingId, this.meetings.meeting(input.meetingId), 'Meeting', 'meetingId')),
    }));
  }

  @Mutation(() => DraftAnnualReturnPayload, {
    nullable: true,
    description: 'Drafts (or redrafts, whole) an organisation’s annual assessment return against its commitments. A PARTNER for its own organisation, or the SECRETARIAT.',
  })
  async draftAnnualReturn(@Args('input') input: DraftAnnualReturnInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<DraftAnnualReturnPayload> {
    const written = await this.commands.execute(new DraftAnnualReturnCommand(input, context));
    return this.payload(reads, input, written, () => ({ annualReturn: this.annualReturnNamed(input.partnershipId, input.organisationId, input.year) }));
  }

  @Mutation(() => PublishAnnualReturnPayload, { nullable: true, description: 'Publishes the return as drafted. Its SECRETARIAT.' })
  async publishAnnualReturn(@Args('input') input: PublishAnnualReturnInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<PublishAnnualReturnPayload> {
    const written = await this.commands.execute(new PublishAnnualReturnCommand(input, context));
    return this.payload(reads, input, written, () => ({ annualReturn: this.annualReturnNamed(input.partnershipId, input.organisationId, input.year) }));
  }
}

@Resolver(() => Partnership)
export class PartnershipPublicationResolver {
  constructor(private readonly queries: PublicationQueries) {}

  @ResolveField(() => PublicationSettings, { description: 'What its public pages may show, and what is published as it is recorded.' })
  async publicationSettings(@Parent() partnership: Partnership, @Loaders() loaders: ReadLoaders): Promise<PublicationSettings> {
    const { publication } = readModelsOf(partnership, { publication: this.queries });
    const row = await loaderOf(loaders, 'publicationSettings', (ids) => new Map(publication.settingsOf(ids).map((r) => [r.partnershipId, r]))).load(partnership.id);
    return toPublicationSettings(row ?? DEFAULT_PUBLICATION_SETTINGS);
  }
}

@Resolver(() => Commitment)
export class CommitmentPublicationResolver {
  constructor(private readonly queries: PublicationQueries) {}

  @ResolveField(() => DateTimeResolver, { nullable: true, description: 'When the secretariat published it; null: not public.' })
  async publishedAt(@Parent() commitment: Commitment, @Loaders() loaders: ReadLoaders): Promise<Date | null> {
    const { publication } = readModelsOf(commitment, { publication: this.queries });
    const row = await loaderOf(loaders, 'commitmentPublished', (ids) => new Map(publication.commitmentsPublished(ids).map((r) => [r.id, r]))).load(commitment.id);
    return row ? new Date(row.publishedAt) : null;
  }
}

@Resolver(() => ActionUpdate)
export class ActionUpdatePublicationResolver {
  constructor(private readonly queries: PublicationQueries) {}

  @ResolveField(() => DateTimeResolver, { nullable: true, description: 'When it was published (by the secretariat, or automatically as it was recorded); null: not public.' })
  async publishedAt(@Parent() update: ActionUpdate, @Loaders() loaders: ReadLoaders): Promise<Date | null> {
    const { publication } = readModelsOf(update, { publication: this.queries });
    const row = await loaderOf(loaders, 'updatePublished', (ids) => new Map(publication.updatesPublished(ids).map((r) => [r.id, r]))).load(update.id);
    return row ? new Date(row.publishedAt) : null;
  }
}

@Resolver(() => Meeting)
export class MeetingPublicationResolver {
  constructor(private readonly queries: PublicationQueries) {}

  private published(meeting: Meeting, loaders: ReadLoaders) {
    const { publication } = readModelsOf(meeting, { publication: this.queries });
    return loaderOf(loaders, 'minutesPublished', (ids) => new Map(publication.minutesPublished(ids).map((r) => [r.meetingId, r]))).load(meeting.id);
  }

  @ResolveField(() => Int, { description: 'Its PUBLIC minute items with a position up to this are published (PRIVATE items never); 0: none.' })
  async minutesPublishedThrough(@Parent() meeting: Meeting, @Loaders() loaders: ReadLoaders): Promise<number> {
    return (await this.published(meeting, loaders))?.throughPosition ?? 0;
  }

  @ResolveField(() => DateTimeResolver, { nullable: true, description: 'When its minutes were last published; null: never.' })
  async minutesPublishedAt(@Parent() meeting: Meeting, @Loaders() loaders: ReadLoaders): Promise<Date | null> {
    const row = await this.published(meeting, loaders);
    return row ? new Date(row.publishedAt) : null;
  }
}

export const PUBLICATION_RESOLVERS = [PublicationResolver, PartnershipPublicationResolver, CommitmentPublicationResolver, ActionUpdatePublicationResolver, MeetingPublicationResolver];
