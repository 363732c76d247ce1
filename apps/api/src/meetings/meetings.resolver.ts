import { Args, ArgsType, Field, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsOptional, IsString, IsUUID } from 'class-validator';
import { type ActionProgress as ActionProgressOf, NotFoundError, requireCalendarDate } from '@ledger/domain';
import { CommitmentTrackerQueries, MeetingsQueries } from '@ledger/projections';
import { Access, type RequestAccess } from '../access/request-access.js';
import { ByIdArgs } from '../graphql/by-id.args.js';
import { PageArgs, pageOf, toConnection } from '../graphql/connection.js';
import { Loaders, type ReadLoaders } from '../graphql/loaders.js';
import type { MutationInput } from '../graphql/mutation.js';
import { RequestContext, type CommandContext } from '../ledger/command-context.js';
import { LedgerCommands } from '../ledger/ledger-commands.js';
import { PayloadReads, ReadYourWrites } from '../ledger/read-your-writes.js';
import type { Written } from '../ledger/written.js';
import {
  ConfirmMinutesInput,
  ConfirmMinutesPayload,
  RecordAttendanceInput,
  RecordAttendancePayload,
  RecordMinuteItemInput,
  RecordMinuteItemPayload,
  ScheduleMeetingInput,
  ScheduleMeetingPayload,
} from './dto/meeting.inputs.js';
import { AsAtInput } from '../as-of/as-at.input.js';
import { AsOfReadModels } from '../as-of/as-of-read-models.js';
import { type AsOfSnapshot } from '../as-of/as-of-snapshot.js';
import { progressSinceLastMeeting } from './progress-since-last-meeting.js';
import { ProgressSinceLastMeeting } from './progress.model.js';
import { ConfirmMinutesCommand, RecordAttendanceCommand, RecordMinuteItemCommand, ScheduleMeetingCommand } from './meeting.handlers.js';
import { AttendanceEntry, Declaration, Meeting, MeetingConnection, MinuteItem, toAttendanceEntry, toMeeting, toMinuteItem } from './meeting.model.js';
import { AuditReads } from '../history/audit-reads.js';

@ArgsType()
class MeetingsArgs extends PageArgs {
  @Field(() => ID) @IsUUID() partnershipId!: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, inclusive.' }) @IsOptional() @IsString() from?: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, inclusive.' }) @IsOptional() @IsString() to?: string | null;
}

@Resolver(() => Meeting)
export class MeetingsResolver {
  constructor(
    private readonly commands: LedgerCommands,
    private readonly queries: MeetingsQueries,
    private readonly tracker: CommitmentTrackerQueries,
    private readonly readYourWrites: ReadYourWrites,
    private readonly asOf: AsOfReadModels,
    private readonly auditReads: AuditReads,
  ) {}

  @Query(() => Meeting, { description: 'A meeting and its minutes. Whoever may read its partnership.' })
  async meeting(@Args() { id }: ByIdArgs, @Access() access: RequestAccess): Promise<Meeting> {
    const meeting = this.meetingNamed(id, 'id');
    await access.requireRead(meeting.partnershipId, `read meeting ${id}`);
    return meeting;
  }

  @Query(() => MeetingConnection, { description: 'A partnership’s meetings in date order, optionally between two dates. Whoever may read the partnership.' })
  async meetings(@Args() args: MeetingsArgs, @Access() access: RequestAccess): Promise<MeetingConnection> {
    const { partnershipId } = args;
    const from = args.from ? requireCalendarDate('from', args.from) : null;
    const to = args.to ? requireCalendarDate('to', args.to) : null;
    await access.requireRead(partnershipId);
    const rows = this.queries.meetings(partnershipId, from, to, pageOf('meeting', args));
    return toConnection('meeting', args, { rows, totalCount: this.queries.meetingCount(partnershipId, from, to) }, toMeeting);
  }

