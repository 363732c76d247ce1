import { Inject } from '@nestjs/common';
import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import type { LedgerConfig } from '@ledger/config';
import { calendarDateIn, daysBetween, NotFoundError, SECTORS, ValidationError, type Rag as RagValue } from '@ledger/domain';
import {
  BoardViewsQueries,
  MeetingsQueries,
  PartnershipDirectoryQueries,
  type ActionFilter,
  type ActionKey,
  type ActionOrder,
  type BoardSettingsRow,
  NO_ACTION_FIGURES,
} from '@ledger/projections';
import { Access, type RequestAccess } from '../access/request-access.js';
import { AsAtInput } from '../as-of/as-at.input.js';
import { AsOfReadModels } from '../as-of/as-of-read-models.js';
import { readModelsOf, withSnapshot, type AsOfSnapshot, type ReadModelsOf } from '../as-of/as-of-snapshot.js';
import { Action, ActionConnection, toAction } from '../actions/action.model.js';
import { CommitmentConnection, toCommitment } from '../commitments/commitment.model.js';
import { connectionOfIds, PageArgs } from '../graphql/connection.js';
import { Loaders, type ReadLoaders } from '../graphql/loaders.js';
import { Indicator, IndicatorConnection, toIndicator } from '../indicators/indicator.model.js';
import { LEDGER_CONFIG } from '../ledger/ledger.module.js';
import { Meeting, toMeeting } from '../meetings/meeting.model.js';
import { Organisation, organisationOf } from '../organisations/organisation.model.js';
import { Partnership, partnershipOf } from '../partnerships/models/partnership.model.js';
import { toPriority } from '../partnerships/models/priority.model.js';
import {
  ActionsArgs,
  BoardSettings,
  checkedFilter,
  Dashboard,
  OrganisationScorecard,
  OwnerSummary,
  OwnerSummaryConnection,
  PartnershipViewArgs,
  PriorityCoverage,
  PriorityCoverageArgs,
  PriorityCoverageConnection,
  Rag,
  ScorecardArgs,
  SectorBreakdown,
  toActionSummary,
  toBoardSettings,
} from './views.model.js';
import { AuditReads } from '../history/audit-reads.js';

/** Cursors of the due-date order: the (due date, id) of the last row, so a page is a keyset seek however deep. */
const CURSOR_KIND = 'action-due';
const encodeActionCursor = ({ dueDate, id }: ActionKey) => Buffer.from(`${CURSOR_KIND}:${dueDate}:${id}`).toString('base64url');
function decodeActionCursor(cursor: string | null | undefined): ActionKey | null {
  if (cursor === undefined || cursor === null) return null;
  const [kind, dueDate, id, ...rest] = Buffer.from(cursor, 'base64url').toString().split(':');
  if (kind !== CURSOR_KIND || rest.length > 0 || !/^\d{4}-\d{2}-\d{2}$/.test(dueDate ?? '') || !/^[0-9a-f-]{36}$/.test(id ?? '')) {
    throw new ValidationError('after', 'cursor', 'after must be a cursor from an earlier page of actions');
  }
  return { dueDate: dueDate!, id: id! };
}

/** Loaders a capability adds to a request, kept beside the request’s own (one set per request, nothing cached across); the publication fields use them too. */
const requestLoaders = new WeakMap<ReadLoaders, Map<string, DataLoader<string, unknown>>>();
export function loaderOf<V>(loaders: ReadLoaders, name: string, batch: (ids: readonly string[]) => Map<string, V>): DataLoader<string, V | undefined> {
  let mine = requestLoaders.get(loaders);
  if (!mine) requestLoaders.set(loaders, (mine = new Map()));
  let loader = mine.get(name) as DataLoader<string, V | undefined> | undefined;
  if (!loader) {
    loader = new DataLoader<string, V | undefined>(async (ids) => {
      const found = batch(ids);
      return ids.map((id) => found.get(id));
    });
    mine.set(name, loader as DataLoader<string, unknown>);
  }
  return loader;
}

type ActionPage = Pick<ActionsArgs, 'first' | 'after' | 'orderBy'>;

/**
 * The board views: a partnership's dashboard, an organisation's scorecard, priority coverage, the
 * sector breakdown, and actions across partnerships. Every figure is judged against the
 * partnership's today (`calendarDateIn(timeZone, clock)`), from the board-views read model.
 */
