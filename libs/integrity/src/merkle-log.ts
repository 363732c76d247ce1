import Database from 'better-sqlite3';
import type { KeyObject } from 'node:crypto';
import type { EventStore, Position, RecordedEvent } from '@ledger/event-store';
import { signCheckpoint, type SignedCheckpoint } from './checkpoint.js';
import { leafDataOf } from './leaf.js';
import { consistencyPathOf, emptyRoot, foldLeafHashes, inclusionPathOf, leafHash, nodeHash, splitPoint, type Hash } from './merkle.js';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS merkle_leaves (
    leaf_index INTEGER PRIMARY KEY,
    position   TEXT    NOT NULL UNIQUE,
    leaf_hash  BLOB    NOT NULL
  );
  CREATE TABLE IF NOT EXISTS merkle_subtrees (
    level      INTEGER NOT NULL,
    idx        INTEGER NOT NULL,
    hash       BLOB    NOT NULL,
    PRIMARY KEY (level, idx)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS checkpoints (
    tree_size  INTEGER PRIMARY KEY,
    position   TEXT    NOT NULL,
    root_hash  TEXT    NOT NULL,
    time       TEXT    NOT NULL,
    key_id     TEXT    NOT NULL,
    signature  TEXT    NOT NULL
  );
`;

type CheckpointRow = { tree_size: number; position: string; root_hash: string; time: string; key_id: string; signature: string };

const toCheckpoint = (row: CheckpointRow): SignedCheckpoint => ({
  treeSize: row.tree_size,
  position: row.position,
  rootHash: row.root_hash,
  time: row.time,
  keyId: row.key_id,
  signature: row.signature,
});

/** Subtrees of at most this many leaves are folded from the leaf rows; larger complete ones are remembered. */
const FOLDED_SUBTREE = 256;

/** Events read from the log per step while the leaf table catches up. */
const SYNC_BATCH = 1000;

/**
 * The global log's Merkle tree, kept beside the log in its own SQLite file: one row per leaf
 * (index, the event's position, its RFC 6962 leaf hash) and the signed checkpoints. Small
 * subtrees are folded from their leaves as they stream off disk; the hash of every complete,
 * aligned subtree of more than 256 leaves is remembered once computed (leaves never change, so
 * neither do they). A root or proof then reads O(log n) remembered hashes and at most a few
 * 256-leaf runs, and memory holds about one hash per tree level however long the log is.
 *
 * The leaf table is a cache of the log that `sync` extends; checkpoints are the record: once
 * signed and handed out, they are what auditors hold the log to. Several processes may share the
 * file (the API and the CLI): appends of leaves check the table's size in the same transaction.
 */
export class MerkleLog {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(filename: string) {
    this.db = new Database(filename);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.statements = {
      size: this.db.prepare<[], { size: number }>('SELECT COUNT(*) AS size FROM merkle_leaves'),
      last: this.db.prepare<[], { position: string }>('SELECT position FROM merkle_leaves ORDER BY leaf_index DESC LIMIT 1'),
      insert: this.db.prepare<[number, string, Buffer]>('INSERT INTO merkle_leaves (leaf_index, position, leaf_hash) VALUES (?, ?, ?)'),
      range: this.db.prepare<[number, number], { leaf_hash: Buffer }>(
        'SELECT leaf_hash FROM merkle_leaves WHERE leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index',
      ),
      subtree: this.db.prepare<[number, number], { hash: Buffer }>('SELECT hash FROM merkle_subtrees WHERE level = ? AND idx = ?'),
      rememberSubtree: this.db.prepare<[number, number, Buffer]>('INSERT OR IGNORE INTO merkle_subtrees (level, idx, hash) VALUES (?, ?, ?)'),
      byPosition: this.db.prepare<[string], { leaf_index: number }>('SELECT leaf_index FROM merkle_leaves WHERE position = ?'),
      atIndex: this.db.prepare<[number], { position: string; leaf_hash: Buffer }>('SELECT position, leaf_hash FROM merkle_leaves WHERE leaf_index = ?'),
      saveCheckpoint: this.db.prepare<[number, string, string, string, string, string]>(
        'INSERT INTO checkpoints (tree_size, position, root_hash, time, key_id, signature) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      checkpointAt: this.db.prepare<[number], CheckpointRow>('SELECT * FROM checkpoints WHERE tree_size = ?'),
      latestCheckpoint: this.db.prepare<[], CheckpointRow>('SELECT * FROM checkpoints ORDER BY tree_size DESC LIMIT 1'),
      checkpointCount: this.db.prepare<[], { count: number }>('SELECT COUNT(*) AS count FROM checkpoints'),
      checkpointsAfter: this.db.prepare<[number, number], CheckpointRow>('SELECT * FROM checkpoints WHERE tree_size > ? ORDER BY tree_size LIMIT ?'),
    };
  }

  /** Number of leaves the table holds (the log may be longer until `sync`). */
  size(): number {
    return this.statements.size.get()!.size;
  }

  /** Extends the leaf table to the log's head; returns the tree size. */
  async sync(store: EventStore, onProgress?: (size: number) => void): Promise<number> {
    for (;;) {
      const size = this.size();
      const after = this.statements.last.get()?.position as Position | undefined;
      const events = await store.readAll({ after, maxCount: SYNC_BATCH });
      if (events.length === 0) return size;
      this.append(size, events);
      onProgress?.(this.size());
    }
  }

  /** Appends leaves unless another process got there first (then the next read starts after its leaves). */
  private append(expectedSize: number, events: readonly RecordedEvent[]) {
    this.db
      .transaction(() => {
        if (this.size() !== expectedSize) return;
        events.forEach((event, offset) => this.statements.insert.run(expectedSize + offset, event.position, leafHash(leafDataOf(event))));
      })
      .immediate();
  }

  /** MTH of the leaves [start, end): remembered for complete aligned subtrees, split at the largest power of two otherwise. */
  subtreeHash = (start: number, end: number): Hash => {
    const size = end - start;
    if (size <= FOLDED_SUBTREE) return this.foldLeaves(start, end);
    const complete = (size & (size - 1)) === 0 && start % size === 0;
    if (!complete) {
      const k = splitPoint(size);
      return nodeHash(this.subtreeHash(start, start + k), this.subtreeHash(start + k, end));
    }
    const level = Math.log2(size);
    const remembered = this.statements.subtree.get(level, start / size);
    if (remembered) return remembered.hash;
    const hash = nodeHash(this.subtreeHash(start, start + size / 2), this.subtreeHash(start + size / 2, end));
    this.statements.rememberSubtree.run(level, start / size, hash);
    return hash;
  };

  private foldLeaves(start: number, end: number): Hash {
    const rows = this.statements.range.iterate(start, end);
    return foldLeafHashes(
      (function* () {
        for (const row of rows) yield row.leaf_hash;
      })(),
    );
  }

  rootAt(treeSize: number): Hash {
    this.requireTreeSize('treeSize', treeSize);
    return treeSize === 0 ? emptyRoot() : this.subtreeHash(0, treeSize);
  }

  /** The leaf index of the event at a global position, or null when the tree holds no such event. */
  leafIndexOf(position: string): number | null {
    return this.statements.byPosition.get(position)?.leaf_index ?? null;
  }

  leafAt(index: number): { position: string; leafHash: Hash } | null {
    const row = this.statements.atIndex.get(index);
    return row ? { position: row.position, leafHash: row.leaf_hash } : null;
  }

  inclusionProof(index: number, treeSize: number): Hash[] {
    this.requireTreeSize('treeSize', treeSize);
    return inclusionPathOf(this.subtreeHash, index, treeSize);
  }

  consistencyProof(oldSize: number, newSize: number): Hash[] {
    this.requireTreeSize('toTreeSize', newSize);
    return consistencyPathOf(this.subtreeHash, oldSize, newSize);
  }

  private requireTreeSize(name: string, treeSize: number) {
    const size = this.size();
    if (!Number.isSafeInteger(treeSize) || treeSize < 0 || treeSize > size) {
      throw new RangeError(`${name} must be a whole number from 0 to ${size}, the tree's size (got ${treeSize})`);
    }
  }

  /**
   * Signs a checkpoint of the whole log as it stands after `sync`. When nothing was appended since
   * the latest checkpoint, that one is returned instead of a second for the same tree; an empty log
   * has nothing to sign, and gives null.
   */
  async checkpoint(store: EventStore, key: KeyObject, now: Date): Promise<SignedCheckpoint | null> {
    const treeSize = await this.sync(store);
    if (treeSize === 0) return null;
    const latest = this.latestCheckpoint();
    if (latest && latest.treeSize >= treeSize) return latest;
    const signed = signCheckpoint(
      { treeSize, position: this.leafAt(treeSize - 1)!.position, rootHash: this.rootAt(treeSize).toString('hex'), time: now.toISOString() },
      key,
    );
    try {
      this.statements.saveCheckpoint.run(signed.treeSize, signed.position, signed.rootHash, signed.time, signed.keyId, signed.signature);
    } catch (error) {
      // Another process signed this tree size a moment ago: theirs is the checkpoint.
      const theirs = this.checkpointAt(treeSize);
      if (theirs) return theirs;
      throw error;
    }
    return signed;
  }

  checkpointAt(treeSize: number): SignedCheckpoint | null {
    const row = this.statements.checkpointAt.get(treeSize);
    return row ? toCheckpoint(row) : null;
  }

  latestCheckpoint(): SignedCheckpoint | null {
    const row = this.statements.latestCheckpoint.get();
    return row ? toCheckpoint(row) : null;
  }

  /** Checkpoints in tree-size order, those after the tree size `afterTreeSize`. */
  checkpoints(afterTreeSize: number, limit: number): SignedCheckpoint[] {
    return this.statements.checkpointsAfter.all(afterTreeSize, limit).map(toCheckpoint);
  }

  checkpointCount(): number {
    return this.statements.checkpointCount.get()!.count;
  }

  close() {
    if (this.db.open) this.db.close();
  }
}