  @Query(() => ProgressSinceLastMeeting, { description: 'The actions the board reviews at this meeting and the updates since its previous one. Whoever may read its partnership.' })
  async progressSinceLastMeeting(
    @Args('meetingId', { type: () => ID }) meetingId: string,
    @Access() access: RequestAccess,
    @Args('asAt', { type: () => AsAtInput, nullable: true, description: 'As it stood at this point of the log (its AUDITOR or SECRETARIAT).' }) asAt?: AsAtInput | null,
  ): Promise<ProgressSinceLastMeeting> {
    let row = this.queries.meeting(meetingId);
    if (!row) throw new NotFoundError('Meeting', meetingId, 'meetingId');
    let models: Pick<AsOfSnapshot, 'meetings' | 'tracker'> = { meetings: this.queries, tracker: this.tracker };
    if (asAt) {
      await this.auditReads.record(access, row.partnershipId, 'PROGRESS_AS_OF', meetingId);
      models = await this.asOf.at(asAt);
      row = models.meetings.meeting(meetingId);
      if (!row) throw new NotFoundError('Meeting', meetingId, 'meetingId');
    } else {
      await access.requireRead(row.partnershipId, `read meeting ${meetingId}`);
    }
    const { window, organisations, partnerships } = progressSinceLastMeeting(row, models.meetings, models.tracker);
    const toProgress = (actions: readonly ActionProgressOf[]) =>
      actions.map((action) => ({ ...action, raisedAt: action.raisedAt && { ...action.raisedAt }, updates: action.updates.map((update) => ({ ...update })) }));
    return {
      ...window,
      organisations: organisations.map(({ organisationId, actions }) => ({ organisationId, actions: toProgress(actions) })),
      partnerships: partnerships.map(({ partnershipId, actions }) => ({ partnershipId, actions: toProgress(actions) })),
    };
  }

  /** The meeting a mutation has just written to, already authorised. */
  private meetingNamed(id: string, field = 'meetingId'): Meeting {
    const row = this.queries.meeting(id);
    if (!row) throw new NotFoundError('Meeting', id, field);
    return toMeeting(row);
  }

  private async written(reads: PayloadReads, input: MutationInput, { id, appended }: Written) {
    return this.readYourWrites.payload(reads, input, appended.position, () => ({ meeting: this.meetingNamed(id) }));
  }

  @Mutation(() => ScheduleMeetingPayload, { nullable: true, description: 'Schedules a board meeting. Its SECRETARIAT.' })
  async scheduleMeeting(@Args('input') input: ScheduleMeetingInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<ScheduleMeetingPayload> {
    return this.written(reads, input, await this.commands.execute(new ScheduleMeetingCommand(input, context)));
  }

  @Mutation(() => RecordAttendancePayload, { nullable: true, description: 'Who was present, in attendance or sent apologies, and interests declared: the meeting is HELD. Its SECRETARIAT.' })
  async recordAttendance(@Args('input') input: RecordAttendanceInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<RecordAttendancePayload> {
    return this.written(reads, input, await this.commands.execute(new RecordAttendanceCommand(input, context)));
  }

  @Mutation(() => RecordMinuteItemPayload, {
    nullable: true,
    description: 'Adds an item to the minutes. CONFIRM_MINUTES also confirms the earlier meeting’s minutes; ENDORSE_COMMITMENT endorses the commitment at this meeting. Its SECRETARIAT.',
  })
  async recordMinuteItem(@Args('input') input: RecordMinuteItemInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<RecordMinuteItemPayload> {
    return this.written(reads, input, await this.commands.execute(new RecordMinuteItemCommand(input, context)));
  }

  @Mutation(() => ConfirmMinutesPayload, { nullable: true, description: 'Confirms the minutes as a correct record at a later meeting. Its SECRETARIAT.' })
  async confirmMinutes(@Args('input') input: ConfirmMinutesInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<ConfirmMinutesPayload> {
    return this.written(reads, input, await this.commands.execute(new ConfirmMinutesCommand(input, context)));
  }

  @ResolveField(() => [AttendanceEntry], { description: 'In the order the minutes list them.' })
  attendance(@Parent() meeting: Meeting): AttendanceEntry[] {
    return this.queries.attendance(meeting.id).map(toAttendanceEntry);
  }

  @ResolveField(() => [Declaration], { description: 'Interests declared at the meeting, by member id.' })
  declarations(@Parent() meeting: Meeting, @Loaders() loaders: ReadLoaders): Promise<Declaration[]> {
    return Promise.all(
      this.queries
        .declarations(meeting.id)
        .map(async ({ memberId, declarationId }) => ({ memberId, interest: declarationId ? await loaders.declarationText.load(declarationId) : null })),
    );
  }

  @ResolveField(() => [MinuteItem], { description: 'The minutes in the order they read, private items included.' })
  items(@Parent() meeting: Meeting): MinuteItem[] {
    const raised = this.queries.actionsRaised(meeting.id);
    return this.queries.items(meeting.id).map((row) => toMinuteItem(row, raised));
  }
}