@Resolver(() => Dashboard)
export class BoardViewsResolver {
  constructor(
    private readonly views: BoardViewsQueries,
    private readonly directory: PartnershipDirectoryQueries,
    private readonly meetings: MeetingsQueries,
    @Inject(LEDGER_CONFIG) private readonly config: Pick<LedgerConfig, 'clock'>,
    private readonly asOf: AsOfReadModels,
    private readonly auditReads: AuditReads,
  ) {}

  /** The live read models, which a field reads unless its parent was read as of a point. */
  private get live(): ReadModelsOf<'views' | 'meetings' | 'clock'> {
    return { views: this.views, meetings: this.meetings, clock: () => this.config.clock() };
  }

  /** The partnership's settings and today, once the caller may read it (as it stood at `asAt`, for its auditors and secretariat). */
  private async viewOf(partnershipId: string, access: RequestAccess, asAt?: AsAtInput | null) {
    let models: ReadModelsOf<'views' | 'clock'> = this.live;
    let snapshot: AsOfSnapshot | undefined;
    if (asAt) {
      await this.auditReads.record(access, partnershipId, 'DASHBOARD_AS_OF', partnershipId);
      models = snapshot = await this.asOf.at(asAt);
    } else {
      await access.requireRead(partnershipId);
    }
    const settings = models.views.settingsOf([partnershipId])[0];
    if (!settings) throw new NotFoundError('Partnership', partnershipId, 'partnershipId');
    const today = calendarDateIn(settings.timeZone, models.clock());
    const view = { partnershipId, today, settings: toBoardSettings(settings) };
    return { view: snapshot ? withSnapshot(view, snapshot) : view, models };
  }

  private summary(views: BoardViewsQueries, now: Date, filter: ActionFilter, today: string) {
    return toActionSummary(views.actionFigures(filter, now), (date) => daysBetween(date, today));
  }

  @Query(() => Dashboard, {
    description:
      'Commitments and actions by status and RAG, what is overdue, due soon or silent, indicators, challenges, the next meeting. Whoever may read the partnership; ' +
      'with asAt, as it stood then (its AUDITOR or SECRETARIAT).',
  })
  async dashboard(
    @Args() { partnershipId }: PartnershipViewArgs,
    @Access() access: RequestAccess,
    @Args('asAt', { type: () => AsAtInput, nullable: true, description: 'As it stood at this point of the log.' }) asAt?: AsAtInput | null,
  ): Promise<Dashboard> {
    const { view, models } = await this.viewOf(partnershipId, access, asAt);
    return Object.assign(view, {
      commitmentsByStatus: models.views.commitmentsByStatus(partnershipId),
      actionSummary: this.summary(models.views, models.clock(), { partnershipId }, view.today),
      openChallengeCount: models.views.openChallengeCount(partnershipId),
    });
  }

  @ResolveField(() => Partnership)
  partnership(@Parent() view: Dashboard, @Loaders() loaders: ReadLoaders): Promise<Partnership> {
    return partnershipOf(loaders, view.partnershipId);
  }

  @ResolveField(() => ActionConnection, { description: 'Open actions past their due date.' })
  overdueActions(@Parent() view: Dashboard, @Args() args: ActionsArgs, @Access() access: RequestAccess, @Loaders() loaders: ReadLoaders) {
    const { views, clock } = readModelsOf(view, this.live);
    return actionConnection(views, clock(), args, { ...checkedFilter(args.filter), partnershipId: view.partnershipId, overdue: true }, access, loaders);
  }

  @ResolveField(() => ActionConnection, { description: 'Open actions due from today to dueSoonDays ahead.' })
  dueSoonActions(@Parent() view: Dashboard, @Args() args: ActionsArgs, @Access() access: RequestAccess, @Loaders() loaders: ReadLoaders) {
    const filter = { ...checkedFilter(args.filter), partnershipId: view.partnershipId, dueWithinDays: view.settings.dueSoonDays };
    const { views, clock } = readModelsOf(view, this.live);
    return actionConnection(views, clock(), args, filter, access, loaders);
  }

  @ResolveField(() => ActionConnection, { description: 'Open actions with no update for silentAfterDays or more.' })
  silentActions(@Parent() view: Dashboard, @Args() args: ActionsArgs, @Access() access: RequestAccess, @Loaders() loaders: ReadLoaders) {
    const filter = { ...checkedFilter(args.filter), partnershipId: view.partnershipId, silentForDays: view.settings.silentAfterDays };
    const { views, clock } = readModelsOf(view, this.live);
    return actionConnection(views, clock(), args, filter, access, loaders);
  }

