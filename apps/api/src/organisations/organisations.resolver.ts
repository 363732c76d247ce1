import { Args, ArgsType, Field, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { NotFoundError } from '@ledger/domain';
import { PartnershipDirectoryQueries } from '@ledger/projections';
import { Access, type RequestAccess } from '../access/request-access.js';
import { ByIdArgs } from '../graphql/by-id.args.js';
import { RequestContext, type CommandContext } from '../ledger/command-context.js';
import { LedgerCommands } from '../ledger/ledger-commands.js';
import { PayloadReads, ReadYourWrites } from '../ledger/read-your-writes.js';
import { loadConnection, PageArgs, pageOf, toConnection } from '../graphql/connection.js';
import { Loaders, type ReadLoaders } from '../graphql/loaders.js';
import { PartnershipConnection, toPartnership } from '../partnerships/models/partnership.model.js';
import {
  MergeOrganisationsInput,
  MergeOrganisationsPayload,
  RegisterOrganisationInput,
  RegisterOrganisationPayload,
  RenameOrganisationInput,
  RenameOrganisationPayload,
} from './dto/register-organisation.input.js';
import { MergeOrganisationsCommand, RenameOrganisationCommand } from './organisation-corrections.handlers.js';
import { Organisation, OrganisationConnection, organisationOf, toOrganisation } from './organisation.model.js';
import { RegisterOrganisationCommand } from './register-organisation.handler.js';

@ArgsType()
class OrganisationsArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Part of the name, in any case.' }) @IsOptional() @IsString() @MaxLength(200) search?: string | null;
}

@Resolver(() => Organisation)
export class OrganisationsResolver {
  constructor(
    private readonly commands: LedgerCommands,
    private readonly directory: PartnershipDirectoryQueries,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Query(() => Organisation, { description: 'Any authenticated person: organisations are public bodies and groups.' })
  organisation(@Args() { id }: ByIdArgs): Organisation {
    const row = this.directory.organisation(id);
    if (!row) throw new NotFoundError('Organisation', id, 'id');
    return toOrganisation(row);
  }

  @Mutation(() => RegisterOrganisationPayload, { nullable: true, description: 'PLATFORM_ADMIN only.' })
  async registerOrganisation(
    @Args('input') input: RegisterOrganisationInput,
    @RequestContext() context: CommandContext,
  @PayloadReads() reads: PayloadReads,
  ): Promise<RegisterOrganisationPayload> {
    const { id, appended } = await this.commands.execute(new RegisterOrganisationCommand(input, context));
    return this.readYourWrites.payload(reads, input, appended.position, () => ({ organisation: this.organisation({ id }) }));
  }

  @Mutation(() => RenameOrganisationPayload, { nullable: true, description: 'The old name stays in history, with the reason. PLATFORM_ADMIN only.' })
  async renameOrganisation(@Args('input') input: RenameOrganisationInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<RenameOrganisationPayload> {
    const { id, appended } = await this.commands.execute(new RenameOrganisationCommand(input, context));
    return this.readYourWrites.payload(reads, input, appended.position, () => ({ organisation: this.organisation({ id }) }));
  }

  @Mutation(() => MergeOrganisationsPayload, {
    nullable: true,
    description:
      'An organisation registered twice: the survivor joins each partnership the duplicate was in and takes over its open actions; the duplicate shows `mergedInto`. PLATFORM_ADMIN only.',
  })
  async mergeOrganisations(@Args('input') input: MergeOrganisationsInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<MergeOrganisationsPayload> {
    const { id, appended } = await this.commands.execute(new MergeOrganisationsCommand(input, context));
    return this.readYourWrites.payload(reads, input, appended.position, () => ({ organisation: this.organisation({ id }) }));
  }

  @ResolveField(() => Organisation, {
    nullable: true,
    description: 'The organisation this one was merged into (it was a duplicate); its history now belongs there. Null for one that stands on its own.',
  })
  async mergedInto(@Parent() organisation: Organisation, @Loaders() loaders: ReadLoaders): Promise<Organisation | null> {
    return organisation.mergedIntoId ? organisationOf(loaders, organisation.mergedIntoId) : null;
  }

  @Query(() => OrganisationConnection, { description: 'Organisations by name, optionally those whose name contains `search`. Any authenticated person.' })
  organisations(@Args() args: OrganisationsArgs): OrganisationConnection {
    const search = args.search?.trim() || null;
    const rows = this.directory.organisations(search, pageOf('organisation', args));
    return toConnection('organisation', args, { rows, totalCount: this.directory.organisationCount(search) }, toOrganisation);
  }

  @ResolveField(() => PartnershipConnection, { description: 'The partnerships it has joined that you may read, in the order they were formed.' })
  async partnerships(
    @Parent() organisation: Organisation,
    @Args() args: PageArgs,
    @Loaders() loaders: ReadLoaders,
    @Access() access: RequestAccess,
  ): Promise<PartnershipConnection> {
    const visible = await access.visiblePartnershipIds();
    return loadConnection('joined-partnership', args, (page) => loaders.partnershipsOfOrganisation(visible).load(organisation.id, page), toPartnership);
  }
}
