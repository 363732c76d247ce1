import { Args, ArgsType, Field, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsBoolean, IsUUID } from 'class-validator';
import { NotFoundError } from '@ledger/domain';
import { PartnershipDirectoryQueries } from '@ledger/projections';
import { Access, type RequestAccess } from '../access/request-access.js';
import { ByIdArgs } from '../graphql/by-id.args.js';
import { loadConnection, PageArgs, pageOf, toConnection } from '../graphql/connection.js';
import { Loaders, type ReadLoaders } from '../graphql/loaders.js';
import { RequestContext, type CommandContext } from '../ledger/command-context.js';
import { LedgerCommands } from '../ledger/ledger-commands.js';
import { PayloadReads, ReadYourWrites } from '../ledger/read-your-writes.js';
import { Organisation, OrganisationConnection, organisationOf, toOrganisation } from '../organisations/organisation.model.js';
import {
  AdoptPriorityInput,
  AdoptPriorityPayload,
  RetirePriorityInput,
  RetirePriorityPayload,
  ChangePartnershipSettingsInput,
  ChangePartnershipSettingsPayload,
  AppointMemberInput,
  AppointMemberPayload,
  FormPartnershipInput,
  FormPartnershipPayload,
  JoinPartnershipInput,
  JoinPartnershipPayload,
  DissolvePartnershipInput,
  DissolvePartnershipPayload,
  LeavePartnershipInput,
  LeavePartnershipPayload,
  VacateMemberInput,
  VacateMemberPayload,
} from './dto/partnership.inputs.js';
import {
  AdoptPriorityCommand,
  AppointMemberCommand,
  FormPartnershipCommand,
  JoinPartnershipCommand,
  RetirePriorityCommand,
  ChangePartnershipSettingsCommand,
  DissolvePartnershipCommand,
  LeavePartnershipCommand,
  VacateMemberCommand,
} from './partnership.handlers.js';
import { Member, MemberConnection, toMember } from './models/member.model.js';
import { Partnership, PartnershipConnection, partnershipOf, toPartnership } from './models/partnership.model.js';
import { Priority, PriorityConnection, toPriority } from './models/priority.model.js';

@ArgsType()
class PrioritiesArgs extends PageArgs {
  @Field(() => ID) @IsUUID() partnershipId!: string;
  @Field({ defaultValue: false, description: 'Include retired priorities.' }) @IsBoolean() includeRetired: boolean = false;
}