  @ResolveField(() => OwnerSummaryConnection, { description: 'The figures per owner, organisations first, then partnerships.' })
  owners(@Parent() view: Dashboard, @Args() args: PageArgs): Promise<OwnerSummaryConnection> {
    const { views, clock } = readModelsOf(view, this.live);
    const owners = views.actionFiguresByOwner(view.partnershipId, clock());
    // Every action has one owner, an organisation or a partnership: either id names its row.
    const byOwner = new Map<string, OwnerSummary>(
      owners.map(({ owningOrganisationId, owningPartnershipId, figures }) => [
        (owningOrganisationId ?? owningPartnershipId)!,
        { owningOrganisationId, owningPartnershipId, actionSummary: toActionSummary(figures, (date) => daysBetween(date, view.today)) },
      ]),
    );
    return connectionOfIds('owner', args, [...byOwner.keys()], async (ids) => ids.map((id) => byOwner.get(id)));
  }

  @ResolveField(() => IndicatorConnection, { description: 'Every indicator of the partnership’s commitments, in the order defined.' })
  indicators(@Parent() view: Dashboard, @Args() args: PageArgs, @Loaders() loaders: ReadLoaders) {
    return indicatorConnection(readModelsOf(view, this.live).views.indicatorIds(view.partnershipId, null), args, loaders);
  }

  @ResolveField(() => Meeting, { nullable: true, description: 'The next scheduled meeting, from today on.' })
  nextMeeting(@Parent() view: Dashboard): Meeting | null {
    const { views, meetings } = readModelsOf(view, this.live);
    const id = views.nextMeetingId(view.partnershipId, view.today);
    const row = id ? meetings.meeting(id) : undefined;
    return row ? toMeeting(row) : null;
  }

  @Query(() => OrganisationScorecard, { description: 'One organisation’s commitments, actions and indicators in a partnership. Whoever may read the partnership.' })
  async organisationScorecard(@Args() { organisationId, partnershipId }: ScorecardArgs, @Access() access: RequestAccess): Promise<OrganisationScorecard> {
    const { view } = await this.viewOf(partnershipId, access);
    if (!this.directory.organisation(organisationId)) throw new NotFoundError('Organisation', organisationId, 'organisationId');
    return {
      ...view,
      organisationId,
      commitmentsByStatus: this.views.commitmentsByStatus(partnershipId, organisationId),
      actionSummary: this.summary(this.views, this.config.clock(), { partnershipId, owningOrganisationId: organisationId }, view.today),
    };
  }

  @Query(() => PriorityCoverageConnection, { description: 'Every adopted priority, in the order adopted, with its commitments and their actions’ RAG mix. Whoever may read the partnership.' })
  async priorityCoverage(@Args() args: PriorityCoverageArgs, @Access() access: RequestAccess, @Loaders() loaders: ReadLoaders): Promise<PriorityCoverageConnection> {
    const { today } = (await this.viewOf(args.partnershipId, access)).view;
    const rows = new Map(this.views.priorityCoverage(args.partnershipId, this.config.clock()).map((row) => [row.priorityId, row]));
    return connectionOfIds('priority-coverage', args, [...rows.keys()], async (ids) =>
      Promise.all(
        ids.map(async (id): Promise<PriorityCoverage | undefined> => {
          const [row, priority] = [rows.get(id)!, await loaders.priority.load(id)];
          if (!priority) return undefined;
          return {
            priority: toPriority(priority),
            commitmentCount: row.commitments,
            activeCommitmentCount: row.activeCommitments,
            gap: row.activeCommitments === 0,
            actionSummary: toActionSummary(row.actions, (date) => daysBetween(date, today)),
          };
        }),
      ),
    );
  }

  @Query(() => SectorBreakdown, { description: 'The partnership’s actions per sector of their owning organisation. Whoever may read the partnership.' })
  async sectorBreakdown(@Args() { partnershipId }: PartnershipViewArgs, @Access() access: RequestAccess): Promise<SectorBreakdown> {
    const { view } = await this.viewOf(partnershipId, access);
    const bySector = this.views.actionFiguresBySector(partnershipId, this.config.clock());
    const summary = (sector: string | null) => toActionSummary(bySector.get(sector) ?? NO_ACTION_FIGURES, (date) => daysBetween(date, view.today));
    return { ...view, sectors: [...SECTORS, null].map((sector) => ({ sector, actionSummary: summary(sector) })) };
  }

