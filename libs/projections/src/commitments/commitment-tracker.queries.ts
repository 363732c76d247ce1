import type { ActionStatus, CommitmentStatus } from '@ledger/domain';
import { IN_IDS, ReadModelQueries, type Page, type Paged } from '../statements.js';

export type CommitmentRow = Readonly<{
  id: string;
  partnershipId: string;
  owningOrganisationId: string;
  contributingOrganisationIds: string[];
  title: string;
  description: string;
  priorityIds: string[];
  targetDate: string | null;
  sourceReference: string | null;
  status: CommitmentStatus;
  madeAt: string;
  /** The business date it was made, in the partnership's calendar. */
  madeOn: string;
  endorsedOn: string | null;
  endorsedAtMeetingId: string | null;
  closingReason: string | null;
  closedAt: string | null;
  revision: number;
  sequence: number;
}>;

export type ActionRow = Readonly<{
  id: string;
  /** Null for an action raised at a meeting without a commitment. */
  commitmentId: string | null;
  /** The meeting item it was raised at, if any. */
  raisedAtMeetingId: string | null;
  raisedAtItemNumber: string | null;
  raisedAtActionRef: string | null;
  partnershipId: string;
  /** Exactly one of these two owns it: an organisation, or a partnership (the partnership itself, or a place beneath it). */
  owningOrganisationId: string | null;
  owningPartnershipId: string | null;
  /** The body it reports to ("System Executive"), if named. */
  reportsTo: string | null;
  title: string;
  dueDate: string;
  leadMemberId: string | null;
  planId: string | null;
  status: ActionStatus;
  percentComplete: number | null;
  latestUpdateId: string | null;
  plannedAt: string;
  /** The business date it was agreed. */
  plannedOn: string;
  revision: number;
  /** The partnership's time zone: an action is overdue once its due date has passed there. */
  timeZone: string;
  /** Its commitment is closed (achieved, missed or withdrawn): nothing more is expected of it. */
  commitmentClosed: 0 | 1;
}>;

export type ActionUpdateRow = Readonly<{
  id: string;
  actionId: string;
  status: ActionStatus;
  percentComplete: number | null;
  whatHasHappened: string;
  whatMoreIsToBeDone: string | null;
  evidenceLinks: string[];
  submittedAt: string;
  /** The business date it reports as of. */
  reportedOn: string;
  submittedByPersonId: string;
  submittedByOrganisationId: string | null;
}>;

const COMMITMENT_COLUMNS = `id, partnership_id AS partnershipId, owning_organisation_id AS owningOrganisationId,
  contributing_organisation_ids AS contributingOrganisationIds, title, description, priority_ids AS priorityIds,
  target_date AS targetDate, source_reference AS sourceReference, status, made_at AS madeAt, made_on AS madeOn, endorsed_on AS endorsedOn,
  endorsed_at_meeting_id AS endorsedAtMeetingId, closing_reason AS closingReason, closed_at AS closedAt, revision, sequence`;
const ACTION_COLUMNS = `id, commitment_id AS commitmentId, partnership_id AS partnershipId, owning_organisation_id AS owningOrganisationId,
  owning_partnership_id AS owningPartnershipId, reports_to AS reportsTo, title, due_date AS dueDate, lead_member_id AS leadMemberId, plan_id AS planId, status, percent_complete AS percentComplete,
  latest_update_id AS latestUpdateId, planned_at AS plannedAt, planned_on AS plannedOn, revision, time_zone AS timeZone, commitment_closed AS commitmentClosed,
  raised_at_meeting_id AS raisedAtMeetingId, raised_at_item_number AS raisedAtItemNumber, raised_at_action_ref AS raisedAtActionRef`;
const UPDATE_COLUMNS = `id, action_id AS actionId, status, percent_complete AS percentComplete, what_has_happened AS whatHasHappened,
  what_more_is_to_be_done AS whatMoreIsToBeDone, evidence_links AS evidenceLinks, submitted_at AS submittedAt,
  reported_on AS reportedOn, submitted_by_person_id AS submittedByPersonId, submitted_by_organisation_id AS submittedByOrganisationId`;

type Stored<T, K extends keyof T> = Omit<T, K> & { [P in K]: string };

const toCommitment = (row: Stored<CommitmentRow, 'contributingOrganisationIds' | 'priorityIds'>): CommitmentRow => ({
  ...row,
  contributingOrganisationIds: JSON.parse(row.contributingOrganisationIds),
  priorityIds: JSON.parse(row.priorityIds),
});
const toUpdate = (row: Stored<ActionUpdateRow, 'evidenceLinks'>): ActionUpdateRow => ({ ...row, evidenceLinks: JSON.parse(row.evidenceLinks) });

type StoredCommitment = Stored<CommitmentRow, 'contributingOrganisationIds' | 'priorityIds'>;

/** Reads over the commitment tracker: commitments, their actions, and every progress update. */
export class CommitmentTrackerQueries extends ReadModelQueries {
  commitment(id: string): CommitmentRow | undefined {
    return this.commitmentsById([id])[0];
  }

  commitmentsById(ids: readonly string[]): CommitmentRow[] {
    return this.byIds<StoredCommitment>(`SELECT ${COMMITMENT_COLUMNS} FROM tracker_commitments`, ids).map(toCommitment);
  }

