import { DEFAULT_TIME_ZONE, type PartnershipEvent } from '@ledger/domain';
import { defineProjection, type RecordedEventOf } from '../projection.js';
import type { ReadModelDatabase } from '../read-model-database.js';

const statements = (db: ReadModelDatabase) => ({
  // Listing order is log order; a counter keeps the cursor stable across rebuilds and instances.
  partnershipFormed: db.prepare(
    `INSERT INTO directory_partnerships (id, name, level, parent_id, time_zone, formed_at, revision, sequence)
     VALUES (?, ?, ?, ?, ?, ?, 0, (SELECT COALESCE(MAX(sequence), 0) + 1 FROM directory_partnerships))`,
  ),
  partnershipRevision: db.prepare('UPDATE directory_partnerships SET revision = ? WHERE id = ?'),
  organisationRegistered: db.prepare('INSERT INTO directory_organisations (id, name, sector, registered_at) VALUES (?, ?, ?, ?)'),
  organisationJoined: db.prepare(
    'INSERT INTO directory_partnership_organisations (partnership_id, organisation_id, joined_at) VALUES (?, ?, ?)',
  ),
  memberAppointed: db.prepare(
    `INSERT INTO directory_members (id, partnership_id, person_id, organisation_id, role_title, appointed_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ),
  priorityAdopted: db.prepare(
    `INSERT INTO directory_priorities (id, partnership_id, code, title, description, adopted_at, revision)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ),
  priorityRetired: db.prepare('UPDATE directory_priorities SET retired_at = ?, retired_reason = ?, revision = ? WHERE id = ?'),
});

/** Every event on a partnership's stream after its forming moves its revision, for expectedRevision checks by clients. */
const partnershipRevisionMoved = (
  sql: ReturnType<typeof statements>,
  { data, streamRevision }: RecordedEventOf<Exclude<PartnershipEvent['type'], 'PartnershipFormed'>>,
) => sql.partnershipRevision.run(streamRevision, data.partnershipId);

/** Partnerships, organisations, who has joined which partnership, and who sits on each board. */
export const partnershipDirectoryProjection = defineProjection({
  name: 'partnership-directory',
  version: 3,
  tables: ['directory_partnerships', 'directory_organisations', 'directory_partnership_organisations', 'directory_members', 'directory_priorities'],

  setUp(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS directory_partnerships (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL, parent_id TEXT, time_zone TEXT NOT NULL,
        formed_at TEXT NOT NULL, revision INTEGER NOT NULL, sequence INTEGER NOT NULL UNIQUE
      );
      CREATE INDEX IF NOT EXISTS directory_partnerships_by_parent ON directory_partnerships (parent_id);
      CREATE TABLE IF NOT EXISTS directory_organisations (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, sector TEXT NOT NULL, registered_at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS directory_partnership_organisations (
        partnership_id TEXT NOT NULL, organisation_id TEXT NOT NULL, joined_at TEXT NOT NULL,
        PRIMARY KEY (partnership_id, organisation_id)
      );
      CREATE INDEX IF NOT EXISTS directory_partnership_organisations_by_organisation
        ON directory_partnership_organisations (organisation_id);
      CREATE TABLE IF NOT EXISTS directory_members (
        id TEXT PRIMARY KEY, partnership_id TEXT NOT NULL, person_id TEXT NOT NULL, organisation_id TEXT NOT NULL,
        role_title TEXT NOT NULL, appointed_at TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS directory_members_by_partnership ON directory_members (partnership_id);
      CREATE TABLE IF NOT EXISTS directory_priorities (
        id TEXT PRIMARY KEY, partnership_id TEXT NOT NULL, code TEXT NOT NULL, title TEXT NOT NULL, description TEXT,
        adopted_at TEXT NOT NULL, retired_at TEXT, retired_reason TEXT, revision INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS directory_priorities_by_partnership ON directory_priorities (partnership_id);
    `);
  },

  statements,

  on: {
    PartnershipFormed(sql, { data }) {
      sql.partnershipFormed.run(data.partnershipId, data.name, data.level, data.parentPartnershipId, data.timeZone ?? DEFAULT_TIME_ZONE, data.formedAt);
    },
    OrganisationRegistered(sql, { data }) {
      sql.organisationRegistered.run(data.organisationId, data.name, data.sector, data.registeredAt);
    },
    OrganisationJoinedPartnership(sql, event) {
      const { data } = event;
      partnershipRevisionMoved(sql, event);
      sql.organisationJoined.run(data.partnershipId, data.organisationId, data.joinedAt);
    },
    MemberAppointed(sql, event) {
      const { data } = event;
      partnershipRevisionMoved(sql, event);
      sql.memberAppointed.run(data.memberId, data.partnershipId, data.personId, data.organisationId, data.roleTitle, data.appointedAt);
    },
    PriorityAdopted(sql, event) {
      const { data, streamRevision } = event;
      partnershipRevisionMoved(sql, event);
      sql.priorityAdopted.run(data.priorityId, data.partnershipId, data.code, data.title, data.description, data.adoptedAt, streamRevision);
    },
    PriorityRetired(sql, event) {
      const { data, streamRevision } = event;
      partnershipRevisionMoved(sql, event);
      sql.priorityRetired.run(data.retiredAt, data.reason, streamRevision, data.priorityId);
    },
  },
});
