import { calendarDateIn, DEFAULT_BOARD_SETTINGS, DEFAULT_TIME_ZONE } from '@ledger/domain';
import { defineProjection } from '../projection.js';
import type { ReadModelDatabase } from '../read-model-database.js';

const statements = (db: ReadModelDatabase) => ({
  partnershipFormed: db.prepare(
    `INSERT INTO board_partnerships (id, time_zone, amber_within_days, silent_after_days, due_soon_days) VALUES (?, ?, ?, ?, ?)`,
  ),
  settingsChanged: db.prepare(`UPDATE board_partnerships SET amber_within_days = ?, silent_after_days = ?, due_soon_days = ? WHERE id = ?`),
  timeZoneOf: db.prepare<[string], { timeZone: string }>('SELECT time_zone AS timeZone FROM board_partnerships WHERE id = ?'),
  timeZoneOfAction: db.prepare<[string], { timeZone: string }>(
    'SELECT p.time_zone AS timeZone FROM board_actions a JOIN board_partnerships p ON p.id = a.partnership_id WHERE a.id = ?',
  ),
  organisationRegistered: db.prepare('INSERT INTO board_organisations (id, sector) VALUES (?, ?)'),
  priorityAdopted: db.prepare(
    `INSERT INTO board_priorities (id, partnership_id, code, title, retired, sequence)
     VALUES (?, ?, ?, ?, 0, (SELECT COALESCE(MAX(sequence), 0) + 1 FROM board_priorities))`,
  ),
  priorityRetired: db.prepare('UPDATE board_priorities SET retired = 1 WHERE id = ?'),
  commitmentMade: db.prepare(
    `INSERT INTO board_commitments (id, partnership_id, owning_organisation_id, status, target_date, sequence)
     VALUES (?, ?, ?, 'PROPOSED', ?, (SELECT COALESCE(MAX(sequence), 0) + 1 FROM board_commitments))`,
  ),
  commitmentPriority: db.prepare('INSERT OR IGNORE INTO board_commitment_priorities (commitment_id, priority_id) VALUES (?, ?)'),
  commitmentStatus: db.prepare('UPDATE board_commitments SET status = ? WHERE id = ?'),
  commitmentAmended: db.prepare(
    `UPDATE board_commitments SET target_date = CASE WHEN ? THEN ? ELSE target_date END,
       owning_organisation_id = COALESCE(?, owning_organisation_id) WHERE id = ?`,
  ),
  actionsOfClosedCommitment: db.prepare('UPDATE board_actions SET commitment_closed = 1 WHERE commitment_id = ?'),
  actionPlanned: db.prepare(
    `INSERT INTO board_actions (id, partnership_id, commitment_id, owning_organisation_id, owning_partnership_id, status, due_date,
       completed_on, planned_on, last_reported_on, raised_at_meeting_id, commitment_closed)
     VALUES (?, ?, ?, ?, ?, 'NOT_STARTED', ?, NULL, ?, NULL, ?, 0)`,
  ),
  // Completed on the business date of the update (or closing) that completed it; any other status clears it.
  actionStatus: db.prepare(`UPDATE board_actions SET status = ?, completed_on = CASE WHEN ? = 'COMPLETED' THEN ? END WHERE id = ?`),
  // An update's status and business date in one write. Backdated updates may arrive after later ones: the latest business date heard wins.
  actionUpdated: db.prepare(
    `UPDATE board_actions SET status = @status, completed_on = CASE WHEN @status = 'COMPLETED' THEN @reportedOn END,
       last_reported_on = CASE WHEN last_reported_on IS NULL OR last_reported_on < @reportedOn THEN @reportedOn ELSE last_reported_on END WHERE id = @actionId`,
  ),
  actionRescheduled: db.prepare('UPDATE board_actions SET due_date = ? WHERE id = ?'),
  actionReassigned: db.prepare('UPDATE board_actions SET owning_organisation_id = ?, owning_partnership_id = ? WHERE id = ?'),
  // A new version of the partnership's board rows, in the transaction that changes them: the figures kept for its old version are stale.
  partnershipChanged: db.prepare('UPDATE board_partnerships SET version = version + 1 WHERE id = ?'),
  partnershipOfPriorityChanged: db.prepare(
    'UPDATE board_partnerships SET version = version + 1 WHERE id = (SELECT partnership_id FROM board_priorities WHERE id = ?)',
  ),
  partnershipOfCommitmentChanged: db.prepare(
    'UPDATE board_partnerships SET version = version + 1 WHERE id = (SELECT partnership_id FROM board_commitments WHERE id = ?)',
  ),
  partnershipOfActionChanged: db.prepare(
    'UPDATE board_partnerships SET version = version + 1 WHERE id = (SELECT partnership_id FROM board_actions WHERE id = ?)',
  ),
});

