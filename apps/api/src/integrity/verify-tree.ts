import type { KeyObject } from 'node:crypto';
import type { EventStore, Position, RecordedEvent } from '@ledger/event-store';
import { CompactRange, leafDataOf, leafHash, MerkleLog, verifyCheckpoint } from '@ledger/integrity';

export type TreeProblem = Readonly<{ position: string | null; leafIndex: number | null; problem: string }>;

export type TreeReport = Readonly<{
  events: number;
  checkpointsChecked: number;
  /** In log order; the first is the first broken link. */
  problems: TreeProblem[];
}>;

const BATCH = 1000;

/**
 * Recomputes the tree from the log itself, not from the leaf table: every event's leaf, the root at
 * every checkpoint's size, and each checkpoint's signature with `publicKey`. An event edited,
 * deleted or moved in the store changes a leaf and every later root, so it shows as the first
 * leaf that differs from the table and as each checkpoint whose root no longer matches.
 */
export async function verifyTree(
  store: EventStore,
  log: MerkleLog,
  publicKey: KeyObject,
  onProgress?: (events: number) => void,
  // The leaf data as the event's content says it should be; the stored `metadata.hash` until it is recomputed here.
  leafData: (event: RecordedEvent) => Uint8Array = leafDataOf,
): Promise<TreeReport> {
  const problems: TreeProblem[] = [];
  const checkpoints = log.checkpoints(0, Number.MAX_SAFE_INTEGER);
  for (const checkpoint of checkpoints) {
    if (!verifyCheckpoint(checkpoint, publicKey)) {
      problems.push({ position: checkpoint.position, leafIndex: checkpoint.treeSize - 1, problem: `checkpoint of tree size ${checkpoint.treeSize}: the signature does not verify with key ${checkpoint.keyId}` });
    }
  }
  const range = new CompactRange();
  let next = 0;
  let leafMismatch = false;
  let after: Position | undefined;
  for (;;) {
    const events = await store.readAll({ after, maxCount: BATCH });
    if (events.length === 0) break;
    for (const event of events) {
      const leaf = leafHash(leafData(event));
      const stored = log.leafAt(range.size);
      if (!leafMismatch && stored && (!stored.leafHash.equals(leaf) || stored.position !== event.position)) {
        // Only the first: every leaf after a deleted or inserted event differs too.
        leafMismatch = true;
        problems.push({ position: event.position, leafIndex: range.size, problem: `event ${event.id} (${event.type}) differs from leaf ${range.size} recorded for position ${stored.position}` });
      }
      range.push(leaf);
      while (next < checkpoints.length && checkpoints[next]!.treeSize === range.size) {
        const checkpoint = checkpoints[next++]!;
        const root = range.root().toString('hex');
        if (root !== checkpoint.rootHash) {
          problems.push({ position: event.position, leafIndex: range.size - 1, problem: `checkpoint of tree size ${checkpoint.treeSize}: the log's root is ${root}, the signed root ${checkpoint.rootHash}` });
        } else if (checkpoint.position !== event.position) {
          problems.push({ position: event.position, leafIndex: range.size - 1, problem: `checkpoint of tree size ${checkpoint.treeSize} names position ${checkpoint.position}, the log has its last leaf at ${event.position}` });
        }
      }
    }
    after = events[events.length - 1]!.position;
    onProgress?.(range.size);
  }
  for (const checkpoint of checkpoints.slice(next)) {
    problems.push({ position: checkpoint.position, leafIndex: null, problem: `checkpoint of tree size ${checkpoint.treeSize}: the log holds only ${range.size} events` });
  }
  const order = (problem: TreeProblem) => problem.leafIndex ?? Number.MAX_SAFE_INTEGER;
  return { events: range.size, checkpointsChecked: checkpoints.length, problems: problems.sort((a, b) => order(a) - order(b)) };
}
