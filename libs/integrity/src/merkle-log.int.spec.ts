import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type NewEvent } from '@ledger/event-store';
import { checkpointText, publicKeyOf, verifyCheckpoint } from './checkpoint.js';
import { leafDataOf, recomputedLeafDataOf } from './leaf.js';
import { MerkleLog } from './merkle-log.js';
import { consistencyPathOf, foldLeafHashes, inclusionPathOf, leafHash, merkleRoot, subtreeHashesOf, verifyConsistency, verifyInclusion } from './merkle.js';

const actor = { personId: 'p', grantId: 'g', role: 'PLATFORM_ADMIN', organisationId: null } as const;
/** The store gives each event its chain hash (`metadata.hash`) as it appends it. */
const event = (n: number): NewEvent => ({ id: randomUUID(), type: 'Counted', data: { n }, metadata: { actor, correlationId: 'c', causationId: 'c', schemaVersion: 1 } });

describe('the Merkle tree over the log', () => {
  let dir: string;
  let store: SqliteEventStore;
  let log: MerkleLog;
  const { privateKey } = generateKeyPairSync('ed25519');
  const append = async (from: number, count: number) => {
    for (let n = from; n < from + count; n++) await store.appendToStream(`counter-${n % 3}`, [event(n)], { expectedRevision: 'ANY' });
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-merkle-'));
    store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    log = new MerkleLog(join(dir, 'integrity.sqlite'));
  });
  afterEach(async () => {
    log.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has one leaf per event in log order, the leaf data being the event hash', async () => {
    await append(0, 13);
    expect(await log.sync(store)).toBe(13);
    const events = await store.readAll();
    expect(log.rootAt(13)).toEqual(merkleRoot(events.map(leafDataOf)));
    expect(events[4]!.metadata.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(leafDataOf(events[4]!).toString('hex')).toBe(events[4]!.metadata.hash);
    expect(recomputedLeafDataOf(events[4]!)).toEqual(leafDataOf(events[4]!));
    expect(recomputedLeafDataOf({ ...events[4]!, data: { n: 5 } })).not.toEqual(leafDataOf(events[4]!));
    expect(log.leafIndexOf(events[4]!.position)).toBe(4);
  });

  it('signs checkpoints whose roots are consistent, and proves an early event is in the later tree', async () => {
    await append(0, 5);
    const first = (await log.checkpoint(store, privateKey, new Date('2026-11-24T17:00:00Z')))!;
    await append(5, 12);
    const second = (await log.checkpoint(store, privateKey, new Date('2026-11-24T18:00:00Z')))!;

    expect(first).toMatchObject({ treeSize: 5, position: '5', time: '2026-11-24T17:00:00.000Z' });
    expect(second.treeSize).toBe(17);
    expect(verifyCheckpoint(first, publicKeyOf(privateKey))).toBe(true);
    expect(verifyCheckpoint({ ...first, treeSize: 6 }, publicKeyOf(privateKey))).toBe(false);
    expect(checkpointText(first)).toBe(
      `partnership-ledger/global-log/v1\n5\n${Buffer.from(first.rootHash, 'hex').toString('base64')}\nposition 5\ntime 2026-11-24T17:00:00.000Z\n`,
    );

    const root = (hex: string) => Buffer.from(hex, 'hex');
    expect(verifyConsistency(5, 17, root(first.rootHash), root(second.rootHash), log.consistencyProof(5, 17))).toBe(true);
    const leaf = log.leafAt(2)!;
    expect(verifyInclusion(leaf.leafHash, 2, 17, log.inclusionProof(2, 17), root(second.rootHash))).toBe(true);
    expect(leaf.leafHash).toEqual(leafHash(leafDataOf((await store.readAll())[2]!)));
  });

  it('returns the latest checkpoint when nothing was appended, and none for an empty log', async () => {
    expect(await log.checkpoint(store, privateKey, new Date())).toBeNull();
    await append(0, 2);
    const made = await log.checkpoint(store, privateKey, new Date());
    expect(await log.checkpoint(store, privateKey, new Date(Date.now() + 1000))).toEqual(made);
    expect(log.checkpoints(0, 10)).toEqual([made]);
  });

  it('refuses a proof for a tree larger than the log', async () => {
    await append(0, 3);
    await log.sync(store);
    expect(() => log.inclusionProof(0, 4)).toThrow('treeSize must be a whole number from 0 to 3');
    expect(() => log.consistencyProof(1, 2 ** 60)).toThrow('toTreeSize must be a whole number from 0 to 3');
  });

  it('two processes syncing one leaf table write every leaf once', async () => {
    await append(0, 40);
    const other = new MerkleLog(join(dir, 'integrity.sqlite'));
    try {
      await Promise.all([log.sync(store), other.sync(store)]);
      expect(other.size()).toBe(40);
      expect(log.rootAt(40)).toEqual(merkleRoot((await store.readAll()).map(leafDataOf)));
    } finally {
      other.close();
    }
  });

  it('gives the same roots and proofs from remembered subtrees as from the leaves in memory, cold and warm', () => {
    // Leaf rows written directly: enough of them for subtrees of 512 and 1024 leaves to be remembered.
    const leaves = Array.from({ length: 1300 }, () => randomBytes(32));
    const db = new Database(join(dir, 'integrity.sqlite'));
    const insert = db.prepare('INSERT INTO merkle_leaves (leaf_index, position, leaf_hash) VALUES (?, ?, ?)');
    db.transaction(() => leaves.forEach((leaf, index) => insert.run(index, String(index + 1), leaf)))();
    db.close();
    const inMemory = subtreeHashesOf(leaves);
    for (const pass of ['cold', 'warm']) {
      for (const size of [1, 256, 257, 512, 513, 1024, 1025, 1299, 1300]) {
        expect({ pass, size, root: log.rootAt(size).toString('hex') }).toEqual({ pass, size, root: foldLeafHashes(leaves.slice(0, size)).toString('hex') });
      }
      expect(log.inclusionProof(700, 1300)).toEqual(inclusionPathOf(inMemory, 700, 1300));
      expect(log.consistencyProof(600, 1300)).toEqual(consistencyPathOf(inMemory, 600, 1300));
      expect(log.consistencyProof(1024, 1299)).toEqual(consistencyPathOf(inMemory, 1024, 1299));
    }
  });
});
