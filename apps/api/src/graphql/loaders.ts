import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { RequestAccess } from '../access/request-access.js';
import { snapshotOf } from '../as-of/as-of-snapshot.js';
import DataLoader from 'dataloader';
import { PersonalDataStore } from '@ledger/personal-data';
import {
  AllyshipPairingsQueries,
  CommitmentTrackerQueries,
  IndicatorReadingsQueries,
  PartnershipDirectoryQueries,
  type Page,
  type Paged,
  type PartnershipRow,
} from '@ledger/projections';

/** Loads rows by id in one statement per batch; a missing id loads as undefined. */
function byId<Row>(fetch: (ids: readonly string[]) => readonly Row[], keyOf: (row: Row) => string = (row) => (row as { id: string }).id) {
  return new DataLoader<string, Row | undefined>(async (ids) => {
    const rows = new Map(fetch(ids).map((row) => [keyOf(row), row]));
    return ids.map((id) => rows.get(id));
  });
}

export type ListPage<Row> = Readonly<{ rows: Paged<Row>[]; totalCount: number }>;

/**
 * A page of each owner's list: one statement for the pages and one for the lengths, whatever the
 * number of owners. Fields asking for different pages get a loader each.
 */
export class ListPages<Row> {
  private readonly pages = new Map<string, DataLoader<string, Paged<Row>[]>>();
  private readonly counts: DataLoader<string, number>;

  constructor(
    private readonly fetchPages: (ownerIds: readonly string[], page: Page) => Paged<Row>[],
    fetchCounts: (ownerIds: readonly string[]) => Map<string, number>,
  ) {
    this.counts = new DataLoader(async (ownerIds) => {
      const counts = fetchCounts(ownerIds);
      return ownerIds.map((id) => counts.get(id) ?? 0);
    });
  }

  async load(ownerId: string, page: Page): Promise<ListPage<Row>> {
    const [rows, totalCount] = await Promise.all([this.pageLoader(page).load(ownerId), this.counts.load(ownerId)]);
    return { rows, totalCount };
  }

  private pageLoader(page: Page) {
    const key = `${page.afterSequence}:${page.limit}`;
    let loader = this.pages.get(key);
    if (!loader) {
      loader = new DataLoader(async (ownerIds) => {
        const byParent = new Map<string, Paged<Row>[]>(ownerIds.map((id) => [id, []]));
        for (const row of this.fetchPages(ownerIds, page)) byParent.get(row.ownerId)?.push(row);
        return ownerIds.map((id) => byParent.get(id)!);
      });
      this.pages.set(key, loader);
    }
    return loader;
  }
}

/**
 * Every read a query's nested fields make, batched: a page of a list costs a fixed number of SQL
 * statements however many rows it holds. One set per request (created in the GraphQL context), so
 * nothing is cached between requests.
 */
export class ReadLoaders {
  readonly partnership = byId((ids) => this.directory.partnershipsById(ids));
  readonly organisation = byId((ids) => this.directory.organisationsById(ids));
  readonly member = byId((ids) => this.directory.membersById(ids));
  readonly priority = byId((ids) => this.directory.prioritiesById(ids));
  readonly commitment = byId((ids) => this.tracker.commitmentsById(ids));
  readonly action = byId((ids) => this.tracker.actionsById(ids));
  readonly update = byId((ids) => this.tracker.updatesById(ids));
  readonly indicator = byId((ids) => this.readings.indicatorsById(ids));
  readonly latestReading = byId((ids) => this.readings.latestReadingOfEach(ids), (row) => row.indicatorId);
  readonly personName = new DataLoader<string, string | null>(async (personIds) => {
    const details = this.personalData.detailsOf(personIds);
    return personIds.map((id) => details.get(id)?.name ?? null);
  });
  /** A declaration of interest's text; null once its declarer is erased. */
  readonly declarationText = new DataLoader<string, string | null>(async (declarationIds) => {
    const declarations = this.personalData.declarationsById(declarationIds);
    return declarationIds.map((id) => declarations.get(id)?.text ?? null);
  });

