import { defineProjection } from '../projection.js';
import type { ReadModelDatabase } from '../read-model-database.js';

const statements = (db: ReadModelDatabase) => ({
  // The importer checks an id is new before planning; should two land at once, the first keeps it.
  planned: db.prepare('INSERT OR IGNORE INTO action_external_ids (partnership_id, external_id, action_id) VALUES (?, ?, ?)'),
});

/** The ids boards give their actions in spreadsheet action logs, per partnership: how a re-import finds an action. */
export const actionExternalIdsProjection = defineProjection({
  name: 'action-external-ids',
  version: 1,
  tables: ['action_external_ids'],

  setUp(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS action_external_ids (
        partnership_id TEXT NOT NULL, external_id TEXT NOT NULL, action_id TEXT NOT NULL UNIQUE,
        PRIMARY KEY (partnership_id, external_id)
      );
    `);
  },

  statements,

  on: {
    ActionPlanned(sql, { data }) {
      if (data.externalId) sql.planned.run(data.partnershipId, data.externalId, data.actionId);
    },
  },
});
