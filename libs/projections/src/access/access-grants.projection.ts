import { defineProjection } from '../projection.js';
import type { ReadModelDatabase } from '../read-model-database.js';

const statements = (db: ReadModelDatabase) => ({
  granted: db.prepare(
    `INSERT INTO access_grants (id, person_id, role, partnership_id, organisation_id, reason, granted_at, granted_by, revision, sequence)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(sequence), 0) + 1 FROM access_grants))`,
  ),
  revoked: db.prepare('UPDATE access_grants SET revoked_at = ?, revoked_by = ?, revocation_reason = ?, revision = ? WHERE id = ?'),
  // Every event on a person's access stream moves the revision of each of their grants, for expectedRevision.
  revision: db.prepare('UPDATE access_grants SET revision = ? WHERE person_id = ?'),
});

/** Every grant ever made, with who granted and revoked it and why: `grants(partnershipId)` and `me`. */
export const accessGrantsProjection = defineProjection({
  name: 'access-grants',
  version: 1,
  tables: ['access_grants'],

  setUp(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS access_grants (
        id TEXT PRIMARY KEY, person_id TEXT NOT NULL, role TEXT NOT NULL, partnership_id TEXT, organisation_id TEXT,
        reason TEXT NOT NULL, granted_at TEXT NOT NULL, granted_by TEXT NOT NULL,
        revoked_at TEXT, revoked_by TEXT, revocation_reason TEXT, revision INTEGER NOT NULL, sequence INTEGER NOT NULL UNIQUE
      );
      CREATE INDEX IF NOT EXISTS access_grants_by_person ON access_grants (person_id);
      CREATE INDEX IF NOT EXISTS access_grants_by_partnership ON access_grants (partnership_id);
      CREATE INDEX IF NOT EXISTS access_grants_by_organisation ON access_grants (organisation_id);
    `);
  },

  statements,

  on: {
    RoleGranted(sql, { data, streamRevision, metadata: { actor } }) {
      sql.granted.run(data.grantId, data.personId, data.role, data.partnershipId, data.organisationId, data.reason, data.grantedAt, actor.personId, streamRevision);
      sql.revision.run(streamRevision, data.personId);
    },
    RoleRevoked(sql, { data, streamRevision, metadata: { actor } }) {
      sql.revoked.run(data.revokedAt, actor.personId, data.reason, streamRevision, data.grantId);
      sql.revision.run(streamRevision, data.personId);
    },
  },
});