@Resolver(() => Partnership)
export class PartnershipsResolver {
  constructor(
    private readonly commands: LedgerCommands,
    private readonly directory: PartnershipDirectoryQueries,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Query(() => Partnership, { description: 'Anyone with a grant on it or above it, or a PARTNER for one of its organisations.' })
  async partnership(@Args() { id }: ByIdArgs, @Access() access: RequestAccess): Promise<Partnership> {
    const partnership = this.partnershipNamed(id, 'id');
    await access.requireRead(id);
    return partnership;
  }

  /** The partnership a mutation has just written to, already authorised. */
  private partnershipNamed(id: string, field = 'partnershipId'): Partnership {
    const row = this.directory.partnership(id);
    if (!row) throw new NotFoundError('Partnership', id, field);
    return toPartnership(row);
  }

  @Query(() => PartnershipConnection, { description: 'The partnerships you may read, in the order they were formed.' })
  async partnerships(@Args() args: PageArgs, @Access() access: RequestAccess): Promise<PartnershipConnection> {
    const visible = await access.visiblePartnershipIds();
    const rows = this.directory.partnershipsAmong(visible, pageOf('partnership', args));
    return toConnection('partnership', args, { rows, totalCount: visible?.length ?? this.directory.partnershipCount() }, toPartnership);
  }

  @Mutation(() => FormPartnershipPayload, { nullable: true, description: 'Its SECRETARIAT.' })
  async formPartnership(@Args('input') input: FormPartnershipInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<FormPartnershipPayload> {
    const { id, appended } = await this.commands.execute(new FormPartnershipCommand(input, context));
    return this.readYourWrites.payload(reads, input, appended.position, () => ({ partnership: this.partnershipNamed(id) }));
  }

  @Mutation(() => JoinPartnershipPayload, { nullable: true, description: 'An organisation joins a partnership. Its SECRETARIAT.' })
  async joinPartnership(@Args('input') input: JoinPartnershipInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<JoinPartnershipPayload> {
    const { id, appended } = await this.commands.execute(new JoinPartnershipCommand(input, context));
    return this.readYourWrites.payload(reads, input, appended.position, () => ({ partnership: this.partnershipNamed(id) }));
  }

  @Mutation(() => AppointMemberPayload, { nullable: true, description: 'Appoints a person to the partnership board. Its SECRETARIAT.' })
  async appointMember(@Args('input') input: AppointMemberInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<AppointMemberPayload> {
    const { id, memberId, appended } = await this.commands.execute(new AppointMemberCommand(input, context));
    return this.readYourWrites.payload(reads, input, appended.position, () => ({ member: this.memberNamed(memberId) }));
  }

  private memberNamed(id: string): Member {
    const member = this.directory.member(id);
    if (!member) throw new NotFoundError('Member', id, 'memberId');
    return toMember(member);
  }

  @Mutation(() => LeavePartnershipPayload, {
    nullable: true,
    description: 'An organisation leaves; its seats are vacated with it. Refused while it owns open actions of the partnership. Its SECRETARIAT.',
  })
  async leavePartnership(@Args('input') input: LeavePartnershipInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<LeavePartnershipPayload> {
    const { id, appended } = await this.commands.execute(new LeavePartnershipCommand(input, context));
    return this.readYourWrites.payload(reads, input, appended.position, () => ({ partnership: this.partnershipNamed(id) }));
  }

  @Mutation(() => VacateMemberPayload, { nullable: true, description: 'A seat is vacated: it leaves the board; history keeps who held it. Its SECRETARIAT.' })
  async vacateMember(@Args('input') input: VacateMemberInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<VacateMemberPayload> {
    const { appended } = await this.commands.execute(new VacateMemberCommand(input, context));
    return this.readYourWrites.payload(reads, input, appended.position, () => ({ member: this.memberNamed(input.memberId) }));
  }

  @Mutation(() => DissolvePartnershipPayload, {
    nullable: true,
    description: 'Read-only from then on: every later command on it or anything under it is FAILED_PRECONDITION. Its SECRETARIAT.',
  })
  async dissolvePartnership(@Args('input') input: DissolvePartnershipInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<DissolvePartnershipPayload> {
    const { id, appended } = await this.commands.execute(new DissolvePartnershipCommand(input, context));
    return this.readYourWrites.payload(reads, input, appended.position, () => ({ partnership: this.partnershipNamed(id) }));
  }

  @Mutation(() => AdoptPriorityPayload, { nullable: true, description: 'Its SECRETARIAT.' })
  async adoptPriority(@Args('input') input: AdoptPriorityInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<AdoptPriorityPayload> {
    const { priorityId, appended } = await this.commands.execute(new AdoptPriorityCommand(input, context));
    return this.readYourWrites.payload(reads, input, appended.position, () => ({ priority: this.priority(priorityId) }));
  }

  @Mutation(() => RetirePriorityPayload, { nullable: true, description: 'Commitments keep their links to a retired priority. Its SECRETARIAT.' })
  async retirePriority(@Args('input') input: RetirePriorityInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<RetirePriorityPayload> {
    const { appended } = await this.commands.execute(new RetirePriorityCommand(input, context));
    return this.readYourWrites.payload(reads, input, appended.position, () => ({ priority: this.priority(input.priorityId) }));
  }

  @Mutation(() => ChangePartnershipSettingsPayload, { nullable: true, description: 'The thresholds of its board views (RAG, due soon, silent). Its SECRETARIAT.' })
  async changePartnershipSettings(
    @Args('input') input: ChangePartnershipSettingsInput,
    @RequestContext() context: CommandContext,
  @PayloadReads() reads: PayloadReads,
  ): Promise<ChangePartnershipSettingsPayload> {
    const { appended } = await this.commands.execute(new ChangePartnershipSettingsCommand(input, context));
    return this.readYourWrites.payload(reads, input, appended.position, () => ({ partnership: this.partnershipNamed(input.partnershipId) }));
  }

  @Query(() => PriorityConnection, { description: 'A partnership’s priorities in the order adopted. Whoever may read the partnership.' })
  async priorities(@Args() args: PrioritiesArgs, @Access() access: RequestAccess): Promise<PriorityConnection> {
    const { partnershipId, includeRetired } = args;
    await access.requireRead(partnershipId);
    const rows = this.directory.prioritiesOfEach([partnershipId], includeRetired, pageOf('priority', args));
    const totalCount = this.directory.priorityCountOfEach([partnershipId], includeRetired).get(partnershipId) ?? 0;
    return toConnection('priority', args, { rows, totalCount }, toPriority);
  }

  private priority(id: string): Priority {
    const row = this.directory.priority(id);
    if (!row) throw new NotFoundError('Priority', id, 'priorityId');
    return toPriority(row);
  }

  @ResolveField(() => PriorityConnection, { description: 'Current priorities, in the order adopted.' })
  async currentPriorities(@Parent() partnership: Partnership, @Args() args: PageArgs, @Loaders() loaders: ReadLoaders): Promise<PriorityConnection> {
    return loadConnection('current-priority', args, (page) => loaders.currentPrioritiesOfPartnership.load(partnership.id, page), toPriority);
  }

  @ResolveField(() => Partnership, {
    nullable: true,
    description: 'The partnership this one sits under, e.g. a place board under its ICS. FORBIDDEN unless you may read it too.',
  })
  async parent(@Parent() partnership: Partnership, @Loaders() loaders: ReadLoaders, @Access() access: RequestAccess): Promise<Partnership | null> {
    if (!partnership.parentId) return null;
    await access.requireRead(partnership.parentId);
    return partnershipOf(loaders, partnership.parentId);
  }

  @ResolveField(() => OrganisationConnection, { description: 'Organisations that have joined, in the order they joined.' })
  async organisations(@Parent() partnership: Partnership, @Args() args: PageArgs, @Loaders() loaders: ReadLoaders): Promise<OrganisationConnection> {
    return loadConnection('organisation', args, (page) => loaders.organisationsOfPartnership.load(partnership.id, page), toOrganisation);
  }

  @ResolveField(() => MemberConnection, { description: 'The board: who sits on it, for which organisation, in the order appointed.' })
  async members(@Parent() partnership: Partnership, @Args() args: PageArgs, @Loaders() loaders: ReadLoaders): Promise<MemberConnection> {
    return loadConnection('member', args, (page) => loaders.membersOfPartnership.load(partnership.id, page), toMember);
  }
}

@Resolver(() => Member)
export class MembersResolver {
  @ResolveField(() => String, { nullable: true, description: 'Null once the person’s personal data has been erased.' })
  name(@Parent() member: Member, @Loaders() loaders: ReadLoaders): Promise<string | null> {
    return loaders.personName.load(member.personId);
  }

  @ResolveField(() => Organisation)
  organisation(@Parent() member: Member, @Loaders() loaders: ReadLoaders): Promise<Organisation> {
    return organisationOf(loaders, member.organisationId);
  }
}
