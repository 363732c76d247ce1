import { createHash } from 'node:crypto';

/**
 * The Merkle tree of RFC 6962 §2.1 (Certificate Transparency), as RFC 9162 §2.1 restates it:
 * a leaf hashes as SHA-256(0x00 || data), an interior node as SHA-256(0x01 || left || right), and a
 * list of n > 1 entries splits at the largest power of two below n. The empty tree's hash is SHA-256 of nothing.
 *
 * Every function here is pure. The proof builders take a `SubtreeHashes` source, so a caller with
 * millions of leaves can compute subtree hashes from storage a range at a time, holding only one
 * hash per tree level (see `foldLeafHashes`); the array forms below are for small trees and tests.
 */

export type Hash = Buffer;

export const HASH_BYTES = 32;
const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

const sha256 = (...parts: Uint8Array[]): Hash => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

export const emptyRoot = (): Hash => sha256();
export const leafHash = (data: Uint8Array): Hash => sha256(LEAF_PREFIX, data);
export const nodeHash = (left: Uint8Array, right: Uint8Array): Hash => sha256(NODE_PREFIX, left, right);

/** The largest power of two strictly below n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The root of a growing run of leaf hashes, in one pass, keeping one pending hash per complete
 * subtree (at most log2(n) + 1): equal-sized neighbours merge as they arrive, and `root()` folds
 * what is left right to left, which is exactly the split at the largest power of two.
 */
export class CompactRange {
  private readonly stack: { hash: Hash; size: number }[] = [];
  size = 0;

  push(leafHash: Uint8Array) {
    let top: { hash: Hash; size: number } = { hash: Buffer.from(leafHash), size: 1 };
    while (this.stack.length > 0 && this.stack[this.stack.length - 1]!.size === top.size) {
      const left = this.stack.pop()!;
      top = { hash: nodeHash(left.hash, top.hash), size: left.size * 2 };
    }
    this.stack.push(top);
    this.size++;
  }

  /** MTH of the leaves pushed so far. */
  root(): Hash {
    if (this.stack.length === 0) return emptyRoot();
    let root = this.stack[this.stack.length - 1]!.hash;
    for (let i = this.stack.length - 2; i >= 0; i--) root = nodeHash(this.stack[i]!.hash, root);
    return root;
  }
}

/** MTH of a run of leaf hashes, streamed. */
export function foldLeafHashes(leafHashes: Iterable<Uint8Array>): Hash {
  const range = new CompactRange();
  for (const leaf of leafHashes) range.push(leaf);
  return range.root();
}

/** MTH(D[n]) of leaf data (not yet hashed). */
export const merkleRoot = (leaves: readonly Uint8Array[]): Hash => foldLeafHashes(leaves.map(leafHash));

/** MTH of the leaves [start, end) of a tree; start < end. */
export type SubtreeHashes = (start: number, end: number) => Hash;

/** Subtree hashes over leaf hashes held in memory. */
export const subtreeHashesOf =
  (leafHashes: readonly Uint8Array[]): SubtreeHashes =>
  (start, end) =>
    foldLeafHashes(leafHashes.slice(start, end));

