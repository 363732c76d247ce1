import { calendarDateIn, DEFAULT_BOARD_SETTINGS, DEFAULT_TIME_ZONE, type ActionStatus, type CommitmentStatus, type Rag } from '@ledger/domain';
import type { ReadModelDatabase } from '../read-model-database.js';
import { IN_IDS, ReadModelQueries } from '../statements.js';
import { BoardFiguresMemo } from './board-figures-memo.js';

/** What `actions` may be narrowed by; every field is optional and they combine with AND. */
export type ActionFilter = Readonly<{
  partnershipId?: string | null;
  owningOrganisationId?: string | null;
  owningPartnershipId?: string | null;
  commitmentId?: string | null;
  status?: ActionStatus | null;
  rag?: Rag | null;
  /** Due on or before / on or after this date. */
  dueBefore?: string | null;
  dueAfter?: string | null;
  /** Open, with no update (nor, if never updated, planning) for at least this many days. */
  silentForDays?: number | null;
  meetingId?: string | null;
  /** Open and past its due date. */
  overdue?: boolean | null;
  /** Open and due from today to this many days ahead. */
  dueWithinDays?: number | null;
}>;

export type ActionOrder = 'DUE_DATE_ASC' | 'DUE_DATE_DESC';

/** A keyset position in the (due date, id) order. */
export type ActionKey = Readonly<{ dueDate: string; id: string }>;

export type BoardActionRow = ActionKey & Readonly<{ rag: Rag | null }>;

export type BoardSettingsRow = Readonly<{ id: string; timeZone: string; amberWithinDays: number; silentAfterDays: number; dueSoonDays: number }>;

export type RagCounts = Readonly<Record<Rag, number>> & Readonly<{ none: number }>;
export type StatusCount<Status> = Readonly<{ status: Status; count: number }>;

export type ActionFigures = Readonly<{
  byStatus: StatusCount<ActionStatus>[];
  byRag: RagCounts;
  total: number;
  overdue: number;
  dueSoon: number;
  silent: number;
  completed: number;
  completedOnTime: number;
  /** The latest business date any of them was reported on. */
  lastReportedOn: string | null;
}>;

export type PriorityCoverageRow = Readonly<{
  priorityId: string;
  commitments: number;
  activeCommitments: number;
  actions: ActionFigures;
}>;

export type OwnerFigures = Readonly<{ owningOrganisationId: string | null; owningPartnershipId: string | null; figures: ActionFigures }>;

export type IndicatorTrendRow = Readonly<{ indicatorId: string; latest: number | null; previous: number | null }>;

/** Neither completed nor cancelled, its commitment still open: the WHERE of the board_actions_open_* partial indexes too. */
const OPEN = `a.status NOT IN ('COMPLETED', 'CANCELLED') AND a.commitment_closed = 0`;

/**
 * The domain's `ragOf` (libs/domain/src/views/rag.ts) in SQL, clause by clause, so SQLite judges each row
 * in C (a JS function called per row cost ~5 µs of a partnership's figures); board-views-rag.int.spec.ts
 * holds the two equal over every case.
 */
const ragSql = (today: string, amberWithinDays: string) => `CASE
    WHEN ba.status = 'CANCELLED' THEN NULL
    WHEN ba.status = 'COMPLETED' THEN CASE WHEN ba.completed_on > ba.due_date THEN 'AMBER' ELSE 'GREEN' END
    WHEN ba.commitment_closed THEN NULL
    WHEN ba.status = 'OFF_TRACK' OR ba.due_date < ${today} THEN 'RED'
    WHEN ba.status = 'AT_RISK' THEN 'AMBER'
    WHEN ba.status = 'ON_TRACK' THEN 'GREEN'
    WHEN ba.due_date <= date(${today}, '+' || ${amberWithinDays} || ' days') THEN 'AMBER'
    ELSE 'GREY' END`;

/**
 * Each action with its partnership's "today" and thresholds: the FROM of every board view. A view of one
 * partnership binds its today and thresholds (one partnership, one time zone): constants, so SQLite works
 * out each date bound once a statement and can search the due-date index with them. Across partnerships
 * each row's today is `board_today`, the domain's `calendarDateIn` registered on the connection (kept per
 * time zone: called per row, never recomputed).
 */
