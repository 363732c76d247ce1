import { Args, ArgsType, Field, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsBoolean, IsUUID } from 'class-validator';
import { CommandBus } from '@nestjs/cqrs';
import { Roles } from '@ledger/auth';
import { NotFoundError } from '@ledger/domain';
import { PersonalDataStore } from '@ledger/personal-data';
import { PartnershipDirectoryQueries } from '@ledger/projections';
import { ByIdArgs } from '../graphql/by-id.args.js';
import { decodeCursor, PageArgs, toConnection } from '../graphql/connection.js';
import { RequestContext, type CommandContext } from '../ledger/command-context.js';
import { ReadYourWrites } from '../ledger/read-your-writes.js';
import { Organisation, toOrganisation } from '../organisations/organisation.model.js';
import {
  AdoptPriorityInput,
  AdoptPriorityPayload,
  RetirePriorityInput,
  RetirePriorityPayload,
  AppointMemberInput,
  AppointMemberPayload,
  FormPartnershipInput,
  FormPartnershipPayload,
  JoinPartnershipInput,
  JoinPartnershipPayload,
} from './dto/partnership.inputs.js';
import {
  AdoptPriorityCommand,
  AppointMemberCommand,
  FormPartnershipCommand,
  JoinPartnershipCommand,
  RetirePriorityCommand,
} from './partnership.handlers.js';
import { Member, toMember } from './models/member.model.js';
import { Partnership, PartnershipConnection, toPartnership } from './models/partnership.model.js';
import { Priority, toPriority } from './models/priority.model.js';

@ArgsType()
class PrioritiesArgs {
  @Field(() => ID) @IsUUID() partnershipId!: string;
  @Field({ defaultValue: false, description: 'Include retired priorities.' }) @IsBoolean() includeRetired: boolean = false;
}

@Resolver(() => Partnership)
export class PartnershipsResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly directory: PartnershipDirectoryQueries,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Query(() => Partnership, { description: 'Any authenticated role.' })
  partnership(@Args() { id }: ByIdArgs): Partnership {
    const row = this.directory.partnership(id);
    if (!row) throw new NotFoundError('Partnership', id, 'id');
    return toPartnership(row);
  }

  @Query(() => PartnershipConnection, { description: 'Partnerships in the order they were formed. Any authenticated role.' })
  partnerships(@Args() { first, after }: PageArgs): PartnershipConnection {
    const rows = this.directory.partnerships(decodeCursor('partnership', after), first + 1);
    return toConnection('partnership', rows, first, toPartnership);
  }

  @Mutation(() => FormPartnershipPayload, { nullable: true, description: 'SECRETARIAT only.' })
  @Roles('SECRETARIAT')
  async formPartnership(@Args('input') input: FormPartnershipInput, @RequestContext() context: CommandContext): Promise<FormPartnershipPayload> {
    const { id, appended } = await this.commands.execute(new FormPartnershipCommand(input, context));
    return this.readYourWrites.payload(input, appended.position, () => ({ partnership: this.partnership({ id }) }));
  }

  @Mutation(() => JoinPartnershipPayload, { nullable: true, description: 'An organisation joins a partnership. SECRETARIAT only.' })
  @Roles('SECRETARIAT')
  async joinPartnership(@Args('input') input: JoinPartnershipInput, @RequestContext() context: CommandContext): Promise<JoinPartnershipPayload> {
    const { id, appended } = await this.commands.execute(new JoinPartnershipCommand(input, context));
    return this.readYourWrites.payload(input, appended.position, () => ({ partnership: this.partnership({ id }) }));
  }

  @Mutation(() => AppointMemberPayload, { nullable: true, description: 'Appoints a person to the partnership board. SECRETARIAT only.' })
  @Roles('SECRETARIAT')
  async appointMember(@Args('input') input: AppointMemberInput, @RequestContext() context: CommandContext): Promise<AppointMemberPayload> {
    const { id, memberId, appended } = await this.commands.execute(new AppointMemberCommand(input, context));
    return this.readYourWrites.payload(input, appended.position, () => {
      const member = this.directory.membersOf(id).find((row) => row.id === memberId);
      if (!member) throw new NotFoundError('Member', memberId);
      return { member: toMember(member) };
    });
  }

  @Mutation(() => AdoptPriorityPayload, { nullable: true, description: 'SECRETARIAT only.' })
  @Roles('SECRETARIAT')
  async adoptPriority(@Args('input') input: AdoptPriorityInput, @RequestContext() context: CommandContext): Promise<AdoptPriorityPayload> {
    const { priorityId, appended } = await this.commands.execute(new AdoptPriorityCommand(input, context));
    return this.readYourWrites.payload(input, appended.position, () => ({ priority: this.priority(priorityId) }));
  }

  @Mutation(() => RetirePriorityPayload, { nullable: true, description: 'Commitments keep their links to a retired priority. SECRETARIAT only.' })
  @Roles('SECRETARIAT')
  async retirePriority(@Args('input') input: RetirePriorityInput, @RequestContext() context: CommandContext): Promise<RetirePriorityPayload> {
    const { appended } = await this.commands.execute(new RetirePriorityCommand(input, context));
    return this.readYourWrites.payload(input, appended.position, () => ({ priority: this.priority(input.priorityId) }));
  }

  @Query(() => [Priority], { description: 'A partnership’s priorities in the order adopted. Any authenticated role.' })
  priorities(@Args() { partnershipId, includeRetired }: PrioritiesArgs): Priority[] {
    return this.directory.prioritiesOf(partnershipId, includeRetired).map(toPriority);
  }

  private priority(id: string): Priority {
    const row = this.directory.priority(id);
    if (!row) throw new NotFoundError('Priority', id, 'priorityId');
    return toPriority(row);
  }

  @ResolveField(() => [Priority], { description: 'Current priorities, in the order adopted.' })
  currentPriorities(@Parent() partnership: Partnership): Priority[] {
    return this.directory.prioritiesOf(partnership.id, false).map(toPriority);
  }

  @ResolveField(() => Partnership, { nullable: true, description: 'The partnership this one sits under, e.g. a place board under its ICS.' })
  parent(@Parent() partnership: Partnership): Partnership | null {
    const row = partnership.parentId ? this.directory.partnership(partnership.parentId) : undefined;
    return row ? toPartnership(row) : null;
  }

  @ResolveField(() => [Organisation], { description: 'Organisations that have joined, in the order they joined.' })
  organisations(@Parent() partnership: Partnership): Organisation[] {
    return this.directory.organisationsOf(partnership.id).map(toOrganisation);
  }

  @ResolveField(() => [Member], { description: 'The board: who sits on it, for which organisation.' })
  members(@Parent() partnership: Partnership): Member[] {
    return this.directory.membersOf(partnership.id).map(toMember);
  }
}

@Resolver(() => Member)
export class MembersResolver {
  constructor(
    private readonly directory: PartnershipDirectoryQueries,
    private readonly personalData: PersonalDataStore,
  ) {}

  @ResolveField(() => String, { nullable: true, description: 'Null once the person’s personal data has been erased.' })
  name(@Parent() member: Member): string | null {
    return this.personalData.detailsOf([member.personId]).get(member.personId)?.name ?? null;
  }

  @ResolveField(() => Organisation)
  organisation(@Parent() member: Member): Organisation {
    const row = this.directory.organisation(member.organisationId);
    if (!row) throw new NotFoundError('Organisation', member.organisationId);
    return toOrganisation(row);
  }
}