  readonly organisationsOfPartnership = new ListPages(
    (ids, page) => this.directory.organisationsOfEach(ids, page),
    (ids) => this.directory.organisationCountOfEach(ids),
  );
  private readonly partnershipsOfOrganisationAmong = new Map<readonly string[] | null, ListPages<PartnershipRow>>();
  /** Each organisation's partnerships, of those `visible` (null: all); `visible` is one array for the whole request. */
  partnershipsOfOrganisation(visible: readonly string[] | null): ListPages<PartnershipRow> {
    let pages = this.partnershipsOfOrganisationAmong.get(visible);
    if (!pages) {
      pages = new ListPages(
        (ids, page) => this.directory.partnershipsOfEach(ids, page, visible),
        (ids) => this.directory.partnershipCountOfEach(ids, visible),
      );
      this.partnershipsOfOrganisationAmong.set(visible, pages);
    }
    return pages;
  }
  readonly membersOfPartnership = new ListPages(
    (ids, page) => this.directory.membersOfEach(ids, page),
    (ids) => this.directory.memberCountOfEach(ids),
  );
  readonly currentPrioritiesOfPartnership = new ListPages(
    (ids, page) => this.directory.prioritiesOfEach(ids, false, page),
    (ids) => this.directory.priorityCountOfEach(ids, false),
  );
  readonly actionsOfCommitment = new ListPages(
    (ids, page) => this.tracker.actionsOfEach(ids, page),
    (ids) => this.tracker.actionCountOfEach(ids),
  );
  readonly indicatorsOfCommitment = new ListPages(
    (ids, page) => this.readings.indicatorsOfEach(ids, page),
    (ids) => this.readings.indicatorCountOfEach(ids),
  );
  readonly updatesOfAction = new ListPages(
    (ids, page) => this.tracker.updatesOfEach(ids, page),
    (ids) => this.tracker.updateCountOfEach(ids),
  );
  readonly readingsOfIndicator = new ListPages(
    (ids, page) => this.readings.readingsOfEach(ids, page),
    (ids) => this.readings.readingCountOfEach(ids),
  );
  readonly pairing = byId((ids) => this.allyship.pairingsById(ids));
  readonly checkInsOfPairing = new ListPages(
    (ids, page) => this.allyship.checkInsOfEach(ids, page),
    (ids) => this.allyship.checkInCountOfEach(ids),
  );
  readonly openChallengesOfPairing = new ListPages(
    (ids, page) => this.allyship.openChallengesOfEach(ids, page),
    (ids) => this.allyship.openChallengeCountOfEach(ids),
  );
  readonly pairingsOfCommitment = new ListPages(
    (ids, page) => this.allyship.pairingsOfEachCommitment(ids, page),
    (ids) => this.allyship.pairingCountOfEachCommitment(ids),
  );
  readonly challengesOfCommitment = new ListPages(
    (ids, page) => this.allyship.challengesOfEachCommitment(ids, page),
    (ids) => this.allyship.challengeCountOfEachCommitment(ids),
  );

  constructor(
    private readonly directory: PartnershipDirectoryQueries,
    private readonly tracker: CommitmentTrackerQueries,
    private readonly readings: IndicatorReadingsQueries,
    private readonly allyship: AllyshipPairingsQueries,
    private readonly personalData: PersonalDataStore,
  ) {}
}

export type GraphQLContext = Readonly<{ req: unknown; res: unknown; loaders: ReadLoaders; access: RequestAccess }>;

/** The request's loaders, for a resolver parameter; a field of a parent read as of a point gets that snapshot's. */
export const Loaders = createParamDecorator((_data: unknown, context: ExecutionContext): ReadLoaders => {
  const graphql = GqlExecutionContext.create(context);
  return snapshotOf(graphql.getRoot())?.loaders ?? graphql.getContext<GraphQLContext>().loaders;
});