const OF_ONE_PARTNERSHIP = `(SELECT ba.*, @today AS today, @amberWithinDays AS amber_within_days, @silentAfterDays AS silent_after_days,
    @dueSoonDays AS due_soon_days, ${ragSql('@today', '@amberWithinDays')} AS rag
  FROM board_actions ba)`;
const ACROSS_PARTNERSHIPS = `(SELECT ba.*, board_today(p.time_zone, @now) AS today, p.amber_within_days, p.silent_after_days, p.due_soon_days,
    ${ragSql('board_today(p.time_zone, @now)', 'p.amber_within_days')} AS rag
  FROM board_actions ba JOIN board_partnerships p ON p.id = ba.partnership_id)`;
const actionsOf = (filter: ActionFilter) => (filter.partnershipId ? OF_ONE_PARTNERSHIP : ACROSS_PARTNERSHIPS);

/**
 * The condition of each filter field: a query names only the fields its filter sets, so SQLite can
 * search the index of the one it narrows by (an `@x IS NULL OR …` term would make every list a scan).
 * "Today" differs by time zone, so the date conditions also bound the due date by the earliest and
 * latest today on Earth (`@earliestToday`, `@latestToday`): a range the due-date index can search.
 */
const CONDITIONS: Readonly<Record<keyof ActionFilter, string | ((value: unknown) => string)>> = {
  partnershipId: 'a.partnership_id = @partnershipId',
  owningOrganisationId: 'a.owning_organisation_id = @owningOrganisationId',
  owningPartnershipId: 'a.owning_partnership_id = @owningPartnershipId',
  commitmentId: 'a.commitment_id = @commitmentId',
  status: 'a.status = @status',
  rag: 'a.rag = @rag',
  dueBefore: 'a.due_date <= @dueBefore',
  dueAfter: 'a.due_date >= @dueAfter',
  silentForDays: `(${OPEN} AND COALESCE(a.last_reported_on, a.planned_on) <= date(a.today, '-' || @silentForDays || ' days'))`,
  meetingId: 'a.raised_at_meeting_id = @meetingId',
  overdue: (overdue) => (overdue ? `${OPEN} AND a.due_date < a.today AND a.due_date < @latestToday` : `NOT (${OPEN} AND a.due_date < a.today)`),
  dueWithinDays: `(${OPEN} AND a.due_date >= a.today AND a.due_date <= date(a.today, '+' || @dueWithinDays || ' days')
    AND a.due_date >= @earliestToday AND a.due_date <= date(@latestToday, '+' || @dueWithinDays || ' days'))`,
};

const fieldsSet = (filter: ActionFilter) =>
  (Object.keys(CONDITIONS) as (keyof ActionFilter)[]).filter((field) => filter[field] !== undefined && filter[field] !== null);

/** The WHERE terms of the actions `visible` (null: all) that pass the filter; one SQL text per set of fields used. */
function filterSql(filter: ActionFilter, visible: readonly string[] | null): string {
  const used = fieldsSet(filter);
  const terms = [...(visible === null ? [] : [`a.partnership_id ${IN_IDS.replace('?', '@visible')}`]), ...used.map((field) => {
    const condition = CONDITIONS[field];
    return typeof condition === 'string' ? condition : condition(filter[field]);
  })];
  return terms.length === 0 ? 'TRUE' : terms.join(' AND ');
}

/** The figures of a set of actions, in one pass: status and RAG counts, overdue, due soon, silent, completed on time. */
const FIGURES = `COUNT(*) AS total,
  SUM(a.rag = 'GREEN') AS green, SUM(a.rag = 'AMBER') AS amber, SUM(a.rag = 'RED') AS red, SUM(a.rag = 'GREY') AS grey,
  SUM(a.rag IS NULL) AS none,
  SUM(${OPEN} AND a.due_date < a.today) AS overdue,
  SUM(${OPEN} AND a.due_date >= a.today AND a.due_date <= date(a.today, '+' || a.due_soon_days || ' days')) AS dueSoon,
  SUM(${OPEN} AND COALESCE(a.last_reported_on, a.planned_on) <= date(a.today, '-' || a.silent_after_days || ' days')) AS silent,
  SUM(a.status = 'COMPLETED') AS completed, SUM(a.status = 'COMPLETED' AND a.completed_on <= a.due_date) AS completedOnTime,
  MAX(a.last_reported_on) AS lastReportedOn,
  SUM(a.status = 'NOT_STARTED') AS NOT_STARTED, SUM(a.status = 'ON_TRACK') AS ON_TRACK, SUM(a.status = 'AT_RISK') AS AT_RISK,
  SUM(a.status = 'OFF_TRACK') AS OFF_TRACK, SUM(a.status = 'COMPLETED') AS COMPLETED, SUM(a.status = 'CANCELLED') AS CANCELLED`;