  /**
   * A partnership's commitments in the order they were made (or newest first), optionally of one
   * status; one extra row tells whether more follow. The cursor is the sequence: 0 is the start either way.
   */
  commitments(partnershipId: string, status: CommitmentStatus | null, { afterSequence, limit }: Page, newestFirst = false): CommitmentRow[] {
    const [after, order] = newestFirst ? ['(? = 0 OR sequence < ?)', 'DESC'] : ['(? = 0 OR sequence > ?)', 'ASC'];
    return this
      .sql<[string, string | null, string | null, number, number, number], StoredCommitment>(
        `SELECT ${COMMITMENT_COLUMNS} FROM tracker_commitments
         WHERE partnership_id = ? AND (? IS NULL OR status = ?) AND ${after} ORDER BY sequence ${order} LIMIT ?`,
      )
      .all(partnershipId, status, status, afterSequence, afterSequence, limit)
      .map(toCommitment);
  }

  commitmentCount(partnershipId: string, status: CommitmentStatus | null): number {
    return this
      .sql<[string, string | null, string | null], { count: number }>(
        'SELECT COUNT(*) AS count FROM tracker_commitments WHERE partnership_id = ? AND (? IS NULL OR status = ?)',
      )
      .get(partnershipId, status, status)!.count;
  }

  action(id: string): ActionRow | undefined {
    return this.actionsById([id])[0];
  }

  actionsById(ids: readonly string[]): ActionRow[] {
    return this.byIds(`SELECT ${ACTION_COLUMNS} FROM tracker_actions`, ids);
  }

  /** Each commitment's actions by due date, then title: the order a board action log reads in. */
  actionsOfEach(commitmentIds: readonly string[], page: Page): Paged<ActionRow>[] {
    return this.pagesOf(
      `SELECT ${ACTION_COLUMNS}, commitment_id AS ownerId,
              ROW_NUMBER() OVER (PARTITION BY commitment_id ORDER BY due_date, title, id) AS sequence
       FROM tracker_actions WHERE commitment_id ${IN_IDS}`,
      commitmentIds,
      page,
    );
  }

  actionCountOfEach(commitmentIds: readonly string[]): Map<string, number> {
    return this.countsOf(
      `SELECT commitment_id AS ownerId, COUNT(*) AS count FROM tracker_actions WHERE commitment_id ${IN_IDS} GROUP BY commitment_id`,
      commitmentIds,
    );
  }

  /** Every action of a commitment, unpaged: closing the commitment must consider all of them. */
  actionIdsOf(commitmentId: string): string[] {
    return this.sql<[string], { id: string }>('SELECT id FROM tracker_actions WHERE commitment_id = ?').all(commitmentId).map((row) => row.id);
  }

  /** Every action of the partnership, in the order planned: the review of actions at a meeting goes through them all. */
  actionsOfPartnership(partnershipId: string): ActionRow[] {
    return this.sql<[string], ActionRow>(`SELECT ${ACTION_COLUMNS} FROM tracker_actions WHERE partnership_id = ? ORDER BY planned_at, id`).all(partnershipId);
  }

  /** Every update of each action, oldest first, unpaged (a review reads them all). */
  allUpdatesOf(actionIds: readonly string[]): ActionUpdateRow[] {
    return this
      .sql<[string], Stored<ActionUpdateRow, 'evidenceLinks'>>(`SELECT ${UPDATE_COLUMNS} FROM tracker_action_updates WHERE action_id ${IN_IDS} ORDER BY action_id, revision`)
      .all(JSON.stringify(actionIds))
      .map(toUpdate);
  }

  /**
   * The actions an organisation owns that are still open to change (not completed or cancelled, and
   * their commitment not closed), in one partnership or (null) all; oldest first.
   */
  openActionIdsOwnedBy(organisationId: string, partnershipId: string | null): string[] {
    return this.sql<[string, string | null, string | null], { id: string }>(
      `SELECT id FROM tracker_actions WHERE owning_organisation_id = ? AND (? IS NULL OR partnership_id = ?)
         AND status NOT IN ('COMPLETED', 'CANCELLED') AND commitment_closed = 0 ORDER BY planned_at, id`,
    )
      .all(organisationId, partnershipId, partnershipId)
      .map((row) => row.id);
  }

  actionsOfPlan(planId: string): ActionRow[] {
    return this.sql<[string], ActionRow>(`SELECT ${ACTION_COLUMNS} FROM tracker_actions WHERE plan_id = ? ORDER BY id`).all(planId);
  }

  update(id: string): ActionUpdateRow | undefined {
    return this.updatesById([id])[0];
  }

  updatesById(ids: readonly string[]): ActionUpdateRow[] {
    return this.byIds<Stored<ActionUpdateRow, 'evidenceLinks'>>(`SELECT ${UPDATE_COLUMNS} FROM tracker_action_updates`, ids).map(toUpdate);
  }

  /** Every update to each action, oldest first. */
  updatesOfEach(actionIds: readonly string[], page: Page): Paged<ActionUpdateRow>[] {
    return this.pagesOf<Stored<ActionUpdateRow, 'evidenceLinks'>>(
      `SELECT ${UPDATE_COLUMNS}, action_id AS ownerId, ROW_NUMBER() OVER (PARTITION BY action_id ORDER BY revision) AS sequence
       FROM tracker_action_updates WHERE action_id ${IN_IDS}`,
      actionIds,
      page,
    ).map((row) => ({ ...toUpdate(row), ownerId: row.ownerId, sequence: row.sequence }));
  }

  updateCountOfEach(actionIds: readonly string[]): Map<string, number> {
    return this.countsOf(
      `SELECT action_id AS ownerId, COUNT(*) AS count FROM tracker_action_updates WHERE action_id ${IN_IDS} GROUP BY action_id`,
      actionIds,
    );
  }
}
