import type Database from 'better-sqlite3';
import { AccessGrantsQueries } from '../access/access-grants.queries.js';
import { AllyshipPairingsQueries } from '../allyship/allyship-pairings.queries.js';
import { CommitmentTrackerQueries } from '../commitments/commitment-tracker.queries.js';
import { PartnershipDirectoryQueries } from '../directory/partnership-directory.queries.js';
import { HistoryQueries } from '../history/history.queries.js';
import { IndicatorReadingsQueries } from '../indicators/indicator-readings.queries.js';
import { MeetingsQueries } from '../meetings/meetings.queries.js';
import type { ReadModelDatabase } from '../read-model-database.js';
import { BoardViewsQueries, type ActionFilter } from '../views/board-views.queries.js';

/** One of each query class, over one database. */
export type ViewReadModels = Readonly<{
  views: BoardViewsQueries;
  tracker: CommitmentTrackerQueries;
  directory: PartnershipDirectoryQueries;
  readings: IndicatorReadingsQueries;
  meetings: MeetingsQueries;
  allyship: AllyshipPairingsQueries;
  grants: AccessGrantsQueries;
  history: HistoryQueries;
}>;

export const viewReadModelsOf = (db: ReadModelDatabase): ViewReadModels => ({
  views: new BoardViewsQueries(db),
  tracker: new CommitmentTrackerQueries(db),
  directory: new PartnershipDirectoryQueries(db),
  readings: new IndicatorReadingsQueries(db),
  meetings: new MeetingsQueries(db),
  allyship: new AllyshipPairingsQueries(db),
  grants: new AccessGrantsQueries(db),
  history: new HistoryQueries(db),
});

/** The rows a board is read about: ids that exist in the read models under test (any id will do for a plan). */
export type ViewSubjects = Readonly<{
  partnershipId: string;
  organisationId: string;
  owningPartnershipId: string;
  commitmentIds: readonly string[];
  actionIds: readonly string[];
  indicatorIds: readonly string[];
  meetingId: string;
  now: Date;
  today: string;
}>;

export type ViewQuery = Readonly<{ name: string; run: (models: ViewReadModels, subjects: ViewSubjects) => unknown }>;

const PAGE = { afterSequence: 0, limit: 51 };

/** One page of `actions(filter)` and its count, as the API reads it for a board member (visible: their partnership) or platform-wide (null). */
function actionList(name: string, filter: (subjects: ViewSubjects) => ActionFilter, { descending = false, platformWide = false } = {}): ViewQuery {
  return {
    name,
    run: ({ views }, subjects) => {
      const visible = platformWide ? null : [subjects.partnershipId];
      const rows = views.actions(filter(subjects), visible, subjects.now, descending ? 'DUE_DATE_DESC' : 'DUE_DATE_ASC', null, 51);
      const after = rows[24];
      if (after) views.actions(filter(subjects), visible, subjects.now, descending ? 'DUE_DATE_DESC' : 'DUE_DATE_ASC', after, 51);
      return [rows, views.actionCount(filter(subjects), visible, subjects.now)];
    },
  };
}

/**
 * The reads behind each board view and list, named after the view (and filter) they serve: a test
 * checks each one's query plan, the bench times them on the national dataset.
 */