const STATUSES: readonly ActionStatus[] = ['NOT_STARTED', 'ON_TRACK', 'AT_RISK', 'OFF_TRACK', 'COMPLETED', 'CANCELLED'];

type FiguresRow = Record<string, number | string | null>;

const figuresOf = (row: FiguresRow | undefined): ActionFigures => {
  const n = (key: string) => Number(row?.[key] ?? 0);
  return {
    byStatus: STATUSES.map((status) => ({ status, count: n(status) })),
    byRag: { GREEN: n('green'), AMBER: n('amber'), RED: n('red'), GREY: n('grey'), none: n('none') },
    total: n('total'),
    overdue: n('overdue'),
    dueSoon: n('dueSoon'),
    silent: n('silent'),
    completed: n('completed'),
    completedOnTime: n('completedOnTime'),
    lastReportedOn: (row?.lastReportedOn as string | null | undefined) ?? null,
  };
};

/** The figures of no actions at all: every count zero. */
export const NO_ACTION_FIGURES: ActionFigures = figuresOf(undefined);

/** The calendar date `hours` from `now` in UTC: from UTC-12 to UTC+14, every time zone's today lies between. */
const dateAtOffset = (now: Date, hours: number) => new Date(now.getTime() + hours * 3_600_000).toISOString().slice(0, 10);

/** The bound parameters of `filterSql`: the fields the filter sets (SQLite takes a boolean as 0 or 1), and the partnership's today if it names one. */
function filterParams(filter: ActionFilter, visible: readonly string[] | null, now: Date, judged: JudgedOn | null) {
  const params: Record<string, string | number> = { now: now.toISOString(), earliestToday: dateAtOffset(now, -12), latestToday: dateAtOffset(now, 14), ...judged };
  if (visible !== null) params.visible = JSON.stringify(visible);
  for (const field of fieldsSet(filter)) {
    const value = filter[field]!;
    params[field] = typeof value === 'boolean' ? Number(value) : value;
  }
  return params;
}

/** How many results of partnerships' board views are kept (BoardFiguresMemo): a dashboard keeps about ten. */
export const BOARD_FIGURES_KEPT = 2_000;

/** A partnership as the memo knows it: the version of its board rows, its time zone and thresholds. */
type PartnershipVersion = Readonly<{ version: number; timeZone: string; amberWithinDays: number; silentAfterDays: number; dueSoonDays: number }>;

/** What one partnership's actions are judged on: the parameters of OF_ONE_PARTNERSHIP. */
/** An open action past its due date or silent: the day it crossed each line, or null. */
export type ActionCrossing = Readonly<{ id: string; dueDate: string; quietSince: string; overdueOn: string | null; silentOn: string | null }>;
type JudgedOn = Readonly<{ today: string; amberWithinDays: number; silentAfterDays: number; dueSoonDays: number }>;

/**
 * Reads for the board views: RAG, overdue, due soon and silent are worked out against "today" in each
 * partnership's time zone at `now` (the API's clock), never stored. What one partnership's view reads
 * is kept under (partnership, version of its rows, its today): see BoardFiguresMemo.
 */
export class BoardViewsQueries extends ReadModelQueries {
  readonly memo: BoardFiguresMemo;

  constructor(db: ReadModelDatabase, kept = BOARD_FIGURES_KEPT) {
    super(db);
    this.memo = new BoardFiguresMemo(kept);
    const todays = new Map<string, string>();
    db.function('board_today', { deterministic: true }, (timeZone: unknown, now: unknown) => {
      const key = `${timeZone}|${now}`;
      let today = todays.get(key);
      if (today === undefined) {
        // A new clock reading makes the old ones useless: keep the cache to the time zones of one `now`.
        if (todays.size > 1000) todays.clear();
        todays.set(key, (today = calendarDateIn(String(timeZone), String(now))));
      }
      return today;
    });
  }

