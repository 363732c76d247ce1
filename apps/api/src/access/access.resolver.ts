import { Args, ArgsType, Field, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';
import { NotFoundError } from '@ledger/domain';
import { PersonalDataStore } from '@ledger/personal-data';
import { AccessGrantsQueries } from '@ledger/projections';
import { loadConnection, PageArgs, toConnection, pageOf } from '../graphql/connection.js';
import { Loaders, type ReadLoaders } from '../graphql/loaders.js';
import { RequestContext, type CommandContext } from '../ledger/command-context.js';
import { LedgerCommands } from '../ledger/ledger-commands.js';
import { PayloadReads, ReadYourWrites } from '../ledger/read-your-writes.js';
import type { Written } from '../ledger/written.js';
import { Organisation, organisationOf } from '../organisations/organisation.model.js';
import { Partnership, partnershipOf } from '../partnerships/models/partnership.model.js';
import { GrantRoleCommand, RevokeRoleCommand } from './access.handlers.js';
import { GrantRoleInput, GrantRolePayload, RevokeRoleInput, RevokeRolePayload } from './dto/access.inputs.js';
import { Grant, GrantConnection, Me, Person, toGrant } from './grant.model.js';
import { Access, type RequestAccess } from './request-access.js';

@ArgsType()
class GrantsArgs extends PageArgs {
  @Field(() => ID) @IsUUID() partnershipId!: string;
}

@Resolver(() => Grant)
export class GrantsResolver {
  constructor(
    private readonly commands: LedgerCommands,
    private readonly grants: AccessGrantsQueries,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  private grant(id: string): Grant {
    const row = this.grants.grant(id);
    if (!row) throw new NotFoundError('Grant', id, 'grantId');
    return toGrant(row);
  }

  private written(reads: PayloadReads, input: { clientMutationId?: string | null }, { id, appended }: Written) {
    return this.readYourWrites.payload(reads, input, appended.position, () => ({ grant: this.grant(id) }));
  }

  @Mutation(() => GrantRolePayload, {
    nullable: true,
    description: 'Gives a person a role in a scope. PLATFORM_ADMIN any; a SECRETARIAT PARTNER for its organisations and AUDITOR of its partnership.',
  })
  async grantRole(@Args('input') input: GrantRoleInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<GrantRolePayload> {
    return this.written(reads, input, await this.commands.execute(new GrantRoleCommand(input, context)));
  }

  @Mutation(() => RevokeRolePayload, { nullable: true, description: 'Ends a grant at once, on every API instance. Whoever may grant it may revoke it.' })
  async revokeRole(@Args('input') input: RevokeRoleInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<RevokeRolePayload> {
    return this.written(reads, input, await this.commands.execute(new RevokeRoleCommand(input, context)));
  }

  @Query(() => GrantConnection, {
    name: 'grants',
    description: "A partnership's grants, current and past, in the order granted, with who granted and revoked each. Its SECRETARIAT or AUDITOR, or PLATFORM_ADMIN.",
  })
  async grantsOfPartnership(@Args() args: GrantsArgs, @Access() access: RequestAccess): Promise<GrantConnection> {
    const { partnershipId } = args;
    await access.require(
      [{ role: 'PLATFORM_ADMIN' }, { role: 'SECRETARIAT', partnershipId }, { role: 'AUDITOR', partnershipId }],
      `read the grants of partnership ${partnershipId}`,
    );
    const rows = this.grants.grantsOfPartnership(partnershipId, pageOf('grant', args));
    return toConnection('grant', args, { rows, totalCount: this.grants.grantCountOfPartnership(partnershipId) }, toGrant);
  }

  @ResolveField(() => Person)
  person(@Parent() grant: Grant): Person {
    return { id: grant.personId };
  }

  @ResolveField(() => Person, { description: 'Who made the grant (the operator, for the first administrator).' })
  grantedBy(@Parent() grant: Grant): Person {
    return { id: grant.grantedBy };
  }

  @ResolveField(() => Person, { nullable: true })
  revokedBy(@Parent() grant: Grant): Person | null {
    return grant.revokedBy ? { id: grant.revokedBy } : null;
  }

  @ResolveField(() => Partnership, { nullable: true, description: 'For SECRETARIAT and AUDITOR grants of a partnership.' })
  partnership(@Parent() grant: Grant, @Loaders() loaders: ReadLoaders): Promise<Partnership> | null {
    return grant.partnershipId ? partnershipOf(loaders, grant.partnershipId) : null;
  }

  @ResolveField(() => Organisation, { nullable: true, description: 'For PARTNER grants.' })
  organisation(@Parent() grant: Grant, @Loaders() loaders: ReadLoaders): Promise<Organisation> | null {
    return grant.organisationId ? organisationOf(loaders, grant.organisationId) : null;
  }
}

@Resolver(() => Person)
export class PeopleResolver {
  @ResolveField(() => String, { nullable: true, description: 'Null when not known, or once the person’s personal data has been erased.' })
  name(@Parent() person: Person, @Loaders() loaders: ReadLoaders): Promise<string | null> {
    return loaders.personName.load(person.id);
  }
}

@Resolver(() => Me)
export class MeResolver {
  constructor(
    private readonly grantRows: AccessGrantsQueries,
    private readonly personalData: PersonalDataStore,
  ) {}

  @Query(() => Me, { description: 'Who you are and the grants you hold now. Any authenticated person, with or without grants.' })
  me(@Access() access: RequestAccess): Me {
    const { personId } = access.caller;
    return { person: { id: personId }, email: this.personalData.detailsOf([personId]).get(personId)?.email ?? null };
  }

  @ResolveField(() => GrantConnection, { description: 'Your current grants, in the order granted.' })
  async grants(@Parent() me: Me, @Args() args: PageArgs, @Access() access: RequestAccess): Promise<GrantConnection> {
    // What you may do now comes from the log; the read model adds who granted each and when.
    const current = new Set((await access.grantsNow()).map((grant) => grant.grantId));
    const rows = this.grantRows
      .grantsOfPerson(me.person.id)
      .filter((row) => current.has(row.id))
      .map((row, index) => ({ ...row, sequence: index + 1 }));
    return loadConnection('my-grant', args, async ({ afterSequence, limit }) => ({ rows: rows.slice(afterSequence, afterSequence + limit), totalCount: rows.length }), toGrant);
  }
}
