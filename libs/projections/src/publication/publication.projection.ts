import { defineProjection } from '../projection.js';
import type { ReadModelDatabase } from '../read-model-database.js';

const statements = (db: ReadModelDatabase) => ({
  settings: db.prepare(
    `INSERT INTO publication_settings (partnership_id, public_pages, publish_updates_automatically, publish_minutes_automatically, changed_at)
     VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (partnership_id) DO UPDATE SET public_pages = excluded.public_pages,
       publish_updates_automatically = excluded.publish_updates_automatically,
       publish_minutes_automatically = excluded.publish_minutes_automatically, changed_at = excluded.changed_at`,
  ),
  commitment: db.prepare('INSERT OR IGNORE INTO published_commitments (commitment_id, partnership_id, published_at) VALUES (?, ?, ?)'),
  update: db.prepare('INSERT OR IGNORE INTO published_updates (update_id, action_id, automatically, published_at) VALUES (?, ?, ?, ?)'),
  minutes: db.prepare(
    `INSERT INTO published_minutes (meeting_id, through_position, published_at) VALUES (?, ?, ?)
     ON CONFLICT (meeting_id) DO UPDATE SET through_position = excluded.through_position, published_at = excluded.published_at
     WHERE excluded.through_position > published_minutes.through_position`,
  ),
  drafted: db.prepare(
    `INSERT INTO annual_returns (partnership_id, organisation_id, year, status, entries, drafted_at, published_entries, published_at, revision)
     VALUES (?, ?, ?, 'DRAFTED', ?, ?, NULL, NULL, ?)
     ON CONFLICT (partnership_id, organisation_id, year) DO UPDATE SET status = 'DRAFTED', entries = excluded.entries,
       drafted_at = excluded.drafted_at, revision = excluded.revision`,
  ),
  published: db.prepare(
    `UPDATE annual_returns SET status = 'PUBLISHED', published_entries = entries, published_at = ?, revision = ?
     WHERE partnership_id = ? AND organisation_id = ? AND year = ?`,
  ),
});

/**
 * What the secretariat has published and when: the partnership's publication settings, the
 * commitments, updates and minutes made public, and the annual assessment returns (the latest draft,
 * and the version last published, which a redraft leaves public until it is published in turn).
 * The public pages keep their own read model; this one serves the board's own API.
 */
export const publicationProjection = defineProjection({
  name: 'publication',
  version: 1,
  tables: ['publication_settings', 'published_commitments', 'published_updates', 'published_minutes', 'annual_returns'],

  setUp(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS publication_settings (
        partnership_id TEXT PRIMARY KEY, public_pages INTEGER NOT NULL, publish_updates_automatically INTEGER NOT NULL,
        publish_minutes_automatically INTEGER NOT NULL, changed_at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS published_commitments (commitment_id TEXT PRIMARY KEY, partnership_id TEXT NOT NULL, published_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS published_updates (
        update_id TEXT PRIMARY KEY, action_id TEXT NOT NULL, automatically INTEGER NOT NULL, published_at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS published_minutes (meeting_id TEXT PRIMARY KEY, through_position INTEGER NOT NULL, published_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS annual_returns (
        partnership_id TEXT NOT NULL, organisation_id TEXT NOT NULL, year INTEGER NOT NULL, status TEXT NOT NULL,
        entries TEXT NOT NULL, drafted_at TEXT NOT NULL, published_entries TEXT, published_at TEXT, revision INTEGER NOT NULL,
        PRIMARY KEY (partnership_id, organisation_id, year)
      );
    `);
  },

  statements,

  on: {
    PublicationSettingsChanged(sql, { data }) {
      sql.settings.run(data.partnershipId, data.publicPages ? 1 : 0, data.publishUpdatesAutomatically ? 1 : 0, data.publishMinutesAutomatically ? 1 : 0, data.changedAt);
    },
    CommitmentPublished(sql, { data }) {
      sql.commitment.run(data.commitmentId, data.partnershipId, data.publishedAt);
    },
    ActionUpdatePublished(sql, { data }) {
      sql.update.run(data.updateId, data.actionId, data.automatically ? 1 : 0, data.publishedAt);
    },
    MinutesPublished(sql, { data }) {
      sql.minutes.run(data.meetingId, data.throughPosition, data.publishedAt);
    },
    AnnualReturnDrafted(sql, { data, streamRevision }) {
      sql.drafted.run(data.partnershipId, data.organisationId, data.year, JSON.stringify(data.entries), data.draftedAt, streamRevision);
    },
    AnnualReturnPublished(sql, { data, streamRevision }) {
      sql.published.run(data.publishedAt, streamRevision, data.partnershipId, data.organisationId, data.year);
    },
  },
});