  settingsOf(partnershipIds: readonly string[]): BoardSettingsRow[] {
    return this.byIds(
      `SELECT id, time_zone AS timeZone, amber_within_days AS amberWithinDays, silent_after_days AS silentAfterDays,
         due_soon_days AS dueSoonDays FROM board_partnerships`,
      partnershipIds,
    );
  }

  /** The version of the partnership's board rows and its time zone (an unknown partnership: version -1, no rows to judge). */
  private versionOf(partnershipId: string): PartnershipVersion {
    return (
      this.sql<[string], PartnershipVersion>(
        `SELECT version, time_zone AS timeZone, amber_within_days AS amberWithinDays, silent_after_days AS silentAfterDays, due_soon_days AS dueSoonDays
         FROM board_partnerships WHERE id = ?`,
      ).get(partnershipId) ?? { version: -1, timeZone: DEFAULT_TIME_ZONE, ...DEFAULT_BOARD_SETTINGS }
    );
  }

  /**
   * What `work(today)` reads of one partnership at `now`, kept under (partnership, version, today, `what`).
   * The version is read before the rows, so a write between the two can only file newer figures under an
   * older version, which no later read asks for.
   */
  private ofPartnership<T>(partnershipId: string, now: Date, what: string, work: (judged: JudgedOn) => T): T {
    const { version, timeZone, amberWithinDays, silentAfterDays, dueSoonDays } = this.versionOf(partnershipId);
    const today = calendarDateIn(timeZone, now);
    return this.memo.of(`${partnershipId}|${version}|${today}|${what}`, () => work({ today, amberWithinDays, silentAfterDays, dueSoonDays }));
  }

  /** What `work()` reads of one partnership whatever the date, kept under (partnership, version, `what`). */
  private ofVersion<T>(partnershipId: string, what: string, work: () => T): T {
    return this.memo.of(`${partnershipId}|${this.versionOf(partnershipId).version}|${what}`, work);
  }

  /** `work` with the partnership's today if the filter names one (kept, as above), else with none (worked out each time). */
  private ofFilter<T>(filter: ActionFilter, now: Date, what: string, work: (judged: JudgedOn | null) => T): T {
    return filter.partnershipId ? this.ofPartnership(filter.partnershipId, now, `${what}|${JSON.stringify(filter)}`, work) : work(null);
  }

  /** A page of the actions `visible` (null: all) that pass the filter, in due-date order, after `after`; `limit` rows. */
  actions(filter: ActionFilter, visible: readonly string[] | null, now: Date, order: ActionOrder, after: ActionKey | null, limit: number): BoardActionRow[] {
    const descending = order === 'DUE_DATE_DESC';
    return this.ofFilter(filter, now, `actions|${JSON.stringify([visible, order, after, limit])}`, (judged) =>
      this
        .sql<[object], BoardActionRow>(
          `SELECT a.id, a.due_date AS dueDate, a.rag FROM ${actionsOf(filter)} a WHERE ${filterSql(filter, visible)}
             ${after ? `AND (a.due_date, a.id) ${descending ? '<' : '>'} (@afterDueDate, @afterId)` : ''}
           ORDER BY a.due_date ${descending ? 'DESC' : 'ASC'}, a.id ${descending ? 'DESC' : 'ASC'} LIMIT @limit`,
        )
        .all({ ...filterParams(filter, visible, now, judged), ...(after ? { afterDueDate: after.dueDate, afterId: after.id } : {}), limit }),
    );
  }

  actionCount(filter: ActionFilter, visible: readonly string[] | null, now: Date): number {
    return this.ofFilter(filter, now, `actionCount|${JSON.stringify(visible)}`, (judged) =>
      this.sql<[object], { count: number }>(`SELECT COUNT(*) AS count FROM ${actionsOf(filter)} a WHERE ${filterSql(filter, visible)}`).get(filterParams(filter, visible, now, judged))!.count,
    );
  }

  /** The RAG of each action, today. */
  ragOfEach(actionIds: readonly string[], now: Date): Map<string, Rag | null> {
    const rows = this
      .sql<[object], { id: string; rag: Rag | null }>(`SELECT a.id, a.rag FROM ${ACROSS_PARTNERSHIPS} a WHERE a.id ${IN_IDS.replace('?', '@ids')}`)
      .all({ ids: JSON.stringify(actionIds), now: now.toISOString() });
    return new Map(rows.map((row) => [row.id, row.rag]));
  }

