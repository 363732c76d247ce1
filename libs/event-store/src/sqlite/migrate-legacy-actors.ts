import { upgradeLogInPlace } from './rewrite-log.js';

/** Events read and rewritten per step; the log is walked in position order, never held whole. */
const BATCH_SIZE = 500;

/** An actor written before identities: the token's subject itself, personal data in the log. */
const IS_LEGACY = `json_type(metadata, '$.actor.subjectId') IS NOT NULL`;

type LegacyRow = { position: number; metadata: string };

/**
 * How far the log has been checked: every start used to scan every event's metadata (31 s on 5.8M
 * events), so a run remembers the head it checked through and the next looks only after it. Nothing
 * this code base writes has a legacy actor; an older writer's later events are still found. An old
 * event edited into a legacy actor afterwards is tampering, which `verify` reports (the hash covers the actor).
 */
const CHECKED_THROUGH = `CREATE TABLE IF NOT EXISTS log_upgrades (name TEXT PRIMARY KEY, checked_through INTEGER NOT NULL)`;
const UPGRADE_NAME = 'legacy-actors';

/**
 * Rewrites events whose metadata.actor still holds a token subject ({subjectId, role, organisationId})
 * into { personId, grantId: null, role, organisationId }, with personId from `personIdOf(subject)`.
 * One transaction; idempotent (a second run finds nothing). Returns how many events changed.
 *
 * Only the actor changes: ids, positions, revisions, types, data and the rest of the metadata stay as
 * they were. Person ids that `personIdOf` creates live in another file and outlive a failed run; a
 * rerun is given the same ids again, so that is harmless. When anything changed, the file is then
 * VACUUMed so the old subjects are not left readable in free pages: a one-off that briefly needs
 * about the log's size again in free disk space. Run it before the API opens the log.
 */
export function migrateLegacyActors(
  sqliteFilename: string,
  personIdOf: (subject: string) => string,
  onProgress?: (done: number, total: number) => void,
): number {
  return upgradeLogInPlace(sqliteFilename, (db) => {
    db.exec(CHECKED_THROUGH);
    const checkedThrough = db.prepare<[string], number>('SELECT checked_through FROM log_upgrades WHERE name = ?').pluck();
    const head = db.prepare<[], number | null>('SELECT MAX(position) FROM events').pluck();
    const markChecked = db.prepare<[string, number]>(
      'INSERT INTO log_upgrades (name, checked_through) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET checked_through = excluded.checked_through',
    );
    const count = db.prepare<[number], number>(`SELECT COUNT(*) FROM events WHERE position > ? AND ${IS_LEGACY}`).pluck();
    const nextBatch = db.prepare<[number, number], LegacyRow>(
      `SELECT position, metadata FROM events WHERE position > ? AND ${IS_LEGACY} ORDER BY position LIMIT ?`,
    );
    const rewrite = db.prepare<[string, number]>('UPDATE events SET metadata = ? WHERE position = ?');
    const personIds = new Map<string, string>();
    const personOf = (subject: string) => {
      let personId = personIds.get(subject);
      if (personId === undefined) {
        personId = personIdOf(subject);
        personIds.set(subject, personId);
      }
      return personId;
    };

    // IMMEDIATE: nothing appends between the count and the last rewrite; a crash leaves all or nothing.
    const changed = db
      .transaction(() => {
        const from = checkedThrough.get(UPGRADE_NAME) ?? 0;
        const through = head.get();
        const total = count.get(from)!;
        let done = 0;
        let after = from;
        for (let batch = nextBatch.all(after, BATCH_SIZE); batch.length > 0; batch = nextBatch.all(after, BATCH_SIZE)) {
          for (const row of batch) rewrite.run(JSON.stringify(withPersonActor(row, personOf)), row.position);
          done += batch.length;
          after = batch[batch.length - 1]!.position;
          onProgress?.(done, total);
        }
        if (through !== null && through !== undefined) markChecked.run(UPGRADE_NAME, through);
        return done;
      })
      .immediate();
    if (changed > 0) {
      // The rewritten rows are gone, but their old bytes (and those of earlier page splits) still lie in
      // the pages' free space: rebuild the file from the live rows, then empty the write-ahead log that
      // holds the old pages. Positions survive: they are the INTEGER PRIMARY KEY.
      db.exec('VACUUM');
      db.pragma('wal_checkpoint(TRUNCATE)');
    }
    return changed;
  });
}

function withPersonActor(row: LegacyRow, personOf: (subject: string) => string) {
  const metadata = JSON.parse(row.metadata) as Record<string, unknown> & { actor: Record<string, unknown> };
  const { subjectId, role, organisationId } = metadata.actor;
  if (typeof subjectId !== 'string' || subjectId === '') {
    throw new Error(`Event at position ${row.position}: metadata.actor.subjectId must be a non-empty string, got ${JSON.stringify(subjectId)}`);
  }
  if (typeof role !== 'string') {
    throw new Error(`Event at position ${row.position}: metadata.actor.role must be a string, got ${JSON.stringify(role)}`);
  }
  // Only the four fields of the new actor are kept: whatever else a legacy actor held goes with the subject.
  const actor = { personId: personOf(subjectId), grantId: null, role, organisationId: organisationId ?? null };
  return { ...metadata, actor };
}
