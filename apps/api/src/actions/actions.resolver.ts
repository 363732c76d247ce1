import { Inject } from '@nestjs/common';
import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { LedgerConfig } from '@ledger/config';
import { calendarDateIn, CLOSED_ACTION_STATUSES, NotFoundError, type ActionStatus } from '@ledger/domain';
import { CommitmentTrackerQueries } from '@ledger/projections';
import { Commitment, toCommitment } from '../commitments/commitment.model.js';
import { Access, type RequestAccess } from '../access/request-access.js';
import { Person } from '../access/grant.model.js';
import { ByIdArgs } from '../graphql/by-id.args.js';
import { loadConnection, PageArgs } from '../graphql/connection.js';
import { Loaders, type ReadLoaders } from '../graphql/loaders.js';
import type { MutationInput } from '../graphql/mutation.js';
import { RequestContext, type CommandContext } from '../ledger/command-context.js';
import { LEDGER_CONFIG } from '../ledger/ledger.module.js';
import { LedgerCommands } from '../ledger/ledger-commands.js';
import { PayloadReads, ReadYourWrites } from '../ledger/read-your-writes.js';
import type { Written } from '../ledger/written.js';
import { Organisation, organisationOf } from '../organisations/organisation.model.js';
import { Member, toMember } from '../partnerships/models/member.model.js';
import {
  PlanActionCommand,
  ReassignActionCommand,
  ReopenActionCommand,
  RescheduleActionCommand,
  SubmitActionUpdateCommand,
} from './action.handlers.js';
import { Partnership, partnershipOf } from '../partnerships/models/partnership.model.js';
import { Action, ActionOwner, ActionUpdate, ActionUpdateConnection, toAction, toActionUpdate } from './action.model.js';
import {
  PlanActionInput,
  PlanActionPayload,
  ReassignActionInput,
  ReassignActionPayload,
  ReopenActionInput,
  ReopenActionPayload,
  RescheduleActionInput,
  RescheduleActionPayload,
  SubmitActionUpdateInput,
  SubmitActionUpdatePayload,
} from './dto/action.inputs.js';

@Resolver(() => Action)
export class ActionsResolver {
  constructor(
    private readonly commands: LedgerCommands,
    private readonly tracker: CommitmentTrackerQueries,
    private readonly readYourWrites: ReadYourWrites,
    @Inject(LEDGER_CONFIG) private readonly config: Pick<LedgerConfig, 'clock'>,
  ) {}

  @Query(() => Action, { description: 'An action with all its updates in order. Whoever may read its partnership.' })
  async action(@Args() { id }: ByIdArgs, @Access() access: RequestAccess): Promise<Action> {
    const action = this.actionNamed(id, 'id');
    await access.requireRead(action.partnershipId, `read action ${id}`);
    return action;
  }

  /** The action a mutation has just written to, already authorised. */
  private actionNamed(id: string, field = 'actionId'): Action {
    const row = this.tracker.action(id);
    if (!row) throw new NotFoundError('Action', id, field);
    return toAction(row);
  }

  private async written(reads: PayloadReads, input: MutationInput, { id, appended }: Written) {
    return this.readYourWrites.payload(reads, input, appended.position, () => ({ action: this.actionNamed(id) }));
  }

