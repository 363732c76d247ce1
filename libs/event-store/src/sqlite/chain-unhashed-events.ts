import type { EventMetadata } from '../event-store.js';
import { eventHash } from '../integrity/chain.js';
import { upgradeLogInPlace } from './rewrite-log.js';

/** Events read and rewritten per step; the log is walked in position order, never held whole. */
const BATCH_SIZE = 500;

type Row = { position: number; event_id: string; stream_id: string; stream_revision: number; type: string; data: string; metadata: string };

/**
 * Chains an embedded log written before events carried hashes: the events before the first hashed one
 * (the whole log, the first time) get `hash` and `previousHash` as an append would have given them,
 * stream by stream, in position order. An unhashed event after the first hashed one is not an older
 * log but a stripped hash, and is left for `verify` to report rather than silently re-chained.
 * One transaction; idempotent (a second run finds nothing). Only the two metadata fields are added:
 * ids, positions, revisions, types, data and the rest of the metadata stay as they were. Run it before
 * the API opens the log, and after `migrateLegacyActors` (which rewrites metadata). Returns how many
 * events were chained.
 */
export function chainUnhashedEvents(sqliteFilename: string, onProgress?: (done: number, total: number) => void): number {
  return upgradeLogInPlace(sqliteFilename, (db) => {

    // Events written since chaining began all carry a hash, so the older log is everything before the first.
    const firstHashed = db.prepare<[], number | null>(`SELECT MIN(position) FROM events WHERE json_type(metadata, '$.hash') IS NOT NULL`).pluck();
    const olderCount = db.prepare<[number], number>('SELECT COUNT(*) FROM events WHERE position < ?').pluck();
    const nextBatch = db.prepare<[number, number, number], Row>(
      'SELECT position, event_id, stream_id, stream_revision, type, data, metadata FROM events WHERE position > ? AND position < ? ORDER BY position LIMIT ?',
    );
    const rewrite = db.prepare<[string, number]>('UPDATE events SET metadata = ? WHERE position = ?');

    // IMMEDIATE: nothing appends between the count and the last rewrite; a crash leaves all or nothing.
    return db
      .transaction(() => {
        const end = firstHashed.get() ?? Number.MAX_SAFE_INTEGER;
        const total = olderCount.get(end)!;
        if (total === 0) return 0;
        const tips = new Map<string, string>();
        let done = 0;
        let after = 0;
        for (let batch = nextBatch.all(after, end, BATCH_SIZE); batch.length > 0; batch = nextBatch.all(after, end, BATCH_SIZE)) {
          for (const row of batch) {
            const metadata = JSON.parse(row.metadata) as EventMetadata;
            const previousHash = tips.get(row.stream_id) ?? null;
            const event = { id: row.event_id, streamId: row.stream_id, streamRevision: BigInt(row.stream_revision), type: row.type, data: JSON.parse(row.data), metadata };
            const hash = eventHash(event, previousHash);
            rewrite.run(JSON.stringify({ ...metadata, hash, previousHash }), row.position);
            tips.set(row.stream_id, hash);
          }
          done += batch.length;
          after = batch[batch.length - 1]!.position;
          onProgress?.(done, total);
        }
        return done;
      })
      .immediate();
  });
}
