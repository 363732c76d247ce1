import { DEFAULT_TIME_ZONE, normaliseOrganisationName, type PartnershipEvent } from '@ledger/domain';
import { defineProjection, type RecordedEventOf } from '../projection.js';
import type { ReadModelDatabase } from '../read-model-database.js';

const statements = (db: ReadModelDatabase) => ({
  // Listing order is log order; a counter keeps the cursor stable across rebuilds and instances.
  partnershipFormed: db.prepare(
    `INSERT INTO directory_partnerships (id, name, level, parent_id, time_zone, formed_at, revision, sequence)
     VALUES (?, ?, ?, ?, ?, ?, 0, (SELECT COALESCE(MAX(sequence), 0) + 1 FROM directory_partnerships))`,
  ),
  partnershipRevision: db.prepare('UPDATE directory_partnerships SET revision = ? WHERE id = ?'),
  organisationRegistered: db.prepare('INSERT INTO directory_organisations (id, name, name_key, sector, registered_at) VALUES (?, ?, ?, ?, ?)'),
  organisationRenamed: db.prepare('UPDATE directory_organisations SET name = ?, name_key = ? WHERE id = ?'),
  organisationMerged: db.prepare('UPDATE directory_organisations SET merged_into = ?, merged_at = ? WHERE id = ?'),
  // An organisation that left and joins again is a member again, from its new joining date.
  organisationJoined: db.prepare(
    `INSERT INTO directory_partnership_organisations (partnership_id, organisation_id, joined_at) VALUES (?, ?, ?)
     ON CONFLICT (partnership_id, organisation_id) DO UPDATE SET joined_at = excluded.joined_at, left_at = NULL`,
  ),
  organisationLeft: db.prepare('UPDATE directory_partnership_organisations SET left_at = ? WHERE partnership_id = ? AND organisation_id = ?'),
  memberVacated: db.prepare('UPDATE directory_members SET vacated_at = ?, vacated_reason = ? WHERE id = ?'),
  partnershipDissolved: db.prepare('UPDATE directory_partnerships SET dissolved_on = ?, dissolved_reason = ? WHERE id = ?'),
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

/**
 * Partnerships, organisations, who has joined which partnership, and who sits on each board. Those who
 * left, vacated seats and merged organisations stay as rows (history points at them), marked.
 */
export const partnershipDirectoryProjection = defineProjection({
  name: 'partnership-directory',
  version: 4,
  tables: ['directory_partnerships', 'directory_organisations', 'directory_partnership_organisations', 'directory_members', 'directory_priorities'],

  setUp(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS directory_partnerships (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL, parent_id TEXT, time_zone TEXT NOT NULL,
        formed_at TEXT NOT NULL, revision INTEGER NOT NULL, sequence INTEGER NOT NULL UNIQUE, dissolved_on TEXT, dissolved_reason TEXT
      );
      CREATE INDEX IF NOT EXISTS directory_partnerships_by_parent ON directory_partnerships (parent_id);
      CREATE TABLE IF NOT EXISTS directory_organisations (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, name_key TEXT NOT NULL, sector TEXT NOT NULL, registered_at TEXT NOT NULL,
        merged_into TEXT, merged_at TEXT
      );
      CREATE INDEX IF NOT EXISTS directory_organisations_by_name_key ON directory_organisations (name_key);
      CREATE TABLE IF NOT EXISTS directory_partnership_organisations (
        partnership_id TEXT NOT NULL, organisation_id TEXT NOT NULL, joined_at TEXT NOT NULL, left_at TEXT,
        PRIMARY KEY (partnership_id, organisation_id)
      );
      CREATE INDEX IF NOT EXISTS directory_partnership_organisations_by_organisation
        ON directory_partnership_organisations (organisation_id);
      CREATE TABLE IF NOT EXISTS directory_members (
        id TEXT PRIMARY KEY, partnership_id TEXT NOT NULL, person_id TEXT NOT NULL, organisation_id TEXT NOT NULL,
        role_title TEXT NOT NULL, appointed_at TEXT NOT NULL, vacated_at TEXT, vacated_reason TEXT
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
      sql.organisationRegistered.run(data.organisationId, data.name, normaliseOrganisationName(data.name), data.sector, data.registeredAt);
    },
    OrganisationRenamed(sql, { data }) {
      sql.organisationRenamed.run(data.name, normaliseOrganisationName(data.name), data.organisationId);
    },
    OrganisationMerged(sql, { data }) {
      sql.organisationMerged.run(data.survivorId, data.mergedAt, data.organisationId);
    },
    OrganisationLeftPartnership(sql, event) {
      const { data } = event;
      partnershipRevisionMoved(sql, event);
      sql.organisationLeft.run(data.leftAt, data.partnershipId, data.organisationId);
    },
    MemberVacated(sql, event) {
      const { data } = event;
      partnershipRevisionMoved(sql, event);
      sql.memberVacated.run(data.vacatedAt, data.reason, data.memberId);
    },
    PartnershipDissolved(sql, event) {
      const { data } = event;
      partnershipRevisionMoved(sql, event);
      sql.partnershipDissolved.run(data.dissolvedOn, data.reason, data.partnershipId);
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