  @Mutation(() => PlanActionPayload, {
    nullable: true,
    description:
      'Plans an action under an active commitment, owned by one organisation or partnership, or one action each for several owners at once (every member organisation, every partnership beneath, a named set). Its SECRETARIAT.',
  })
  async planAction(@Args('input') input: PlanActionInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<PlanActionPayload> {
    const { actionIds, position } = await this.commands.execute(new PlanActionCommand(input, context));
    return this.readYourWrites.payload(reads, input, position, () => ({ actions: actionIds.map((id) => this.actionNamed(id)) }));
  }

  @Mutation(() => RescheduleActionPayload, { nullable: true, description: 'Moves the due date, with a reason. Its SECRETARIAT.' })
  async rescheduleAction(@Args('input') input: RescheduleActionInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<RescheduleActionPayload> {
    return this.written(reads, input, await this.commands.execute(new RescheduleActionCommand(input, context)));
  }

  @Mutation(() => ReassignActionPayload, {
    nullable: true,
    description: 'Gives the action to another owner (a member organisation, the partnership, or a partnership directly beneath it), with a reason. Its SECRETARIAT.',
  })
  async reassignAction(@Args('input') input: ReassignActionInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<ReassignActionPayload> {
    return this.written(reads, input, await this.commands.execute(new ReassignActionCommand(input, context)));
  }

  @Mutation(() => ReopenActionPayload, { nullable: true, description: 'Reopens a completed or cancelled action, with a reason. Its SECRETARIAT.' })
  async reopenAction(@Args('input') input: ReopenActionInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<ReopenActionPayload> {
    return this.written(reads, input, await this.commands.execute(new ReopenActionCommand(input, context)));
  }

  @Mutation(() => SubmitActionUpdatePayload, {
    nullable: true,
    description:
      'Status, narrative and evidence. A PARTNER for its own organisation’s actions; the SECRETARIAT of an owning partnership (a place) for its actions; the action’s SECRETARIAT for any.',
  })
  async submitActionUpdate(@Args('input') input: SubmitActionUpdateInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<SubmitActionUpdatePayload> {
    const { id, updateId, appended } = await this.commands.execute(new SubmitActionUpdateCommand(input, context));
    return this.readYourWrites.payload(reads, input, appended.position, () => {
      const update = this.tracker.update(updateId);
      if (!update) throw new NotFoundError('Update', updateId);
      return { action: this.actionNamed(id), update: toActionUpdate(update) };
    });
  }

  @ResolveField(() => Commitment, { nullable: true, description: 'Null for an action raised at a meeting without a commitment.' })
  async commitment(@Parent() action: Action, @Loaders() loaders: ReadLoaders): Promise<Commitment | null> {
    if (action.commitmentId === null) return null;
    const row = await loaders.commitment.load(action.commitmentId);
    if (!row) throw new NotFoundError('Commitment', action.commitmentId);
    return toCommitment(row);
  }

  @ResolveField(() => Organisation, { nullable: true, description: 'Null when a partnership owns it (see owner).' })
  async owningOrganisation(@Parent() action: Action, @Loaders() loaders: ReadLoaders): Promise<Organisation | null> {
    return action.owningOrganisationId === null ? null : organisationOf(loaders, action.owningOrganisationId);
  }

  @ResolveField(() => ActionOwner, { description: 'The organisation or partnership that owns it and reports on it.' })
  owner(@Parent() action: Action, @Loaders() loaders: ReadLoaders): Promise<Organisation | Partnership> {
    return action.owningPartnershipId ? partnershipOf(loaders, action.owningPartnershipId) : organisationOf(loaders, action.owningOrganisationId!);
  }

  @ResolveField(() => Member, { nullable: true })
  async leadMember(@Parent() action: Action, @Loaders() loaders: ReadLoaders): Promise<Member | null> {
    const row = action.leadMemberId ? await loaders.member.load(action.leadMemberId) : undefined;
    return row ? toMember(row) : null;
  }

  @ResolveField(() => ActionUpdate, { nullable: true })
  async latestUpdate(@Parent() action: Action, @Loaders() loaders: ReadLoaders): Promise<ActionUpdate | null> {
    const row = action.latestUpdateId ? await loaders.update.load(action.latestUpdateId) : undefined;
    return row ? toActionUpdate(row) : null;
  }

  @ResolveField(() => ActionUpdateConnection, { description: 'Every update, oldest first.' })
  updates(@Parent() action: Action, @Args() args: PageArgs, @Loaders() loaders: ReadLoaders): Promise<ActionUpdateConnection> {
    return loadConnection('update', args, (page) => loaders.updatesOfAction.load(action.id, page), toActionUpdate);
  }

  @ResolveField({ description: 'Past its due date in the partnership’s time zone, neither completed nor cancelled, and its commitment still open.' })
  overdue(@Parent() action: Action): boolean {
    if (action.commitmentClosed || CLOSED_ACTION_STATUSES.includes(action.status as ActionStatus)) return false;
    return action.dueDate < calendarDateIn(action.timeZone, this.config.clock());
  }
}

@Resolver(() => ActionUpdate)
export class ActionUpdatesResolver {
  @ResolveField(() => Person, { description: 'Who submitted it.' })
  submittedBy(@Parent() update: ActionUpdate): Person {
    return { id: update.submittedBy };
  }
}
