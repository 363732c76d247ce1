import { calendarDateIn, DEFAULT_TIME_ZONE, percentCompleteAfter, type ActionStatus } from '@ledger/domain';
import { defineProjection } from '../projection.js';
import type { ReadModelDatabase } from '../read-model-database.js';

const statements = (db: ReadModelDatabase) => ({
  // Each action keeps its partnership's time zone: "overdue" is judged by the partnership's calendar.
  partnershipFormed: db.prepare('INSERT INTO tracker_partnerships (id, time_zone) VALUES (?, ?)'),
  partnershipTimeZone: db.prepare<[string], { timeZone: string }>('SELECT time_zone AS timeZone FROM tracker_partnerships WHERE id = ?'),
  actionTimeZone: db.prepare<[string], { timeZone: string }>('SELECT time_zone AS timeZone FROM tracker_actions WHERE id = ?'),
  commitmentMade: db.prepare(
    `INSERT INTO tracker_commitments (id, partnership_id, owning_organisation_id, contributing_organisation_ids, title, description,
       priority_ids, target_date, source_reference, status, made_at, made_on, revision, sequence)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'PROPOSED', ?, ?, ?, (SELECT COALESCE(MAX(sequence), 0) + 1 FROM tracker_commitments))`,
  ),
  commitmentEndorsed: db.prepare(
    `UPDATE tracker_commitments SET status = 'ACTIVE', endorsed_on = ?, endorsed_at_meeting_id = ?, revision = ? WHERE id = ?`,
  ),
  commitmentAmended: db.prepare(
    `UPDATE tracker_commitments SET title = COALESCE(?, title), description = COALESCE(?, description),
       target_date = CASE WHEN ? THEN ? ELSE target_date END, owning_organisation_id = COALESCE(?, owning_organisation_id),
       revision = ? WHERE id = ?`,
  ),
  commitmentClosed: db.prepare(`UPDATE tracker_commitments SET status = ?, closing_reason = ?, closed_at = ?, revision = ? WHERE id = ?`),
  actionsOfClosedCommitment: db.prepare(`UPDATE tracker_actions SET commitment_closed = 1 WHERE commitment_id = ?`),
  actionPlanned: db.prepare(
    `INSERT INTO tracker_actions (id, commitment_id, partnership_id, owning_organisation_id, title, due_date, lead_member_id, plan_id,
       status, planned_at, planned_on, revision, time_zone, commitment_closed, raised_at_meeting_id, raised_at_item_number, raised_at_action_ref,
       owning_partnership_id, reports_to)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'NOT_STARTED', ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)`,
  ),
  actionPercentComplete: db.prepare<[string], { percentComplete: number | null }>(
    'SELECT percent_complete AS percentComplete FROM tracker_actions WHERE id = ?',
  ),
  actionClosed: db.prepare(`UPDATE tracker_actions SET status = ?, percent_complete = ? WHERE id = ?`),
  actionRescheduled: db.prepare(`UPDATE tracker_actions SET due_date = ?, revision = ? WHERE id = ?`),
  actionReassigned: db.prepare(`UPDATE tracker_actions SET owning_organisation_id = ?, owning_partnership_id = ?, revision = ? WHERE id = ?`),
  actionReopened: db.prepare(`UPDATE tracker_actions SET status = ?, percent_complete = ?, revision = ? WHERE id = ?`),
  actionUpdated: db.prepare(
    `UPDATE tracker_actions SET status = ?, percent_complete = ?, latest_update_id = ?, revision = ? WHERE id = ?`,
  ),
  updateSubmitted: db.prepare(
    `INSERT INTO tracker_action_updates (id, action_id, revision, status, percent_complete, what_has_happened, what_more_is_to_be_done,
       evidence_links, submitted_at, reported_on, submitted_by_person_id, submitted_by_organisation_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
});

/**
 * A business date as recorded, or for an older event without one the partnership's calendar date of
 * the instant it was recorded (the default zone when the partnership is unknown), as the domain reads it.
 */
const businessDate = (recorded: string | undefined, instant: string, timeZone: string | undefined) =>
  recorded ?? calendarDateIn(timeZone ?? DEFAULT_TIME_ZONE, instant);

/** The action's percentage once its status changes: the domain's one rule, applied to the row. */
function percentCompleteOf(sql: ReturnType<typeof statements>, actionId: string, status: ActionStatus, reported: number | null) {
  const previous = sql.actionPercentComplete.get(actionId)?.percentComplete ?? null;
  return percentCompleteAfter(status, reported, previous);
}

/**
 * Commitments with their lifecycle, their actions with status, due dates and their partnership's time
 * zone, and every progress update. Closing a commitment as ACHIEVED gives its open actions the final
 * status the board chose; any closing marks its actions closed to updates.
 */
export const commitmentTrackerProjection = defineProjection({
  name: 'commitment-tracker',
  // 4: actions raised at a meeting without a commitment (nullable commitment_id, the meeting link).
  // 5: an action owned by a partnership (nullable owning_organisation_id, owning_partnership_id) and the body it reports to.
  // 6: business dates beside recorded times (made_on, planned_on, reported_on).
  version: 6,
  tables: ['tracker_partnerships', 'tracker_commitments', 'tracker_actions', 'tracker_action_updates'],

  setUp(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS tracker_partnerships (id TEXT PRIMARY KEY, time_zone TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS tracker_commitments (
        id TEXT PRIMARY KEY, partnership_id TEXT NOT NULL, owning_organisation_id TEXT NOT NULL,
        contributing_organisation_ids TEXT NOT NULL, title TEXT NOT NULL, description TEXT NOT NULL, priority_ids TEXT NOT NULL,
        target_date TEXT, source_reference TEXT, status TEXT NOT NULL, made_at TEXT NOT NULL, made_on TEXT NOT NULL, endorsed_on TEXT,
        endorsed_at_meeting_id TEXT, closing_reason TEXT, closed_at TEXT, revision INTEGER NOT NULL, sequence INTEGER NOT NULL UNIQUE
      );
      CREATE INDEX IF NOT EXISTS tracker_commitments_by_partnership ON tracker_commitments (partnership_id, status);
      -- A page of the partnership's commitments in the order made reads only that page.
      CREATE INDEX IF NOT EXISTS tracker_commitments_by_partnership_in_order ON tracker_commitments (partnership_id, sequence);
      CREATE TABLE IF NOT EXISTS tracker_actions (
        id TEXT PRIMARY KEY, commitment_id TEXT, partnership_id TEXT NOT NULL, owning_organisation_id TEXT, owning_partnership_id TEXT,
        reports_to TEXT, title TEXT NOT NULL, due_date TEXT NOT NULL, lead_member_id TEXT, plan_id TEXT, status TEXT NOT NULL,
        percent_complete INTEGER, latest_update_id TEXT, planned_at TEXT NOT NULL, planned_on TEXT NOT NULL, revision INTEGER NOT NULL,
        time_zone TEXT NOT NULL, commitment_closed INTEGER NOT NULL,
        raised_at_meeting_id TEXT, raised_at_item_number TEXT, raised_at_action_ref TEXT
      );
      CREATE INDEX IF NOT EXISTS tracker_actions_by_commitment ON tracker_actions (commitment_id);
      -- A meeting's review of the partnership's actions; an organisation's open actions when it leaves or merges; a plan's actions.
      CREATE INDEX IF NOT EXISTS tracker_actions_by_partnership ON tracker_actions (partnership_id, planned_at, id);
      CREATE INDEX IF NOT EXISTS tracker_actions_by_owning_organisation ON tracker_actions (owning_organisation_id, planned_at, id);
      CREATE INDEX IF NOT EXISTS tracker_actions_by_plan ON tracker_actions (plan_id);
      CREATE TABLE IF NOT EXISTS tracker_action_updates (
        id TEXT PRIMARY KEY, action_id TEXT NOT NULL, revision INTEGER NOT NULL, status TEXT NOT NULL, percent_complete INTEGER,
        what_has_happened TEXT NOT NULL, what_more_is_to_be_done TEXT, evidence_links TEXT NOT NULL, submitted_at TEXT NOT NULL,
        reported_on TEXT NOT NULL, submitted_by_person_id TEXT NOT NULL, submitted_by_organisation_id TEXT
      );
      CREATE INDEX IF NOT EXISTS tracker_action_updates_by_action ON tracker_action_updates (action_id, revision);
    `);
  },

  statements,

  on: {
    PartnershipFormed(sql, { data }) {
      sql.partnershipFormed.run(data.partnershipId, data.timeZone ?? DEFAULT_TIME_ZONE);
    },
    CommitmentMade(sql, { data, streamRevision }) {
      sql.commitmentMade.run(
        data.commitmentId,
        data.partnershipId,
        data.owningOrganisationId,
        JSON.stringify(data.contributingOrganisationIds),
        data.title,
        data.description,
        JSON.stringify(data.priorityIds),
        data.targetDate,
        data.sourceReference,
        data.madeAt,
        businessDate(data.madeOn, data.madeAt, sql.partnershipTimeZone.get(data.partnershipId)?.timeZone),
        streamRevision,
      );
    },
    CommitmentEndorsed(sql, { data, streamRevision }) {
      sql.commitmentEndorsed.run(data.endorsedOn, data.meetingId, streamRevision, data.commitmentId);
    },
    CommitmentAmended(sql, { data: { commitmentId, changes }, streamRevision }) {
      const targetDateChanged = 'targetDate' in changes ? 1 : 0;
      sql.commitmentAmended.run(
        changes.title ?? null,
        changes.description ?? null,
        targetDateChanged,
        changes.targetDate ?? null,
        changes.owningOrganisationId ?? null,
        streamRevision,
        commitmentId,
      );
    },
    CommitmentClosed(sql, { data, streamRevision }) {
      sql.commitmentClosed.run(data.outcome, data.reason, data.closedAt, streamRevision, data.commitmentId);
      sql.actionsOfClosedCommitment.run(data.commitmentId);
      for (const { actionId, finalStatus } of data.closedActions ?? []) {
        sql.actionClosed.run(finalStatus, percentCompleteOf(sql, actionId, finalStatus, null), actionId);
      }
    },
    ActionPlanned(sql, { data, streamRevision }) {
      const timeZone = sql.partnershipTimeZone.get(data.partnershipId)?.timeZone ?? DEFAULT_TIME_ZONE;
      sql.actionPlanned.run(
        data.actionId,
        data.commitmentId,
        data.partnershipId,
        data.owningOrganisationId,
        data.title,
        data.dueDate,
        data.leadMemberId,
        data.planId,
        data.plannedAt,
        businessDate(data.plannedOn, data.plannedAt, timeZone),
        streamRevision,
        timeZone,
        // Older events carry no raisedAt: not raised at a meeting.
        data.raisedAt?.meetingId ?? null,
        data.raisedAt?.itemNumber ?? null,
        data.raisedAt?.actionRef ?? null,
        // Older events name no owning partnership and no body: owned by the organisation, reporting to the board.
        data.owningPartnershipId ?? null,
        data.reportsTo ?? null,
      );
    },
    ActionRescheduled(sql, { data, streamRevision }) {
      sql.actionRescheduled.run(data.dueDate, streamRevision, data.actionId);
    },
    ActionReassigned(sql, { data, streamRevision }) {
      sql.actionReassigned.run(data.owningOrganisationId, data.owningPartnershipId ?? null, streamRevision, data.actionId);
    },
    ActionReopened(sql, { data, streamRevision }) {
      sql.actionReopened.run(data.status, data.percentComplete ?? null, streamRevision, data.actionId);
    },
    ActionUpdateSubmitted(sql, { data, streamRevision, metadata: { actor } }) {
      sql.updateSubmitted.run(
        data.updateId,
        data.actionId,
        streamRevision,
        data.status,
        data.percentComplete,
        data.whatHasHappened,
        data.whatMoreIsToBeDone,
        JSON.stringify(data.evidenceLinks),
        data.submittedAt,
        businessDate(data.reportedOn, data.submittedAt, sql.actionTimeZone.get(data.actionId)?.timeZone),
        actor.personId,
        actor.organisationId,
      );
      const percentComplete = percentCompleteOf(sql, data.actionId, data.status, data.percentComplete);
      sql.actionUpdated.run(data.status, percentComplete, data.updateId, streamRevision, data.actionId);
    },
  },
});
