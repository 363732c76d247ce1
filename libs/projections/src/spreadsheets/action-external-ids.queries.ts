import { IN_IDS, ReadModelQueries } from '../statements.js';

/** Lookups both ways between a partnership's spreadsheet ids and its actions. */
export class ActionExternalIdsQueries extends ReadModelQueries {
  /** The action each of these external ids names in the partnership (those it knows). */
  actionIdsOf(partnershipId: string, externalIds: readonly string[]): Map<string, string> {
    const rows = this
      .sql<[string, string], { externalId: string; actionId: string }>(
        `SELECT external_id AS externalId, action_id AS actionId FROM action_external_ids WHERE partnership_id = ? AND external_id ${IN_IDS}`,
      )
      .all(partnershipId, JSON.stringify(externalIds));
    return new Map(rows.map((row) => [row.externalId, row.actionId]));
  }

  /** The external id of each of these actions that has one. */
  externalIdsOf(actionIds: readonly string[]): Map<string, string> {
    const rows = this
      .sql<[string], { externalId: string; actionId: string }>(`SELECT external_id AS externalId, action_id AS actionId FROM action_external_ids WHERE action_id ${IN_IDS}`)
      .all(JSON.stringify(actionIds));
    return new Map(rows.map((row) => [row.actionId, row.externalId]));
  }
}
