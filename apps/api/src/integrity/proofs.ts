import type { KeyObject } from 'node:crypto';
import { ValidationError } from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import { MerkleLog, type SignedCheckpoint } from '@ledger/integrity';

export type InclusionProofResult = Readonly<{
  position: string;
  leafIndex: number;
  treeSize: number;
  /** Hex of the RFC 6962 leaf hash, SHA-256(0x00 || the event's hash bytes). */
  leafHash: string;
  rootHash: string;
  /** Audit path, leaf first, each hex. */
  proof: string[];
}>;

export type ConsistencyProofResult = Readonly<{
  fromTreeSize: number;
  toTreeSize: number;
  fromRootHash: string;
  toRootHash: string;
  proof: string[];
}>;

const hex = (hashes: readonly Buffer[]) => hashes.map((hash) => hash.toString('hex'));

/**
 * Checkpoints and proofs over the global log, as the API and the CLI give them: the leaf table is
 * brought up to the log's head first, and every size and position is checked against it, naming
 * the argument and the rule.
 */
export class Proofs {
  constructor(
    private readonly log: MerkleLog,
    private readonly store: EventStore,
  ) {}

  /** Signs a checkpoint of the log as it stands (or returns the latest when nothing was appended since); null for an empty log. */
  checkpoint(key: KeyObject, now: Date): Promise<SignedCheckpoint | null> {
    return this.log.checkpoint(this.store, key, now);
  }

  latestCheckpoint(): SignedCheckpoint | null {
    return this.log.latestCheckpoint();
  }

  checkpoints(afterTreeSize: number, first: number): SignedCheckpoint[] {
    return this.log.checkpoints(afterTreeSize, first);
  }

  checkpointCount(): number {
    return this.log.checkpointCount();
  }

  /** Proves the event at `position` is in the tree of `treeSize` (default: the latest checkpoint's). */
  async inclusion(position: string, treeSize?: number | null): Promise<InclusionProofResult> {
    const size = await this.log.sync(this.store);
    const index = this.log.leafIndexOf(position);
    if (index === null) throw new ValidationError('position', 'in-log', `position must be the position of an event in the log (got "${position}")`);
    const to = this.treeSizeOrLatest('treeSize', treeSize, size, index + 1);
    return {
      position,
      leafIndex: index,
      treeSize: to,
      leafHash: this.log.leafAt(index)!.leafHash.toString('hex'),
      rootHash: this.log.rootAt(to).toString('hex'),
      proof: hex(this.log.inclusionProof(index, to)),
    };
  }

  /** Proves the tree of `fromTreeSize` is a prefix of the tree of `toTreeSize` (default: the latest checkpoint's). */
  async consistency(fromTreeSize: number, toTreeSize?: number | null): Promise<ConsistencyProofResult> {
    const size = await this.log.sync(this.store);
    const to = this.treeSizeOrLatest('toTreeSize', toTreeSize, size, 1);
    this.requireSize('fromTreeSize', fromTreeSize, 1, to, `toTreeSize (${to})`);
    return {
      fromTreeSize,
      toTreeSize: to,
      fromRootHash: this.log.rootAt(fromTreeSize).toString('hex'),
      toRootHash: this.log.rootAt(to).toString('hex'),
      proof: hex(this.log.consistencyProof(fromTreeSize, to)),
    };
  }

  private treeSizeOrLatest(field: string, given: number | null | undefined, size: number, min: number): number {
    if (given === undefined || given === null) {
      const latest = this.log.latestCheckpoint();
      if (!latest) throw new ValidationError(field, 'required', `${field} is required while no checkpoint has been made (make one with \`cli checkpoint\`)`);
      if (latest.treeSize < min) throw new ValidationError(field, 'at-least', `${field} defaults to the latest checkpoint (${latest.treeSize}), which does not hold position's event; give ${field}`);
      return latest.treeSize;
    }
    this.requireSize(field, given, min, size, `the log's size (${size})`);
    return given;
  }

  private requireSize(field: string, value: number, min: number, max: number, maxName: string) {
    if (!Number.isSafeInteger(value) || value < min) throw new ValidationError(field, 'at-least', `${field} must be a whole number of at least ${min} (got ${value})`);
    if (value > max) throw new ValidationError(field, 'at-most', `${field} must be at most ${maxName} (got ${value})`);
  }
}