type Statements = ReturnType<typeof statements>;

/** The partnership's calendar date of an instant: business dates absent from older events are read this way. */
const dateInPartnership = (sql: Statements, partnershipId: string, instant: string) =>
  calendarDateIn(sql.timeZoneOf.get(partnershipId)?.timeZone ?? DEFAULT_TIME_ZONE, instant);
const dateOfAction = (sql: Statements, actionId: string, instant: string) =>
  calendarDateIn(sql.timeZoneOfAction.get(actionId)?.timeZone ?? DEFAULT_TIME_ZONE, instant);

/**
 * What the board views read: each action's owner (an organisation or a partnership), status and the
 * dates RAG, overdue and silent are judged from (due, completed on, last reported on) — never a RAG,
 * which would go stale overnight; commitments with their priorities; organisations' sectors; and each
 * partnership's thresholds. "Today" is applied when a view is asked for.
 */
export const boardViewsProjection = defineProjection({
  name: 'board-views',
  // 2: board_partnerships.version.
  version: 2,
  tables: ['board_partnerships', 'board_organisations', 'board_priorities', 'board_commitments', 'board_commitment_priorities', 'board_actions'],

  setUp(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS board_partnerships (
        id TEXT PRIMARY KEY, time_zone TEXT NOT NULL, amber_within_days INTEGER NOT NULL, silent_after_days INTEGER NOT NULL,
        due_soon_days INTEGER NOT NULL,
        -- Raised by every event that changes a row of the partnership here: what the figures memo is keyed by.
        version INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE IF NOT EXISTS board_organisations (id TEXT PRIMARY KEY, sector TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS board_priorities (
        id TEXT PRIMARY KEY, partnership_id TEXT NOT NULL, code TEXT NOT NULL, title TEXT NOT NULL, retired INTEGER NOT NULL,
        sequence INTEGER NOT NULL UNIQUE
      );
      CREATE INDEX IF NOT EXISTS board_priorities_by_partnership ON board_priorities (partnership_id, sequence);
      CREATE TABLE IF NOT EXISTS board_commitments (
        id TEXT PRIMARY KEY, partnership_id TEXT NOT NULL, owning_organisation_id TEXT NOT NULL, status TEXT NOT NULL,
        target_date TEXT, sequence INTEGER NOT NULL UNIQUE
      );
      CREATE INDEX IF NOT EXISTS board_commitments_by_partnership ON board_commitments (partnership_id, sequence);
      CREATE TABLE IF NOT EXISTS board_commitment_priorities (
        commitment_id TEXT NOT NULL, priority_id TEXT NOT NULL, PRIMARY KEY (priority_id, commitment_id)
      );
      -- Priority coverage goes from the partnership's actions to their commitments' priorities.
      CREATE INDEX IF NOT EXISTS board_commitment_priorities_by_commitment ON board_commitment_priorities (commitment_id, priority_id);
      CREATE TABLE IF NOT EXISTS board_actions (
        id TEXT PRIMARY KEY, partnership_id TEXT NOT NULL, commitment_id TEXT, owning_organisation_id TEXT, owning_partnership_id TEXT,
        status TEXT NOT NULL, due_date TEXT NOT NULL, completed_on TEXT, planned_on TEXT NOT NULL, last_reported_on TEXT,
        raised_at_meeting_id TEXT, commitment_closed INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS board_actions_by_due_date ON board_actions (due_date, id);
      CREATE INDEX IF NOT EXISTS board_actions_by_partnership ON board_actions (partnership_id, due_date, id);
      CREATE INDEX IF NOT EXISTS board_actions_by_organisation ON board_actions (owning_organisation_id, due_date, id);
      CREATE INDEX IF NOT EXISTS board_actions_by_owning_partnership ON board_actions (owning_partnership_id, due_date, id);
      CREATE INDEX IF NOT EXISTS board_actions_by_commitment ON board_actions (commitment_id, due_date, id);
      -- A board's actions of one status, and the actions raised at a meeting.
      CREATE INDEX IF NOT EXISTS board_actions_by_status ON board_actions (status, partnership_id, due_date, id);
      CREATE INDEX IF NOT EXISTS board_actions_by_meeting ON board_actions (raised_at_meeting_id, due_date, id) WHERE raised_at_meeting_id IS NOT NULL;
      -- Overdue, due soon and silent read open actions only: fewer, as completed ones pile up. The WHERE is the queries' OPEN.
      CREATE INDEX IF NOT EXISTS board_actions_open_by_partnership ON board_actions (partnership_id, due_date, id)
        WHERE status NOT IN ('COMPLETED', 'CANCELLED') AND commitment_closed = 0;
      CREATE INDEX IF NOT EXISTS board_actions_open_by_due_date ON board_actions (due_date, id)
        WHERE status NOT IN ('COMPLETED', 'CANCELLED') AND commitment_closed = 0;
    `);
  },

  statements,

  on: {
    PartnershipFormed(sql, { data }) {
      const { amberWithinDays, silentAfterDays, dueSoonDays } = DEFAULT_BOARD_SETTINGS;
      sql.partnershipFormed.run(data.partnershipId, data.timeZone ?? DEFAULT_TIME_ZONE, amberWithinDays, silentAfterDays, dueSoonDays);
    },
    PartnershipSettingsChanged(sql, { data }) {
      sql.settingsChanged.run(data.amberWithinDays, data.silentAfterDays, data.dueSoonDays, data.partnershipId);
      sql.partnershipChanged.run(data.partnershipId);
    },
    // No partnership's version moves: no action names a new organisation yet, and a sector never changes.
    OrganisationRegistered(sql, { data }) {
      sql.organisationRegistered.run(data.organisationId, data.sector);
    },
    PriorityAdopted(sql, { data }) {
      sql.priorityAdopted.run(data.priorityId, data.partnershipId, data.code, data.title);
      sql.partnershipChanged.run(data.partnershipId);
    },
    PriorityRetired(sql, { data }) {
      sql.priorityRetired.run(data.priorityId);
      sql.partnershipOfPriorityChanged.run(data.priorityId);
    },
    CommitmentMade(sql, { data }) {
      sql.commitmentMade.run(data.commitmentId, data.partnershipId, data.owningOrganisationId, data.targetDate);
      for (const priorityId of data.priorityIds) sql.commitmentPriority.run(data.commitmentId, priorityId);
      sql.partnershipChanged.run(data.partnershipId);
    },
    CommitmentEndorsed(sql, { data }) {
      sql.commitmentStatus.run('ACTIVE', data.commitmentId);
      sql.partnershipOfCommitmentChanged.run(data.commitmentId);
    },
    CommitmentAmended(sql, { data: { commitmentId, changes } }) {
      sql.commitmentAmended.run('targetDate' in changes ? 1 : 0, changes.targetDate ?? null, changes.owningOrganisationId ?? null, commitmentId);
      sql.partnershipOfCommitmentChanged.run(commitmentId);
    },
    CommitmentClosed(sql, { data }) {
      sql.commitmentStatus.run(data.outcome, data.commitmentId);
      sql.actionsOfClosedCommitment.run(data.commitmentId);
      for (const { actionId, finalStatus } of data.closedActions ?? []) {
        sql.actionStatus.run(finalStatus, finalStatus, dateOfAction(sql, actionId, data.closedAt), actionId);
      }
      sql.partnershipOfCommitmentChanged.run(data.commitmentId);
    },
    ActionPlanned(sql, { data }) {
      sql.actionPlanned.run(
        data.actionId,
        data.partnershipId,
        data.commitmentId,
        // A partnership-owned action names no organisation (older events name one and no partnership).
        data.owningPartnershipId ? null : data.owningOrganisationId,
        data.owningPartnershipId ?? null,
        data.dueDate,
        data.plannedOn ?? dateInPartnership(sql, data.partnershipId, data.plannedAt),
        data.raisedAt?.meetingId ?? null,
      );
      sql.partnershipChanged.run(data.partnershipId);
    },
    ActionRescheduled(sql, { data }) {
      sql.actionRescheduled.run(data.dueDate, data.actionId);
      sql.partnershipOfActionChanged.run(data.actionId);
    },
    ActionReassigned(sql, { data }) {
      // Reassigned to a partnership, it names that partnership and no organisation (older events: an organisation only).
      // Older events name no partnership: reassigned to the organisation.
      const owningPartnershipId = data.owningPartnershipId ?? null;
      sql.actionReassigned.run(owningPartnershipId ? null : data.owningOrganisationId, owningPartnershipId, data.actionId);
      sql.partnershipOfActionChanged.run(data.actionId);
    },
    ActionReopened(sql, { data }) {
      sql.actionStatus.run(data.status, data.status, null, data.actionId);
      sql.partnershipOfActionChanged.run(data.actionId);
    },
    ActionUpdateSubmitted(sql, { data }) {
      const reportedOn = data.reportedOn ?? dateOfAction(sql, data.actionId, data.submittedAt);
      sql.actionUpdated.run({ status: data.status, reportedOn, actionId: data.actionId });
      sql.partnershipOfActionChanged.run(data.actionId);
    },
  },
});