/** The size rules every proof shares; a RangeError names the argument and the rule. */
function requireSize(name: string, value: number, min: number, max: number) {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be a whole number from ${min} to ${max} (got ${value})`);
  }
}

/** RFC 6962 §2.1.1 PATH(m, D[n]): the audit path of leaf `index` in the tree of the first `treeSize` leaves. */
export function inclusionPathOf(subtree: SubtreeHashes, index: number, treeSize: number): Hash[] {
  requireSize('treeSize', treeSize, 1, Number.MAX_SAFE_INTEGER);
  requireSize('index', index, 0, treeSize - 1);
  const path: Hash[] = [];
  // Walk down from the root; each step's sibling is the half the leaf is not in. Collected root-first, returned leaf-first.
  let start = 0;
  let end = treeSize;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (index - start < k) {
      path.push(subtree(start + k, end));
      end = start + k;
    } else {
      path.push(subtree(start, start + k));
      start += k;
    }
  }
  return path.reverse();
}

/** RFC 6962 §2.1.2 PROOF(m, D[n]): proves the tree of the first `oldSize` leaves is a prefix of the tree of `newSize`. */
export function consistencyPathOf(subtree: SubtreeHashes, oldSize: number, newSize: number): Hash[] {
  requireSize('newSize', newSize, 0, Number.MAX_SAFE_INTEGER);
  requireSize('oldSize', oldSize, 0, newSize);
  if (oldSize === 0 || oldSize === newSize) return [];
  const proof: Hash[] = [];
  // SUBPROOF(m, D[start:end], whole), unrolled: each step adds the hash of the half it leaves behind.
  let m = oldSize;
  let start = 0;
  let end = newSize;
  let whole = true;
  while (m !== end - start) {
    const k = splitPoint(end - start);
    if (m <= k) {
      proof.push(subtree(start + k, end));
      end = start + k;
    } else {
      proof.push(subtree(start, start + k));
      start += k;
      m -= k;
      whole = false;
    }
  }
  if (!whole) proof.push(subtree(start, end));
  return proof.reverse();
}

export const inclusionProof = (leaves: readonly Uint8Array[], index: number): Hash[] =>
  inclusionPathOf(subtreeHashesOf(leaves.map(leafHash)), index, leaves.length);

export const consistencyProof = (leaves: readonly Uint8Array[], oldSize: number): Hash[] =>
  consistencyPathOf(subtreeHashesOf(leaves.map(leafHash)), oldSize, leaves.length);

const isHash = (value: Uint8Array) => value.length === HASH_BYTES;
const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
const validSize = (value: number) => Number.isSafeInteger(value) && value >= 0;

/** RFC 9162 §2.1.3.2: whether `proof` shows the leaf with hash `leaf` at `index` in the tree of `treeSize` with `root`. */
export function verifyInclusion(leaf: Uint8Array, index: number, treeSize: number, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  if (!validSize(index) || !validSize(treeSize) || index >= treeSize) return false;
  if (!isHash(leaf) || !isHash(root) || !proof.every(isHash)) return false;
  // Bit arithmetic on BigInt: tree sizes may pass 2^32, where JavaScript's bitwise operators wrap.
  let fn = BigInt(index);
  let sn = BigInt(treeSize - 1);
  let r: Hash = Buffer.from(leaf);
  for (const p of proof) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(p, r);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && same(r, root);
}

/** RFC 9162 §2.1.4.2: whether `proof` shows the tree (`oldSize`, `oldRoot`) is a prefix of (`newSize`, `newRoot`). */
export function verifyConsistency(oldSize: number, newSize: number, oldRoot: Uint8Array, newRoot: Uint8Array, proof: readonly Uint8Array[]): boolean {
  if (!validSize(oldSize) || !validSize(newSize) || oldSize > newSize) return false;
  if (!isHash(oldRoot) || !isHash(newRoot) || !proof.every(isHash)) return false;
  // The empty tree is a prefix of every tree; a tree is consistent with itself alone.
  if (oldSize === 0) return proof.length === 0;
  if (oldSize === newSize) return proof.length === 0 && same(oldRoot, newRoot);
  if (proof.length === 0) return false;
  // A power-of-two old tree is a complete subtree of the new one, so the proof leaves out its root.
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : [...proof];
  let fn = BigInt(oldSize - 1);
  let sn = BigInt(newSize - 1);
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr: Hash = Buffer.from(path[0]!);
  let sr: Hash = Buffer.from(path[0]!);
  for (const c of path.slice(1)) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && same(fr, oldRoot) && same(sr, newRoot);
}

function isPowerOfTwo(n: number): boolean {
  const big = BigInt(n);
  return big > 0n && (big & (big - 1n)) === 0n;
}
