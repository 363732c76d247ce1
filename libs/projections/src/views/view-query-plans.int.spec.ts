import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { accessGrantsProjection } from '../access/access-grants.projection.js';
import { allyshipPairingsProjection } from '../allyship/allyship-pairings.projection.js';
import { commitmentTrackerProjection } from '../commitments/commitment-tracker.projection.js';
import { partnershipDirectoryProjection } from '../directory/partnership-directory.projection.js';
import { historyProjection } from '../history/history.projection.js';
import { indicatorReadingsProjection } from '../indicators/indicator-readings.projection.js';
import { meetingsProjection } from '../meetings/meetings.projection.js';
import { openReadModelDatabase, type ReadModelDatabase } from '../read-model-database.js';
import { fullScans, queryPlan, recordingDatabase, VIEW_QUERIES, viewReadModelsOf, type RecordedStatement, type ViewSubjects } from '../testing/index.js';
import { boardViewsProjection } from './board-views.projection.js';

const PROJECTIONS = [
  partnershipDirectoryProjection,
  commitmentTrackerProjection,
  indicatorReadingsProjection,
  allyshipPairingsProjection,
  meetingsProjection,
  accessGrantsProjection,
  boardViewsProjection,
  historyProjection,
];

const subjects: ViewSubjects = {
  partnershipId: 'partnership-1',
  organisationId: 'organisation-1',
  owningPartnershipId: 'partnership-2',
  commitmentIds: ['commitment-1', 'commitment-2'],
  actionIds: ['action-1', 'action-2'],
  indicatorIds: ['indicator-1'],
  meetingId: 'meeting-1',
  now: new Date('2026-11-24T12:00:00.000Z'),
  today: '2026-11-24',
};

/**
 * Each board view's statements, as its query class runs them, through EXPLAIN QUERY PLAN: none may
 * read a whole table row by row. Run on a fresh read model (no ANALYZE), as a new deployment plans;
 * the national bench reads the same plans at scale.
 */
describe('board view query plans', () => {
  let db: ReadModelDatabase;
  const statementsOf = new Map<string, RecordedStatement[]>();

  beforeAll(() => {
    db = openReadModelDatabase(':memory:');
    for (const projection of PROJECTIONS) projection.setUp(db);
    // A few hundred actions over a few partnerships, so every view has rows to read.
    db.exec(`
      INSERT INTO board_partnerships (id, time_zone, amber_within_days, silent_after_days, due_soon_days)
        VALUES ('partnership-1', 'Europe/London', 14, 30, 14), ('partnership-2', 'Europe/London', 14, 30, 14);
      INSERT INTO board_organisations (id, sector) VALUES ('organisation-1', 'HEALTH'), ('organisation-2', 'LOCAL_GOVERNMENT');
      INSERT INTO board_commitments (id, partnership_id, owning_organisation_id, status, target_date, sequence)
        VALUES ('commitment-1', 'partnership-1', 'organisation-1', 'ACTIVE', NULL, 1), ('commitment-2', 'partnership-1', 'organisation-2', 'ACTIVE', NULL, 2);
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
      INSERT INTO board_actions (id, partnership_id, commitment_id, owning_organisation_id, owning_partnership_id, status, due_date,
          completed_on, planned_on, last_reported_on, raised_at_meeting_id, commitment_closed)
        SELECT 'action-' || i, 'partnership-' || (1 + i % 2), 'commitment-' || (1 + i % 2), CASE WHEN i % 5 = 0 THEN NULL ELSE 'organisation-' || (1 + i % 2) END,
          CASE WHEN i % 5 = 0 THEN 'partnership-2' END, CASE i % 4 WHEN 0 THEN 'COMPLETED' WHEN 1 THEN 'ON_TRACK' WHEN 2 THEN 'AT_RISK' ELSE 'NOT_STARTED' END,
          date('2026-01-01', '+' || i || ' days'), NULL, '2025-12-01', NULL, CASE WHEN i % 10 = 0 THEN 'meeting-1' END, 0
        FROM n;
    `);
    const recorder = recordingDatabase(db);
    const models = viewReadModelsOf(recorder.db);
    for (const query of VIEW_QUERIES) {
      query.run(models, subjects);
      statementsOf.set(query.name, recorder.take());
    }
  });
  afterAll(() => {
    db?.close();
  });

  it('finds a whole-table scan when there is one', () => {
    const statement = { source: 'SELECT id FROM board_actions a WHERE a.planned_on = ?', args: ['2025-12-01'] };
    expect(fullScans(db, statement)).toEqual(['board_actions']);
    expect(fullScans(db, { source: 'SELECT id FROM board_actions WHERE partnership_id = ?', args: ['partnership-1'] })).toEqual([]);
  });

  it.each(VIEW_QUERIES.map((query) => [query.name]))('%s reads through indexes', (name) => {
    const statements = statementsOf.get(name)!;
    expect(statements.length).toBeGreaterThan(0);
    const scans = statements.flatMap((statement) => fullScans(db, statement).map((table) => ({ table, sql: statement.source, plan: queryPlan(db, statement) })));
    expect(scans).toEqual([]);
  });
});
