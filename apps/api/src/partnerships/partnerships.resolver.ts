import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
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
  AppointMemberInput,
  AppointMemberPayload,
  FormPartnershipInput,
  FormPartnershipPayload,
  JoinPartnershipInput,
  JoinPartnershipPayload,
} from './dto/partnership.inputs.js';
import { AppointMemberCommand, FormPartnershipCommand, JoinPartnershipCommand } from './partnership.handlers.js';
import { Member, toMember } from './models/member.model.js';
import { Partnership, PartnershipConnection, toPartnership } from './models/partnership.model.js';

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

  @Mutation(() => FormPartnershipPayload, { description: 'SECRETARIAT only.' })
  @Roles('SECRETARIAT')
  async formPartnership(@Args('input') input: FormPartnershipInput, @RequestContext() context: CommandContext): Promise<FormPartnershipPayload> {
    const { id, appended } = await this.commands.execute(new FormPartnershipCommand(input, context));
    return this.readYourWrites.payload(appended, () => ({ partnership: this.partnership({ id }) }));
  }

  @Mutation(() => JoinPartnershipPayload, { description: 'An organisation joins a partnership. SECRETARIAT only.' })
  @Roles('SECRETARIAT')
  async joinPartnership(@Args('input') input: JoinPartnershipInput, @RequestContext() context: CommandContext): Promise<JoinPartnershipPayload> {
    const { id, appended } = await this.commands.execute(new JoinPartnershipCommand(input, context));
    return this.readYourWrites.payload(appended, () => ({ partnership: this.partnership({ id }) }));
  }

  @Mutation(() => AppointMemberPayload, { description: 'Appoints a person to the partnership board. SECRETARIAT only.' })
  @Roles('SECRETARIAT')
  async appointMember(@Args('input') input: AppointMemberInput, @RequestContext() context: CommandContext): Promise<AppointMemberPayload> {
    const { id, memberId, appended } = await this.commands.execute(new AppointMemberCommand(input, context));
    return this.readYourWrites.payload(appended, () => {
      const member = this.directory.membersOf(id).find((row) => row.id === memberId);
      if (!member) throw new NotFoundError('Member', memberId);
      return { member: toMember(member) };
    });
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
