import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import {
  consistencyProof,
  emptyRoot,
  inclusionProof,
  leafHash,
  merkleRoot,
  verifyConsistency,
  verifyInclusion,
} from './merkle.js';

// The Certificate Transparency reference vectors (RFC 6962 test data, as in google/certificate-transparency-go
// and transparency-dev/merkle): eight leaves, the root of every prefix, audit paths and consistency proofs.
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((hex) =>
  Buffer.from(hex, 'hex'),
);
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const INCLUSION = [
  { index: 0, size: 1, path: [] as string[] },
  {
    index: 0,
    size: 8,
    path: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    path: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  { index: 2, size: 3, path: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  {
    index: 1,
    size: 5,
    path: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];
const CONSISTENCY = [
  { oldSize: 1, newSize: 1, path: [] as string[] },
  {
    oldSize: 1,
    newSize: 8,
    path: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    oldSize: 6,
    newSize: 8,
    path: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    oldSize: 2,
    newSize: 5,
    path: ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'],
  },
];

const hex = (hashes: readonly Buffer[]) => hashes.map((hash) => hash.toString('hex'));
const bytes = (hexes: readonly string[]) => hexes.map((value) => Buffer.from(value, 'hex'));
const root = (size: number) => Buffer.from(ROOTS[size]!, 'hex');

describe('RFC 6962 Merkle Tree Hash', () => {
  it('hashes leaves with 0x00 and the empty tree as SHA-256 of nothing', () => {
    expect(emptyRoot().toString('hex')).toBe(ROOTS[0]);
    expect(leafHash(LEAVES[0]!).toString('hex')).toBe(ROOTS[1]);
  });

  it.each(ROOTS.map((expected, size) => ({ size, expected })))('MTH(D[$size]) matches the reference root', ({ size, expected }) => {
    expect(merkleRoot(LEAVES.slice(0, size)).toString('hex')).toBe(expected);
  });
});

describe('inclusion proofs against the reference vectors', () => {
  it.each(INCLUSION)('PATH($index, D[$size])', ({ index, size, path }) => {
    const leaves = LEAVES.slice(0, size);
    expect(hex(inclusionProof(leaves, index))).toEqual(path);
    expect(verifyInclusion(leafHash(LEAVES[index]!), index, size, bytes(path), root(size))).toBe(true);
    // The same path proves nothing about a neighbour, another tree size, or another root.
    expect(verifyInclusion(leafHash(LEAVES[index]!), index + 1, size, bytes(path), root(size))).toBe(false);
    expect(verifyInclusion(leafHash(LEAVES[index]!), index, size * 2, bytes(path), root(size))).toBe(false);
    expect(verifyInclusion(leafHash(Buffer.from('WrongLeaf')), index, size, bytes(path), root(size))).toBe(false);
    expect(verifyInclusion(leafHash(LEAVES[index]!), index, size, [...bytes(path), root(size)], root(size))).toBe(false);
  });

  it('refuses an index outside the tree', () => {
    expect(() => inclusionProof(LEAVES, 8)).toThrow('index must be a whole number from 0 to 7 (got 8)');
    expect(() => inclusionProof([], 0)).toThrow('treeSize must be a whole number from 1');
    expect(verifyInclusion(leafHash(LEAVES[0]!), 0, 0, [], emptyRoot())).toBe(false);
    expect(verifyInclusion(leafHash(LEAVES[0]!), -1, 8, [], root(8))).toBe(false);
  });
});

describe('consistency proofs against the reference vectors', () => {
  it.each(CONSISTENCY)('PROOF($oldSize, D[$newSize])', ({ oldSize, newSize, path }) => {
    expect(hex(consistencyProof(LEAVES.slice(0, newSize), oldSize))).toEqual(path);
    expect(verifyConsistency(oldSize, newSize, root(oldSize), root(newSize), bytes(path))).toBe(true);
    if (path.length === 0) return;
    expect(verifyConsistency(oldSize, newSize, root(newSize), root(oldSize), bytes(path))).toBe(false);
    expect(verifyConsistency(oldSize + 1, newSize, root(oldSize), root(newSize), bytes(path))).toBe(false);
    expect(verifyConsistency(oldSize, newSize, root(oldSize), root(newSize), bytes(path).slice(0, -1))).toBe(false);
    expect(verifyConsistency(oldSize, newSize, root(oldSize), root(newSize), [])).toBe(false);
  });

  it('treats the empty tree as a prefix of every tree, and a tree as consistent only with its own root', () => {
    expect(verifyConsistency(0, 8, emptyRoot(), root(8), [])).toBe(true);
    expect(verifyConsistency(8, 8, root(8), root(8), [])).toBe(true);
    expect(verifyConsistency(8, 8, root(8), root(7), [])).toBe(false);
    expect(verifyConsistency(8, 7, root(8), root(7), [])).toBe(false);
  });
});

/** A small seeded generator, so a failing case can be replayed from its seed. */
function random(seed: number) {
  let state = seed >>> 0;
  return (below: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % below;
  };
}

const flipOneByte = (hashes: readonly Buffer[], pick: (below: number) => number): Buffer[] => {
  const copy = hashes.map((hash) => Buffer.from(hash));
  const target = copy[pick(copy.length)]!;
  target[pick(target.length)]! ^= 1 << pick(8);
  return copy;
};

describe('property: every proof of random trees verifies, and any flipped byte fails', () => {
  it.each([1, 2, 3, 4, 5])('seed %i', (seed) => {
    const pick = random(seed);
    for (let round = 0; round < 20; round++) {
      const size = 1 + pick(300);
      const leaves = Array.from({ length: size }, () => randomBytes(32));
      const newRoot = merkleRoot(leaves);
      const index = pick(size);
      const proof = inclusionProof(leaves, index);
      expect(verifyInclusion(leafHash(leaves[index]!), index, size, proof, newRoot)).toBe(true);
      if (proof.length > 0) expect(verifyInclusion(leafHash(leaves[index]!), index, size, flipOneByte(proof, pick), newRoot)).toBe(false);
      expect(verifyInclusion(leafHash(leaves[index]!), index, size, proof, flipOneByte([newRoot], pick)[0]!)).toBe(false);

      const oldSize = 1 + pick(size);
      const oldRoot = merkleRoot(leaves.slice(0, oldSize));
      const consistency = consistencyProof(leaves, oldSize);
      expect(verifyConsistency(oldSize, size, oldRoot, newRoot, consistency)).toBe(true);
      if (consistency.length > 0) expect(verifyConsistency(oldSize, size, oldRoot, newRoot, flipOneByte(consistency, pick))).toBe(false);
      if (oldSize < size) {
        expect(verifyConsistency(oldSize, size, flipOneByte([oldRoot], pick)[0]!, newRoot, consistency)).toBe(false);
        expect(verifyConsistency(oldSize, size, oldRoot, flipOneByte([newRoot], pick)[0]!, consistency)).toBe(false);
      }
    }
  });

  it('every inclusion and consistency proof of every tree up to 33 leaves verifies', () => {
    const leaves = Array.from({ length: 33 }, (_, i) => Buffer.from([i]));
    for (let size = 1; size <= leaves.length; size++) {
      const tree = leaves.slice(0, size);
      const newRoot = merkleRoot(tree);
      for (let index = 0; index < size; index++) {
        expect(verifyInclusion(leafHash(tree[index]!), index, size, inclusionProof(tree, index), newRoot)).toBe(true);
      }
      for (let oldSize = 0; oldSize <= size; oldSize++) {
        expect(verifyConsistency(oldSize, size, merkleRoot(tree.slice(0, oldSize)), newRoot, consistencyProof(tree, oldSize))).toBe(true);
      }
    }
  });
});