export const VIEW_QUERIES: readonly ViewQuery[] = [
  {
    name: 'dashboard',
    run: ({ views, meetings }, { partnershipId, now, today }) => {
      views.settingsOf([partnershipId]);
      views.commitmentsByStatus(partnershipId);
      views.actionFigures({ partnershipId }, now);
      views.openChallengeCount(partnershipId);
      const next = views.nextMeetingId(partnershipId, today);
      return next && meetings.meeting(next);
    },
  },
  { name: 'dashboard.owners', run: ({ views }, { partnershipId, now }) => views.actionFiguresByOwner(partnershipId, now) },
  {
    name: 'dashboard.indicators',
    run: ({ views, readings }, { partnershipId }) => {
      const ids = views.indicatorIds(partnershipId, null).slice(0, 50);
      return [readings.indicatorsById(ids), readings.latestReadingOfEach(ids), views.trendOfEach(ids)];
    },
  },
  actionList('dashboard.overdueActions', ({ partnershipId }) => ({ partnershipId, overdue: true })),
  actionList('dashboard.dueSoonActions', ({ partnershipId }) => ({ partnershipId, dueWithinDays: 14 })),
  actionList('dashboard.silentActions', ({ partnershipId }) => ({ partnershipId, silentForDays: 30 })),
  {
    name: 'organisationScorecard',
    run: ({ views }, { partnershipId, organisationId, now }) => [
      views.commitmentsByStatus(partnershipId, organisationId),
      views.actionFigures({ partnershipId, owningOrganisationId: organisationId }, now),
      views.commitmentIds(partnershipId, organisationId),
      views.indicatorIds(partnershipId, organisationId),
    ],
  },
  actionList('organisationScorecard.actions', ({ partnershipId, organisationId }) => ({ partnershipId, owningOrganisationId: organisationId })),
  { name: 'priorityCoverage', run: ({ views }, { partnershipId, now }) => views.priorityCoverage(partnershipId, now) },
  { name: 'sectorBreakdown', run: ({ views }, { partnershipId, now }) => views.actionFiguresBySector(partnershipId, now) },
  actionList('actions', () => ({})),
  actionList('actions, newest due first', () => ({}), { descending: true }),
  actionList('actions, platform-wide', () => ({}), { platformWide: true }),
  actionList('actions(partnershipId)', ({ partnershipId }) => ({ partnershipId })),
  actionList('actions(partnershipId), newest due first', ({ partnershipId }) => ({ partnershipId }), { descending: true }),
  actionList('actions(owningOrganisationId) platform-wide', ({ organisationId }) => ({ owningOrganisationId: organisationId }), { platformWide: true }),
  actionList('actions(owningPartnershipId)', ({ owningPartnershipId }) => ({ owningPartnershipId })),
  actionList('actions(commitmentId)', ({ commitmentIds }) => ({ commitmentId: commitmentIds[0] })),
  actionList('actions(status)', () => ({ status: 'AT_RISK' })),
  actionList('actions(rag)', () => ({ rag: 'RED' })),
  actionList('actions(dueBefore, dueAfter)', () => ({ dueAfter: '2026-01-01', dueBefore: '2026-03-31' })),
  actionList('actions(silentForDays)', () => ({ silentForDays: 30 })),
  actionList('actions(meetingId)', ({ meetingId }) => ({ meetingId })),
  actionList('actions(overdue)', () => ({ overdue: true })),
  actionList('actions(overdue) platform-wide', () => ({ overdue: true }), { platformWide: true }),
  actionList('actions(dueWithinDays)', () => ({ dueWithinDays: 14 })),
  actionList('Organisation.actions', ({ organisationId }) => ({ owningOrganisationId: organisationId })),
  { name: 'Action.rag', run: ({ views }, { actionIds, now }) => views.ragOfEach(actionIds, now) },
  { name: 'Indicator.improving', run: ({ views }, { indicatorIds }) => views.trendOfEach(indicatorIds) },
  {
    name: 'commitments',
    run: ({ tracker }, { partnershipId }) => [
      tracker.commitments(partnershipId, null, PAGE),
      tracker.commitments(partnershipId, null, PAGE, true),
      tracker.commitments(partnershipId, 'ACTIVE', PAGE),
      tracker.commitmentCount(partnershipId, null),
      tracker.commitmentCount(partnershipId, 'ACTIVE'),
    ],
  },
  {
    name: 'Commitment.actions',
    run: ({ tracker }, { commitmentIds, actionIds }) => [
      tracker.actionsOfEach(commitmentIds, PAGE),
      tracker.actionCountOfEach(commitmentIds),
      tracker.updatesById(tracker.actionsById(actionIds).flatMap((action) => (action.latestUpdateId ? [action.latestUpdateId] : []))),
    ],
  },
  { name: 'Action.updates', run: ({ tracker }, { actionIds }) => [tracker.updatesOfEach(actionIds, PAGE), tracker.updateCountOfEach(actionIds)] },
  {
    name: 'Commitment.indicators',
    run: ({ readings }, { commitmentIds, indicatorIds }) => [
      readings.indicatorsOfEach(commitmentIds, PAGE),
      readings.indicatorCountOfEach(commitmentIds),
      readings.readingsOfEach(indicatorIds, PAGE),
      readings.readingCountOfEach(indicatorIds),
    ],
  },
  {
    name: 'meetings',
    run: ({ meetings }, { partnershipId, meetingId }) => [
      meetings.meetings(partnershipId, null, null, PAGE),
      meetings.meetingCount(partnershipId, null, null),
      meetings.items(meetingId),
      meetings.attendance(meetingId),
      meetings.declarations(meetingId),
      meetings.actionsRaised(meetingId),
    ],
  },
  {
    name: 'progressSinceLastMeeting',
    run: ({ meetings, tracker }, { partnershipId }) => [meetings.meetingsOfPartnership(partnershipId), meetings.actionsRaisedInPartnership(partnershipId), tracker.actionsOfPartnership(partnershipId)],
  },
  {
    name: 'allyshipPairings',
    run: ({ allyship }, { partnershipId, commitmentIds, today }) => [
      allyship.pairingsOf(partnershipId, { status: null, quietForDays: null, today }, PAGE),
      allyship.pairingCount(partnershipId, { status: null, quietForDays: null, today }),
      allyship.pairingsOfEachCommitment(commitmentIds, PAGE),
      allyship.challengesOfEachCommitment(commitmentIds, PAGE),
    ],
  },
  {
    name: 'Partnership.organisations and members',
    run: ({ directory }, { partnershipId, organisationId }) => [
      directory.organisationsOfEach([partnershipId], PAGE),
      directory.organisationCountOfEach([partnershipId]),
      directory.membersOfEach([partnershipId], PAGE),
      directory.memberCountOfEach([partnershipId]),
      directory.prioritiesOfEach([partnershipId], false, PAGE),
      directory.partnershipsOfEach([organisationId], PAGE),
      directory.partnershipIdsVisible([partnershipId], [organisationId]),
    ],
  },
  { name: 'grants', run: ({ grants }, { partnershipId }) => [grants.grantsOfPartnership(partnershipId, PAGE), grants.grantCountOfPartnership(partnershipId)] },
  { name: 'history', run: ({ history }, { partnershipId, actionIds }) => [history.history(`action-${actionIds[0]}`, PAGE), history.auditReads(partnershipId, PAGE)] },
];