  @Query(() => ActionConnection, {
    description: 'Actions across every partnership you may read, by due date. A partner’s “my organisation’s actions” is filter: {owningOrganisationId}.',
  })
  async actions(@Args() args: ActionsArgs, @Access() access: RequestAccess, @Loaders() loaders: ReadLoaders): Promise<ActionConnection> {
    const filter = checkedFilter(args.filter);
    if (filter.partnershipId) await access.requireRead(filter.partnershipId, `read the actions of partnership ${filter.partnershipId}`);
    return actionConnection(this.views, this.config.clock(), args, filter, access, loaders);
  }
}

/** A page of actions by due date: one statement for the page, one for the count, one batched load of the rows. */
async function actionConnection(
  views: BoardViewsQueries,
  now: Date,
  { first, after, orderBy }: ActionPage,
  filter: ActionFilter,
  access: RequestAccess,
  loaders: ReadLoaders,
): Promise<ActionConnection> {
  const visible = await access.visiblePartnershipIds();
  const rows = views.actions(filter, visible, now, orderBy as ActionOrder, decodeActionCursor(after), first + 1);
  const page = rows.slice(0, first);
  const actions = await Promise.all(page.map((row) => loaders.action.load(row.id)));
  const edges = page.flatMap((row, index) => {
    const action = actions[index];
    return action ? [{ cursor: encodeActionCursor(row), node: toAction(action) }] : [];
  });
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: { hasNextPage: rows.length > first, endCursor: page.length > 0 ? encodeActionCursor(page.at(-1)!) : null },
    totalCount: views.actionCount(filter, visible, now),
  };
}

function indicatorConnection(ids: readonly string[], args: PageArgs, loaders: ReadLoaders) {
  return connectionOfIds('view-indicator', args, ids, async (page) => (await loaders.indicator.loadMany(page)).map((row) => (row && !(row instanceof Error) ? toIndicator(row) : undefined)));
}

@Resolver(() => OrganisationScorecard)
export class OrganisationScorecardResolver {
  constructor(
    private readonly views: BoardViewsQueries,
    @Inject(LEDGER_CONFIG) private readonly config: Pick<LedgerConfig, 'clock'>,
  ) {}

  @ResolveField(() => Organisation)
  organisation(@Parent() view: OrganisationScorecard, @Loaders() loaders: ReadLoaders): Promise<Organisation> {
    return organisationOf(loaders, view.organisationId);
  }

  @ResolveField(() => Partnership)
  partnership(@Parent() view: OrganisationScorecard, @Loaders() loaders: ReadLoaders): Promise<Partnership> {
    return partnershipOf(loaders, view.partnershipId);
  }

  @ResolveField(() => CommitmentConnection, { description: 'The commitments it owns here, in the order made.' })
  commitments(@Parent() view: OrganisationScorecard, @Args() args: PageArgs, @Loaders() loaders: ReadLoaders) {
    return connectionOfIds('scorecard-commitment', args, this.views.commitmentIds(view.partnershipId, view.organisationId), async (ids) =>
      (await loaders.commitment.loadMany(ids)).map((row) => (row && !(row instanceof Error) ? toCommitment(row) : undefined)),
    );
  }

  @ResolveField(() => ActionConnection, { description: 'The actions it owns here.' })
  actions(@Parent() view: OrganisationScorecard, @Args() args: ActionsArgs, @Access() access: RequestAccess, @Loaders() loaders: ReadLoaders) {
    const filter = { ...checkedFilter(args.filter), partnershipId: view.partnershipId, owningOrganisationId: view.organisationId };
    return actionConnection(this.views, this.config.clock(), args, filter, access, loaders);
  }

  @ResolveField(() => IndicatorConnection, { description: 'The indicators it owns here, in the order defined.' })
  indicators(@Parent() view: OrganisationScorecard, @Args() args: PageArgs, @Loaders() loaders: ReadLoaders) {
    return indicatorConnection(this.views.indicatorIds(view.partnershipId, view.organisationId), args, loaders);
  }
}

