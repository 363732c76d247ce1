import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { Roles } from '@ledger/auth';
import { NotFoundError } from '@ledger/domain';
import { PartnershipDirectoryQueries } from '@ledger/projections';
import { ByIdArgs } from '../graphql/by-id.args.js';
import { RequestContext, type CommandContext } from '../ledger/command-context.js';
import { ReadYourWrites } from '../ledger/read-your-writes.js';
import { loadConnection, PageArgs } from '../graphql/connection.js';
import { Loaders, type ReadLoaders } from '../graphql/loaders.js';
import { PartnershipConnection, toPartnership } from '../partnerships/models/partnership.model.js';
import { RegisterOrganisationInput, RegisterOrganisationPayload } from './dto/register-organisation.input.js';
import { Organisation, toOrganisation } from './organisation.model.js';
import { RegisterOrganisationCommand } from './register-organisation.handler.js';

@Resolver(() => Organisation)
export class OrganisationsResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly directory: PartnershipDirectoryQueries,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Query(() => Organisation, { description: 'Any authenticated role.' })
  organisation(@Args() { id }: ByIdArgs): Organisation {
    const row = this.directory.organisation(id);
    if (!row) throw new NotFoundError('Organisation', id, 'id');
    return toOrganisation(row);
  }

  @Mutation(() => RegisterOrganisationPayload, { nullable: true, description: 'SECRETARIAT only.' })
  @Roles('SECRETARIAT')
  async registerOrganisation(
    @Args('input') input: RegisterOrganisationInput,
    @RequestContext() context: CommandContext,
  ): Promise<RegisterOrganisationPayload> {
    const { id, appended } = await this.commands.execute(new RegisterOrganisationCommand(input, context));
    return this.readYourWrites.payload(input, appended.position, () => ({ organisation: this.organisation({ id }) }));
  }

  @ResolveField(() => PartnershipConnection, { description: 'Partnerships this organisation has joined, in the order they were formed.' })
  async partnerships(@Parent() organisation: Organisation, @Args() args: PageArgs, @Loaders() loaders: ReadLoaders): Promise<PartnershipConnection> {
    return loadConnection('joined-partnership', args, (page) => loaders.partnershipsOfOrganisation.load(organisation.id, page), toPartnership);
  }
}