export type RecordedStatement = Readonly<{ source: string; args: readonly unknown[] }>;

/**
 * The database as the query classes see it, recording each statement they run with its arguments:
 * the SQL a view runs, taken from the classes themselves rather than copied into a test.
 */
export function recordingDatabase(db: ReadModelDatabase) {
  let recorded: RecordedStatement[] = [];
  const recording = new Proxy(db, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (property !== 'prepare') return typeof value === 'function' ? value.bind(target) : value;
      return (source: string) => {
        const statement = target.prepare(source);
        return new Proxy(statement, {
          get(inner, name) {
            const member = Reflect.get(inner, name, inner) as unknown;
            if (typeof member !== 'function') return member;
            if (name === 'all' || name === 'get' || name === 'run' || name === 'iterate') {
              return (...args: unknown[]) => {
                recorded.push({ source, args });
                return (member as (...args: unknown[]) => unknown).apply(inner, args);
              };
            }
            return (member as (...args: unknown[]) => unknown).bind(inner);
          },
        });
      };
    },
  });
  return {
    db: recording as ReadModelDatabase,
    /** The statements run since the last call. */
    take(): RecordedStatement[] {
      const taken = recorded;
      recorded = [];
      return taken;
    },
  };
}

/** The lines of SQLite's plan for a statement, as run with these arguments. */
export function queryPlan(db: Database.Database, { source, args }: RecordedStatement): string[] {
  return db
    .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${source}`)
    .all(...args)
    .map((row) => row.detail);
}

/**
 * The tables a statement reads whole, row by row, with no index: plan lines `SCAN <table or its alias>`.
 * A scan of a CTE, a subquery or a table-valued function such as json_each is not a table's.
 */
export function fullScans(db: Database.Database, statement: RecordedStatement): string[] {
  const tables = new Set(db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((row) => row.name));
  const aliases = new Map<string, string>();
  for (const [, table, alias] of statement.source.matchAll(/\b(?:FROM|JOIN)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?/gi)) {
    if (alias && tables.has(table!)) aliases.set(alias, table!);
  }
  return queryPlan(db, statement).flatMap((line) => {
    const scanned = /^SCAN (\w+)$/.exec(line.trim())?.[1];
    const table = scanned && (aliases.get(scanned) ?? scanned);
    return table && tables.has(table) ? [table] : [];
  });
}
