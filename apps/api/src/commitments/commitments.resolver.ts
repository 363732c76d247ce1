import { Args, ArgsType, Field, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { COMMITMENT_STATUSES, NotFoundError, type CommitmentStatus as Status } from '@ledger/domain';
import { CommitmentTrackerQueries } from '@ledger/projections';
import { ActionConnection, toAction } from '../actions/action.model.js';
import { Access, type RequestAccess } from '../access/request-access.js';
import { AsAtInput } from '../as-of/as-at.input.js';
import { AsOfReadModels } from '../as-of/as-of-read-models.js';
import { ByIdArgs } from '../graphql/by-id.args.js';
import { connectionOfIds, loadConnection, PageArgs, pageOf, toConnection } from '../graphql/connection.js';
import { CommitmentOrder, CommitmentStatus } from '../graphql/enums.js';
import { Loaders, type ReadLoaders } from '../graphql/loaders.js';
import type { MutationInput } from '../graphql/mutation.js';
import { IndicatorConnection, toIndicator } from '../indicators/indicator.model.js';
import { RequestContext, type CommandContext } from '../ledger/command-context.js';
import { LedgerCommands } from '../ledger/ledger-commands.js';
import { PayloadReads, ReadYourWrites } from '../ledger/read-your-writes.js';
import type { Written } from '../ledger/written.js';
import { Organisation, OrganisationConnection, organisationOf } from '../organisations/organisation.model.js';
import { Partnership, partnershipOf } from '../partnerships/models/partnership.model.js';
import { PriorityConnection, toPriority } from '../partnerships/models/priority.model.js';
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
import { AuditReads } from '../history/audit-reads.js';

@ArgsType()
class CommitmentsArgs extends PageArgs {
  @Field(() => ID) @IsUUID() partnershipId!: string;
  @Field(() => CommitmentStatus, { nullable: true }) @IsOptional() @IsIn(COMMITMENT_STATUSES) status?: Status | null;
  @Field(() => CommitmentOrder, { defaultValue: 'MADE_ASC' }) @IsIn(Object.keys(CommitmentOrder)) orderBy: keyof typeof CommitmentOrder = 'MADE_ASC';
}

@Resolver(() => Commitment)
export class CommitmentsResolver {
  constructor(
    private readonly commands: LedgerCommands,
    private readonly tracker: CommitmentTrackerQueries,
    private readonly readYourWrites: ReadYourWrites,
    private readonly asOf: AsOfReadModels,
    private readonly auditReads: AuditReads,
  ) {}

  @Query(() => Commitment, { description: 'Whoever may read its partnership; with asAt, as it stood then (its AUDITOR or SECRETARIAT).' })
  async commitment(
    @Args() { id }: ByIdArgs,
    @Access() access: RequestAccess,
    @Args('asAt', { type: () => AsAtInput, nullable: true, description: 'As it stood at this point of the log.' }) asAt?: AsAtInput | null,
  ): Promise<Commitment> {
    const commitment = this.commitmentNamed(id, 'id');
    if (!asAt) {
      await access.requireRead(commitment.partnershipId, `read commitment ${id}`);
      return commitment;
    }
    // A commitment never moves partnership: who may read it then is judged before any fold is made.
    await this.auditReads.record(access, commitment.partnershipId, 'COMMITMENT_AS_OF', id);
    const snapshot = await this.asOf.at(asAt);
    const row = snapshot.tracker.commitment(id);
    if (!row) throw new NotFoundError('Commitment', id, 'id');
    return toCommitment(row);
  }

  /** The commitment a mutation has just written to, already authorised. */
  private commitmentNamed(id: string, field = 'commitmentId'): Commitment {
    const row = this.tracker.commitment(id);
    if (!row) throw new NotFoundError('Commitment', id, field);
    return toCommitment(row);
  }

  @Query(() => CommitmentConnection, { description: 'A partnership’s commitments in the order made (or newest first), optionally of one status. Whoever may read the partnership.' })
  async commitments(@Args() args: CommitmentsArgs, @Access() access: RequestAccess): Promise<CommitmentConnection> {
    const { partnershipId, status, orderBy } = args;
    await access.requireRead(partnershipId);
    const rows = this.tracker.commitments(partnershipId, status ?? null, pageOf('commitment', args), orderBy === 'MADE_DESC');
    return toConnection('commitment', args, { rows, totalCount: this.tracker.commitmentCount(partnershipId, status ?? null) }, toCommitment);
  }

  private async written(reads: PayloadReads, input: MutationInput, { id, appended }: Written) {
    return this.readYourWrites.payload(reads, input, appended.position, () => ({ commitment: this.commitmentNamed(id) }));
  }

  @Mutation(() => MakeCommitmentPayload, { nullable: true, description: 'Records a PROPOSED commitment. Its SECRETARIAT.' })
  async makeCommitment(@Args('input') input: MakeCommitmentInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<MakeCommitmentPayload> {
    return this.written(reads, input, await this.commands.execute(new MakeCommitmentCommand(input, context)));
  }

  @Mutation(() => EndorseCommitmentPayload, { nullable: true, description: 'The board endorses a proposed commitment: it becomes ACTIVE. Its SECRETARIAT.' })
  async endorseCommitment(@Args('input') input: EndorseCommitmentInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<EndorseCommitmentPayload> {
    return this.written(reads, input, await this.commands.execute(new EndorseCommitmentCommand(input, context)));
  }

  @Mutation(() => AmendCommitmentPayload, { nullable: true, description: 'Changes title, description, target date or owner, with a reason. Its SECRETARIAT.' })
  async amendCommitment(@Args('input') input: AmendCommitmentInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<AmendCommitmentPayload> {
    return this.written(reads, input, await this.commands.execute(new AmendCommitmentCommand(input, context)));
  }

  @Mutation(() => CloseCommitmentPayload, { nullable: true, description: 'ACHIEVED, MISSED or WITHDRAWN, with a reason. Its SECRETARIAT.' })
  async closeCommitment(@Args('input') input: CloseCommitmentInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<CloseCommitmentPayload> {
    return this.written(reads, input, await this.commands.execute(new CloseCommitmentCommand(input, context)));
  }

  @ResolveField(() => Partnership)
  partnership(@Parent() commitment: Commitment, @Loaders() loaders: ReadLoaders): Promise<Partnership> {
    return partnershipOf(loaders, commitment.partnershipId);
  }

  @ResolveField(() => Organisation)
  owningOrganisation(@Parent() commitment: Commitment, @Loaders() loaders: ReadLoaders): Promise<Organisation> {
    return organisationOf(loaders, commitment.owningOrganisationId);
  }

  @ResolveField(() => OrganisationConnection, { description: 'Other member organisations contributing to it.' })
  contributingOrganisations(@Parent() commitment: Commitment, @Args() args: PageArgs, @Loaders() loaders: ReadLoaders): Promise<OrganisationConnection> {
    return connectionOfIds('contributing-organisation', args, commitment.contributingOrganisationIds, (ids) =>
      Promise.all(ids.map((id) => organisationOf(loaders, id))),
    );
  }

  @ResolveField(() => PriorityConnection, { description: 'Linked priorities, retired ones included.' })
  priorities(@Parent() commitment: Commitment, @Args() args: PageArgs, @Loaders() loaders: ReadLoaders): Promise<PriorityConnection> {
    return connectionOfIds('linked-priority', args, commitment.priorityIds, async (ids) =>
      (await loaders.priority.loadMany(ids)).map((row) => (row instanceof Error || row === undefined ? undefined : toPriority(row))),
    );
  }

  @ResolveField(() => ActionConnection, { description: 'Its actions by due date, each with its latest update.' })
  actions(@Parent() commitment: Commitment, @Args() args: PageArgs, @Loaders() loaders: ReadLoaders): Promise<ActionConnection> {
    return loadConnection('action', args, (page) => loaders.actionsOfCommitment.load(commitment.id, page), toAction);
  }

  @ResolveField(() => IndicatorConnection, { description: 'Its indicators, with readings and progress towards target.' })
  indicators(@Parent() commitment: Commitment, @Args() args: PageArgs, @Loaders() loaders: ReadLoaders): Promise<IndicatorConnection> {
    return loadConnection('indicator', args, (page) => loaders.indicatorsOfCommitment.load(commitment.id, page), toIndicator);
  }
}