  /** The figures of the actions that pass the filter. */
  actionFigures(filter: ActionFilter, now: Date): ActionFigures {
    return this.ofFilter(filter, now, 'actionFigures', (judged) =>
      figuresOf(this.sql<[object], FiguresRow>(`SELECT ${FIGURES} FROM ${actionsOf(filter)} a WHERE ${filterSql(filter, null)}`).get(filterParams(filter, null, now, judged))),
    );
  }

  /** The partnership's action figures per sector of the owning organisation; the key null holds partnership-owned actions. */
  actionFiguresBySector(partnershipId: string, now: Date): Map<string | null, ActionFigures> {
    return this.ofPartnership(partnershipId, now, 'bySector', (judged) => {
      const rows = this
        .sql<[object], FiguresRow & { sector: string | null }>(
          `SELECT o.sector, ${FIGURES} FROM ${OF_ONE_PARTNERSHIP} a
             LEFT JOIN board_organisations o ON o.id = a.owning_organisation_id WHERE a.partnership_id = @partnershipId GROUP BY o.sector`,
        )
        .all({ partnershipId, ...judged });
      return new Map(rows.map((row) => [row.sector, figuresOf(row)]));
    });
  }

  /**
   * The partnership's action figures per owner, organisations and partnerships alike, ordered by
   * owner kind then id (a stable order to page through).
   */
  actionFiguresByOwner(partnershipId: string, now: Date): OwnerFigures[] {
    return this.ofPartnership(partnershipId, now, 'byOwner', (judged) =>
      this
        .sql<[object], FiguresRow & { owningOrganisationId: string | null; owningPartnershipId: string | null }>(
          `SELECT a.owning_organisation_id AS owningOrganisationId, a.owning_partnership_id AS owningPartnershipId, ${FIGURES}
           FROM ${OF_ONE_PARTNERSHIP} a WHERE a.partnership_id = @partnershipId
           GROUP BY a.owning_organisation_id, a.owning_partnership_id ORDER BY a.owning_partnership_id IS NOT NULL, owningOrganisationId, owningPartnershipId`,
        )
        .all({ partnershipId, ...judged })
        .map((row) => ({ owningOrganisationId: row.owningOrganisationId, owningPartnershipId: row.owningPartnershipId, figures: figuresOf(row) })),
    );
  }

  commitmentsByStatus(partnershipId: string, owningOrganisationId: string | null = null): StatusCount<CommitmentStatus>[] {
    return this.ofVersion(partnershipId, `commitmentsByStatus|${owningOrganisationId}`, () =>
      this
        .sql<[string, string | null, string | null], StatusCount<CommitmentStatus>>(
          `SELECT status, COUNT(*) AS count FROM board_commitments WHERE partnership_id = ? AND (? IS NULL OR owning_organisation_id = ?)
           GROUP BY status ORDER BY status`,
        )
        .all(partnershipId, owningOrganisationId, owningOrganisationId),
    );
  }

  /** Commitment ids of the partnership (of one owning organisation, if given), in the order made. */
  commitmentIds(partnershipId: string, owningOrganisationId: string | null): string[] {
    return this.ofVersion(partnershipId, `commitmentIds|${owningOrganisationId}`, () =>
      this
        .sql<[string, string | null, string | null], { id: string }>(
          `SELECT id FROM board_commitments WHERE partnership_id = ? AND (? IS NULL OR owning_organisation_id = ?) ORDER BY sequence`,
        )
        .all(partnershipId, owningOrganisationId, owningOrganisationId)
        .map((row) => row.id),
    );
  }

