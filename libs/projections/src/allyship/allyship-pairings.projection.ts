import { defineProjection } from '../projection.js';
import type { ReadModelDatabase } from '../read-model-database.js';

const statements = (db: ReadModelDatabase) => ({
  proposed: db.prepare(
    `INSERT INTO allyship_pairings (id, partnership_id, board_member_id, ally_person_id, ally_organisation_id, ally_sector,
       sector_exception_reason, status, focus, proposed_on, proposed_at, revision, sequence)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'PROPOSED', ?, ?, ?, ?, (SELECT COALESCE(MAX(sequence), 0) + 1 FROM allyship_pairings))`,
  ),
  linked: db.prepare('INSERT INTO allyship_pairing_commitments (pairing_id, commitment_id, position) VALUES (?, ?, ?)'),
  // The first activation starts the pairing: a resume after a pause keeps it.
  activated: db.prepare(`UPDATE allyship_pairings SET status = 'ACTIVE', activated_on = COALESCE(activated_on, ?), revision = ? WHERE id = ?`),
  paused: db.prepare(`UPDATE allyship_pairings SET status = 'PAUSED', revision = ? WHERE id = ?`),
  ended: db.prepare(`UPDATE allyship_pairings SET status = 'ENDED', ended_on = ?, revision = ? WHERE id = ?`),
  // Check-ins may be logged late, out of date order: the latest date held wins.
  checkedIn: db.prepare(
    `UPDATE allyship_pairings SET last_check_in_on = CASE WHEN last_check_in_on IS NULL OR last_check_in_on < @heldOn THEN @heldOn ELSE last_check_in_on END,
       revision = @revision WHERE id = @pairingId`,
  ),
  checkIn: db.prepare(
    `INSERT INTO allyship_check_ins (id, pairing_id, held_on, summary, follow_ups, logged_by, logged_at, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  challenge: db.prepare(
    `INSERT INTO allyship_challenges (id, pairing_id, partnership_id, check_in_id, raised_on, text, commitment_id, action_id, position)
     VALUES (?, ?, (SELECT partnership_id FROM allyship_pairings WHERE id = ?), ?, ?, ?, ?, ?, ?)`,
  ),
  responded: db.prepare(
    'UPDATE allyship_challenges SET response = ?, responded_by = ?, responded_on = ?, response_check_in_id = ?, responded_at = ? WHERE id = ? AND pairing_id = ?',
  ),
  revision: db.prepare('UPDATE allyship_pairings SET revision = ? WHERE id = ?'),
});

/**
 * Allyship pairings with their linked commitments, check-ins and challenges: what a board asks of
 * its pairings (which are quiet, what is still unanswered) and what a commitment's page shows.
 */
export const allyshipPairingsProjection = defineProjection({
  name: 'allyship-pairings',
  version: 1,
  tables: ['allyship_pairings', 'allyship_pairing_commitments', 'allyship_check_ins', 'allyship_challenges'],

  setUp(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS allyship_pairings (
        id TEXT PRIMARY KEY, partnership_id TEXT NOT NULL, board_member_id TEXT NOT NULL, ally_person_id TEXT NOT NULL,
        ally_organisation_id TEXT NOT NULL, ally_sector TEXT NOT NULL, sector_exception_reason TEXT, status TEXT NOT NULL,
        focus TEXT NOT NULL, proposed_on TEXT NOT NULL, activated_on TEXT, ended_on TEXT, last_check_in_on TEXT,
        proposed_at TEXT NOT NULL, revision INTEGER NOT NULL, sequence INTEGER NOT NULL UNIQUE
      );
      CREATE INDEX IF NOT EXISTS allyship_pairings_by_partnership ON allyship_pairings (partnership_id, sequence);
      CREATE INDEX IF NOT EXISTS allyship_pairings_by_people ON allyship_pairings (board_member_id, ally_person_id);
      CREATE TABLE IF NOT EXISTS allyship_pairing_commitments (
        pairing_id TEXT NOT NULL, commitment_id TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (pairing_id, commitment_id)
      );
      CREATE INDEX IF NOT EXISTS allyship_pairing_commitments_by_commitment ON allyship_pairing_commitments (commitment_id);
      CREATE TABLE IF NOT EXISTS allyship_check_ins (
        id TEXT PRIMARY KEY, pairing_id TEXT NOT NULL, held_on TEXT NOT NULL, summary TEXT NOT NULL, follow_ups TEXT NOT NULL,
        logged_by TEXT NOT NULL, logged_at TEXT NOT NULL, revision INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS allyship_check_ins_by_pairing ON allyship_check_ins (pairing_id, held_on);
      CREATE TABLE IF NOT EXISTS allyship_challenges (
        id TEXT PRIMARY KEY, pairing_id TEXT NOT NULL, partnership_id TEXT NOT NULL, check_in_id TEXT NOT NULL, raised_on TEXT NOT NULL,
        text TEXT NOT NULL, commitment_id TEXT, action_id TEXT, position INTEGER NOT NULL, response TEXT, responded_by TEXT,
        responded_on TEXT, response_check_in_id TEXT, responded_at TEXT
      );
      CREATE INDEX IF NOT EXISTS allyship_challenges_by_pairing ON allyship_challenges (pairing_id, raised_on);
      CREATE INDEX IF NOT EXISTS allyship_challenges_by_commitment ON allyship_challenges (commitment_id);
      -- The dashboard's count of open challenges.
      CREATE INDEX IF NOT EXISTS allyship_challenges_open_by_partnership ON allyship_challenges (partnership_id) WHERE response IS NULL;
    `);
  },

  statements,

  on: {
    AllyshipPairingProposed(sql, { data, streamRevision }) {
      sql.proposed.run(
        data.pairingId,
        data.partnershipId,
        data.boardMemberId,
        data.allyPersonId,
        data.allyOrganisationId,
        data.allySector,
        data.sectorException?.reason ?? null,
        data.focus,
        data.proposedOn,
        data.proposedAt,
        streamRevision,
      );
      data.commitmentIds.forEach((commitmentId, index) => sql.linked.run(data.pairingId, commitmentId, index + 1));
    },
    AllyshipPairingActivated(sql, { data, streamRevision }) {
      sql.activated.run(data.activatedOn, streamRevision, data.pairingId);
    },
    AllyshipPairingPaused(sql, { data, streamRevision }) {
      sql.paused.run(streamRevision, data.pairingId);
    },
    AllyshipPairingEnded(sql, { data, streamRevision }) {
      sql.ended.run(data.endedOn, streamRevision, data.pairingId);
    },
    AllyshipCheckInLogged(sql, { data, streamRevision }) {
      sql.checkIn.run(data.checkInId, data.pairingId, data.heldOn, data.summary, JSON.stringify(data.followUps), data.loggedBy, data.loggedAt, streamRevision);
      // The position orders challenges raised at one check-in, in the order given.
      data.challenges.forEach((challenge, index) =>
        sql.challenge.run(challenge.challengeId, data.pairingId, data.pairingId, data.checkInId, data.heldOn, challenge.text, challenge.commitmentId, challenge.actionId, index + 1),
      );
      sql.checkedIn.run({ heldOn: data.heldOn, revision: streamRevision, pairingId: data.pairingId });
    },
    AllyshipChallengeResponded(sql, { data, streamRevision }) {
      sql.responded.run(data.response, data.respondedBy, data.respondedOn, data.checkInId, data.respondedAt, data.challengeId, data.pairingId);
      sql.revision.run(streamRevision, data.pairingId);
    },
  },
});
