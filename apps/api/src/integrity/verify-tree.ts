import type { KeyObject } from 'node:crypto';
import type { RecordedEvent } from '@ledger/event-store';
import { CompactRange, leafDataOf, leafHash, MerkleLog, verifyCheckpoint, type SignedCheckpoint } from '@ledger/integrity';

export type TreeProblem = Readonly<{ position: string | null; leafIndex: number | null; problem: string }>;

export type TreeReport = Readonly<{
  events: number;
  checkpointsChecked: number;
  signaturesChecked: boolean;
  /** In log order; the first is the first broken link. */
  problems: TreeProblem[];
}>;

/**
 * Recomputes the tree from the log itself, not from the leaf table: fed every event in log order
 * (`add`), it checks each event's leaf against the table and the root at every checkpoint's size,
 * and each checkpoint's signature with `publicKey`. An event edited, deleted or moved in the store
 * changes a leaf and every later root, so it shows as the first leaf that differs from the table
 * and as each checkpoint whose root no longer matches. One pass, one hash per tree level in memory.
 */
export class TreeVerifier {
  private readonly problems: TreeProblem[] = [];
  private readonly checkpoints: SignedCheckpoint[];
  private readonly range = new CompactRange();
  private next = 0;
  private leafMismatch = false;

  constructor(
    private readonly log: MerkleLog,
    /** Null: signatures are not checked (no key configured), and the report says so. */
    private readonly publicKey: KeyObject | null,
    // The leaf data as the event's content says it should be; the stored `metadata.hash` unless given.
    private readonly leafData: (event: RecordedEvent) => Uint8Array = leafDataOf,
  ) {
    this.checkpoints = log.checkpoints(0, Number.MAX_SAFE_INTEGER);
    for (const checkpoint of publicKey ? this.checkpoints : []) {
      if (!verifyCheckpoint(checkpoint, publicKey!)) {
        this.problems.push({ position: checkpoint.position, leafIndex: checkpoint.treeSize - 1, problem: `checkpoint of tree size ${checkpoint.treeSize}: the signature does not verify with key ${checkpoint.keyId}` });
      }
    }
  }

  add(event: RecordedEvent) {
    const index = this.range.size;
    const leaf = leafHash(this.leafData(event));
    const stored = this.log.leafAt(index);
    if (!this.leafMismatch && stored && (!stored.leafHash.equals(leaf) || stored.position !== event.position)) {
      // Only the first: every leaf after a deleted or inserted event differs too.
      this.leafMismatch = true;
      this.problems.push({ position: event.position, leafIndex: index, problem: `event ${event.id} (${event.type}) differs from leaf ${index} recorded for position ${stored.position}` });
    }
    this.range.push(leaf);
    while (this.next < this.checkpoints.length && this.checkpoints[this.next]!.treeSize === this.range.size) {
      const checkpoint = this.checkpoints[this.next++]!;
      const root = this.range.root().toString('hex');
      if (root !== checkpoint.rootHash) {
        this.problems.push({ position: event.position, leafIndex: index, problem: `checkpoint of tree size ${checkpoint.treeSize}: the log's root is ${root}, the signed root ${checkpoint.rootHash}` });
      } else if (checkpoint.position !== event.position) {
        this.problems.push({ position: event.position, leafIndex: index, problem: `checkpoint of tree size ${checkpoint.treeSize} names position ${checkpoint.position}, the log has its last leaf at ${event.position}` });
      }
    }
  }

  report(): TreeReport {
    const beyond = this.checkpoints.slice(this.next).map((checkpoint) => ({
      position: checkpoint.position,
      leafIndex: null,
      problem: `checkpoint of tree size ${checkpoint.treeSize}: the log holds only ${this.range.size} events`,
    }));
    const order = (problem: TreeProblem) => problem.leafIndex ?? Number.MAX_SAFE_INTEGER;
    return { events: this.range.size, checkpointsChecked: this.checkpoints.length, signaturesChecked: this.publicKey !== null, problems: [...this.problems, ...beyond].sort((a, b) => order(a) - order(b)) };
  }
}

/** The lines `verify` prints for the tree, after the chains'; the first says whether the tree holds. */
export function describeTreeReport(report: TreeReport): string[] {
  if (report.problems.length === 0) {
    const signatures = report.signaturesChecked ? ' and their signatures' : ' (signatures not checked: no LEDGER_CHECKPOINT_SIGNING_KEY)';
    return [`Tree verified: ${report.events} events, ${report.checkpointsChecked} checkpoints match the log${signatures}`];
  }
  const where = (problem: TreeProblem) => problem.position ?? 'beyond the log';
  const [first, ...rest] = report.problems;
  return [`Tree broken: first at position ${where(first!)}: ${first!.problem}`, ...rest.map((problem) => `  also at position ${where(problem)}: ${problem.problem}`)];
}