  /** Every adopted (not retired) priority of the partnership, in order adopted, with what is linked to it. */
  priorityCoverage(partnershipId: string, now: Date): PriorityCoverageRow[] {
    return this.ofPartnership(partnershipId, now, 'priorityCoverage', (judged) => {
      const priorities = this
        .sql<[string], { id: string; commitments: number; activeCommitments: number }>(
          `SELECT p.id, COUNT(c.id) AS commitments, COALESCE(SUM(c.status = 'ACTIVE'), 0) AS activeCommitments
           FROM board_priorities p LEFT JOIN board_commitment_priorities cp ON cp.priority_id = p.id
             LEFT JOIN board_commitments c ON c.id = cp.commitment_id
           WHERE p.partnership_id = ? AND p.retired = 0 GROUP BY p.id ORDER BY p.sequence`,
        )
        .all(partnershipId);
      const figures = this
        .sql<[object], FiguresRow & { priorityId: string }>(
          `SELECT cp.priority_id AS priorityId, ${FIGURES} FROM ${OF_ONE_PARTNERSHIP} a
             JOIN board_commitment_priorities cp ON cp.commitment_id = a.commitment_id WHERE a.partnership_id = @partnershipId GROUP BY cp.priority_id`,
        )
        .all({ partnershipId, ...judged });
      const byPriority = new Map(figures.map((row) => [row.priorityId, figuresOf(row)]));
      return priorities.map((row) => ({
        priorityId: row.id,
        commitments: row.commitments,
        activeCommitments: row.activeCommitments,
        actions: byPriority.get(row.id) ?? NO_ACTION_FIGURES,
      }));
    });
  }

  /** Indicator ids of the partnership (of one owning organisation, if given), in the order defined. */
  indicatorIds(partnershipId: string, owningOrganisationId: string | null): string[] {
    return this
      .sql<[string, string | null, string | null], { id: string }>(
        `SELECT id FROM indicator_definitions WHERE partnership_id = ? AND (? IS NULL OR owning_organisation_id = ?) ORDER BY defined_at, id`,
      )
      .all(partnershipId, owningOrganisationId, owningOrganisationId)
      .map((row) => row.id);
  }

  /** The two latest current readings of each indicator (by period), which tell whether it moves the better way. */
  trendOfEach(indicatorIds: readonly string[]): IndicatorTrendRow[] {
    return this.sql<[string], IndicatorTrendRow>(
      `SELECT indicatorId, MAX(CASE WHEN rank = 1 THEN value END) AS latest, MAX(CASE WHEN rank = 2 THEN value END) AS previous
       FROM (SELECT indicator_id AS indicatorId, value,
               ROW_NUMBER() OVER (PARTITION BY indicator_id ORDER BY period_date DESC, revision DESC) AS rank
             FROM indicator_readings WHERE indicator_id ${IN_IDS} AND superseded_by_reading_id IS NULL)
       WHERE rank <= 2 GROUP BY indicatorId`,
    ).all(JSON.stringify(indicatorIds));
  }

  /**
   * The open actions of a partnership that have crossed a line as the days passed (webhooks' "became
   * overdue" and "silent"): `overdueOn` the day after the due date, `silentOn` `silentAfterDays` after the
   * last update (or planning), both judged against its today at `now`; null for a partnership with no board.
   */
  timeCrossings(partnershipId: string, now: Date): { silentAfterDays: number; crossings: ActionCrossing[] } | null {
    const { version, timeZone, silentAfterDays } = this.versionOf(partnershipId);
    if (version < 0) return null;
    const crossings = this.sql<[object], ActionCrossing>(
      `SELECT id, due_date AS dueDate, quiet_since AS quietSince,
         CASE WHEN due_date < @today THEN date(due_date, '+1 day') END AS overdueOn,
         CASE WHEN quiet_since <= date(@today, '-' || @silent || ' days') THEN date(quiet_since, '+' || @silent || ' days') END AS silentOn
       FROM (SELECT id, due_date, COALESCE(last_reported_on, planned_on) AS quiet_since FROM board_actions
             WHERE partnership_id = @partnershipId AND status NOT IN ('COMPLETED', 'CANCELLED') AND commitment_closed = 0)
       WHERE due_date < @today OR quiet_since <= date(@today, '-' || @silent || ' days')`,
    ).all({ partnershipId, today: calendarDateIn(timeZone, now), silent: silentAfterDays });
    return { silentAfterDays, crossings };
  }

  openChallengeCount(partnershipId: string): number {
    return this
      .sql<[string], { count: number }>('SELECT COUNT(*) AS count FROM allyship_challenges WHERE partnership_id = ? AND response IS NULL')
      .get(partnershipId)!.count;
  }

  /** The next meeting still to be held, from today on. */
  nextMeetingId(partnershipId: string, today: string): string | null {
    return (
      this
        .sql<[string, string], { id: string }>(
          `SELECT id FROM meetings WHERE partnership_id = ? AND status = 'SCHEDULED' AND date >= ? ORDER BY date, start_time, id LIMIT 1`,
        )
        .get(partnershipId, today)?.id ?? null
    );
  }
}
