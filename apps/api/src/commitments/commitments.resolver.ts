import { Args, ArgsType, Field, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { Roles } from '@ledger/auth';
import { COMMITMENT_STATUSES, NotFoundError, type CommitmentStatus as Status } from '@ledger/domain';
import { CommitmentTrackerQueries, IndicatorReadingsQueries, PartnershipDirectoryQueries } from '@ledger/projections';
import { Action, toAction } from '../actions/action.model.js';
import { ByIdArgs } from '../graphql/by-id.args.js';
import { decodeCursor, PageArgs, toConnection } from '../graphql/connection.js';
import { CommitmentStatus } from '../graphql/enums.js';
import { Indicator, toIndicator } from '../indicators/indicator.model.js';
import type { MutationInput } from '../graphql/mutation.js';
import { RequestContext, type CommandContext } from '../ledger/command-context.js';
import { ReadYourWrites } from '../ledger/read-your-writes.js';
import type { Written } from '../ledger/written.js';
import { Organisation, toOrganisation } from '../organisations/organisation.model.js';
import { Partnership, toPartnership } from '../partnerships/models/partnership.model.js';
import { Priority, toPriority } from '../partnerships/models/priority.model.js';
import { AmendCommitmentCommand, CloseCommitmentCommand, EndorseCommitmentCommand, MakeCommitmentCommand } from './commitment.handlers.js';
import { Commitment, CommitmentConnection, toCommitment } from './commitment.model.js';
import {
  AmendCommitmentInput,
  AmendCommitmentPayload,
  CloseCommitmentInput,
  CloseCommitmentPayload,
  EndorseCommitmentInput,
  EndorseCommitmentPayload,
  MakeCommitmentInput,
  MakeCommitmentPayload,
} from './dto/commitment.inputs.js';

@ArgsType()
class CommitmentsArgs extends PageArgs {
  @Field(() => ID) @IsUUID() partnershipId!: string;
  @Field(() => CommitmentStatus, { nullable: true }) @IsOptional() @IsIn(COMMITMENT_STATUSES) status?: Status | null;
}

@Resolver(() => Commitment)
export class CommitmentsResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly tracker: CommitmentTrackerQueries,
    private readonly indicators: IndicatorReadingsQueries,
    private readonly directory: PartnershipDirectoryQueries,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Query(() => Commitment, { description: 'Any authenticated role.' })
  commitment(@Args() { id }: ByIdArgs): Commitment {
    const row = this.tracker.commitment(id);
    if (!row) throw new NotFoundError('Commitment', id, 'id');
    return toCommitment(row);
  }

  @Query(() => CommitmentConnection, { description: 'A partnership’s commitments in the order made, optionally of one status. Any authenticated role.' })
  commitments(@Args() { partnershipId, status, first, after }: CommitmentsArgs): CommitmentConnection {
    const rows = this.tracker.commitments(partnershipId, status ?? null, decodeCursor('commitment', after), first + 1);
    return toConnection('commitment', rows, first, toCommitment);
  }

  private async written(input: MutationInput, { id, appended }: Written) {
    return this.readYourWrites.payload(input, appended.position, () => ({ commitment: this.commitment({ id }) }));
  }

  @Mutation(() => MakeCommitmentPayload, { nullable: true, description: 'Records a PROPOSED commitment. SECRETARIAT only.' })
  @Roles('SECRETARIAT')
  async makeCommitment(@Args('input') input: MakeCommitmentInput, @RequestContext() context: CommandContext): Promise<MakeCommitmentPayload> {
    return this.written(input, await this.commands.execute(new MakeCommitmentCommand(input, context)));
  }

  @Mutation(() => EndorseCommitmentPayload, { nullable: true, description: 'The board endorses a proposed commitment: it becomes ACTIVE. SECRETARIAT only.' })
  @Roles('SECRETARIAT')
  async endorseCommitment(@Args('input') input: EndorseCommitmentInput, @RequestContext() context: CommandContext): Promise<EndorseCommitmentPayload> {
    return this.written(input, await this.commands.execute(new EndorseCommitmentCommand(input, context)));
  }

  @Mutation(() => AmendCommitmentPayload, { nullable: true, description: 'Changes title, description, target date or owner, with a reason. SECRETARIAT only.' })
  @Roles('SECRETARIAT')
  async amendCommitment(@Args('input') input: AmendCommitmentInput, @RequestContext() context: CommandContext): Promise<AmendCommitmentPayload> {
    return this.written(input, await this.commands.execute(new AmendCommitmentCommand(input, context)));
  }

  @Mutation(() => CloseCommitmentPayload, { nullable: true, description: 'ACHIEVED, MISSED or WITHDRAWN, with a reason. SECRETARIAT only.' })
  @Roles('SECRETARIAT')
  async closeCommitment(@Args('input') input: CloseCommitmentInput, @RequestContext() context: CommandContext): Promise<CloseCommitmentPayload> {
    return this.written(input, await this.commands.execute(new CloseCommitmentCommand(input, context)));
  }

  @ResolveField(() => Partnership)
  partnership(@Parent() commitment: Commitment): Partnership {
    const row = this.directory.partnership(commitment.partnershipId);
    if (!row) throw new NotFoundError('Partnership', commitment.partnershipId);
    return toPartnership(row);
  }

  @ResolveField(() => Organisation)
  owningOrganisation(@Parent() commitment: Commitment): Organisation {
    return this.organisation(commitment.owningOrganisationId);
  }

  @ResolveField(() => [Organisation])
  contributingOrganisations(@Parent() commitment: Commitment): Organisation[] {
    return commitment.contributingOrganisationIds.map((id) => this.organisation(id));
  }

  @ResolveField(() => [Priority], { description: 'Linked priorities, retired ones included.' })
  priorities(@Parent() commitment: Commitment): Priority[] {
    return commitment.priorityIds.flatMap((id) => {
      const row = this.directory.priority(id);
      return row ? [toPriority(row)] : [];
    });
  }

  @ResolveField(() => [Action], { description: 'Its actions by due date, each with its latest update.' })
  actions(@Parent() commitment: Commitment): Action[] {
    return this.tracker.actionsOf(commitment.id).map(toAction);
  }

  @ResolveField('indicators', () => [Indicator], { description: 'Its indicators, with readings and progress towards target.' })
  indicatorsOf(@Parent() commitment: Commitment): Indicator[] {
    return this.indicators.indicatorsOf(commitment.id).map(toIndicator);
  }

  private organisation(id: string): Organisation {
    const row = this.directory.organisation(id);
    if (!row) throw new NotFoundError('Organisation', id);
    return toOrganisation(row);
  }
}