@Resolver(() => OwnerSummary)
export class OwnerSummaryResolver {
  @ResolveField(() => Organisation, { nullable: true, description: 'Null when a partnership owns these actions.' })
  async owningOrganisation(@Parent() owner: OwnerSummary, @Loaders() loaders: ReadLoaders): Promise<Organisation | null> {
    return owner.owningOrganisationId ? organisationOf(loaders, owner.owningOrganisationId) : null;
  }

  @ResolveField(() => Partnership, { nullable: true, description: 'The owning partnership; null when an organisation owns them. FORBIDDEN unless you may read it too.' })
  async owningPartnership(@Parent() owner: OwnerSummary, @Loaders() loaders: ReadLoaders, @Access() access: RequestAccess): Promise<Partnership | null> {
    if (!owner.owningPartnershipId) return null;
    await access.requireRead(owner.owningPartnershipId);
    return partnershipOf(loaders, owner.owningPartnershipId);
  }
}

/** The board-view fields other types gain: an organisation's actions, a partnership's settings, an action's RAG, an indicator's trend. */
@Resolver(() => Organisation)
export class OrganisationActionsResolver {
  constructor(
    private readonly views: BoardViewsQueries,
    @Inject(LEDGER_CONFIG) private readonly config: Pick<LedgerConfig, 'clock'>,
  ) {}

  @ResolveField(() => ActionConnection, { description: 'Its actions in every partnership you may read: the same as actions(filter: {owningOrganisationId}).' })
  actions(@Parent() organisation: Organisation, @Args() args: ActionsArgs, @Access() access: RequestAccess, @Loaders() loaders: ReadLoaders) {
    const filter = { ...checkedFilter(args.filter), owningOrganisationId: organisation.id };
    return actionConnection(this.views, this.config.clock(), args, filter, access, loaders);
  }
}

@Resolver(() => Partnership)
export class PartnershipSettingsResolver {
  constructor(private readonly views: BoardViewsQueries) {}

  @ResolveField(() => BoardSettings, { description: 'The thresholds of its board views.' })
  async settings(@Parent() partnership: Partnership, @Loaders() loaders: ReadLoaders): Promise<BoardSettings> {
    const { views } = readModelsOf(partnership, { views: this.views });
    const row = await loaderOf<BoardSettingsRow>(loaders, 'settings', (ids) => new Map(views.settingsOf(ids).map((r) => [r.id, r]))).load(partnership.id);
    if (!row) throw new NotFoundError('Partnership', partnership.id);
    return toBoardSettings(row);
  }
}

@Resolver(() => Action)
export class ActionRagResolver {
  constructor(
    private readonly views: BoardViewsQueries,
    @Inject(LEDGER_CONFIG) private readonly config: Pick<LedgerConfig, 'clock'>,
  ) {}

  @ResolveField(() => Rag, { nullable: true, description: 'Its traffic light today in its partnership’s calendar; null when cancelled or under a closed commitment.' })
  async rag(@Parent() action: Action, @Loaders() loaders: ReadLoaders): Promise<RagValue | null> {
    const { views, clock } = readModelsOf(action, { views: this.views, clock: () => this.config.clock() });
    const now = clock();
    return (await loaderOf(loaders, 'rag', (ids) => views.ragOfEach(ids, now)).load(action.id)) ?? null;
  }
}

@Resolver(() => Indicator)
export class IndicatorTrendResolver {
  constructor(private readonly views: BoardViewsQueries) {}

  @ResolveField(() => Boolean, { nullable: true, description: 'The latest reading is better than the one before, in its direction; null with fewer than two readings.' })
  async improving(@Parent() indicator: Indicator, @Loaders() loaders: ReadLoaders): Promise<boolean | null> {
    const { views } = readModelsOf(indicator, { views: this.views });
    const trend = await loaderOf(loaders, 'trend', (ids) => new Map(views.trendOfEach(ids).map((row) => [row.indicatorId, row]))).load(indicator.id);
    if (!trend || trend.latest === null || trend.previous === null) return null;
    return indicator.direction === 'HIGHER_IS_BETTER' ? trend.latest > trend.previous : trend.latest < trend.previous;
  }
}

export const VIEW_RESOLVERS = [
  BoardViewsResolver,
  OrganisationScorecardResolver,
  OwnerSummaryResolver,
  OrganisationActionsResolver,
  PartnershipSettingsResolver,
  ActionRagResolver,
  IndicatorTrendResolver,
];
