import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The offline verifier (tools/verify-export.mjs) against references it does not share code with:
 * the RFC 6962 reference roots, the RFC 8785 example, a hash the ledger's own chain code computed,
 * and exports tampered here line by line. test/export-import.e2e.spec.ts runs it on real exports.
 */
const TOOL = join(process.cwd(), 'tools/verify-export.mjs');
type Verifier = {
  canonical(value: unknown): string;
  eventHash(event: object, previousHash: string | null): string;
  MerkleFold: new () => { add(data: Buffer): void; root(): string };
};
const load = () => import(pathToFileURL(TOOL).href) as Promise<Verifier>;

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

// RFC 6962 reference vectors (certificate-transparency-go, transparency-dev/merkle): eight leaves and the root of every prefix.
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((hex) => Buffer.from(hex, 'hex'));
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

describe('the offline verifier’s arithmetic', () => {
  it('folds the RFC 6962 reference leaves to the reference root of every prefix', async () => {
    const { MerkleFold } = await load();
    ROOTS.forEach((expected, size) => {
      const tree = new MerkleFold();
      LEAVES.slice(0, size).forEach((leaf) => tree.add(leaf));
      expect({ size, root: tree.root() }).toEqual({ size, root: expected });
    });
  });

  it('canonicalises the RFC 8785 §3.2.2 example', async () => {
    const { canonical } = await load();
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
    );
    expect(canonical(input)).toBe('{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
  });

  it('hashes an event as the ledger’s chain does (hash worked out by libs/event-store eventHash)', async () => {
    const { eventHash } = await load();
    const event = {
      id: '0192e7a0-0000-7000-8000-000000000001',
      streamId: 'commitment-0192e7a0-0000-7000-8000-000000000002',
      streamRevision: 1,
      type: 'CommitmentAmended',
      data: { title: 'Étude €', z: [1.5, 1e30, null, true], a: { '\u20ac': 1, '1': 2 } },
      metadata: { actor: { personId: 'p', grantId: null, role: 'SECRETARIAT', organisationId: null }, correlationId: 'c', causationId: 'k', schemaVersion: 1, hash: 'x', previousHash: 'y' },
    };
    expect(eventHash(event, 'ab'.repeat(32))).toBe('7b7d02e0a680ab16d0b109d7e29610f010a1a2c2c9344670258b1e5232c5a982');
  });
});

describe('node tools/verify-export.mjs', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const other = generateKeyPairSync('ed25519');

  /** An export of five events in two streams, chained and signed as the README describes. */
  async function fixture(scope: object = { kind: 'log' }) {
    const { eventHash, MerkleFold } = await load();
    const dir = mkdtempSync(join(tmpdir(), 'ledger-verify-'));
    dirs.push(dir);
    const tips = new Map<string, string>();
    const tree = new MerkleFold();
    const lines = ['partnership-a', 'commitment-b', 'partnership-a', 'commitment-b', 'commitment-b'].map((streamId, index) => {
      const revision = [...Array(index).keys()].filter((i) => ['partnership-a', 'commitment-b', 'partnership-a', 'commitment-b'][i] === streamId).length;
      const event = { id: `event-${index + 1}`, streamId, streamRevision: revision, position: String(index + 1), type: 'Noted', data: { n: index + 1 }, recordedAt: '2021-09-16T10:00:00.000Z' };
      const previousHash = tips.get(streamId) ?? null;
      const metadata = { actor: { personId: 'p1', grantId: null, role: 'SECRETARIAT', organisationId: null }, correlationId: 'c', causationId: 'k', schemaVersion: 1 };
      const hash = eventHash({ ...event, metadata }, previousHash);
      tips.set(streamId, hash);
      tree.add(Buffer.from(hash, 'hex'));
      return JSON.stringify({ ...event, metadata: { ...metadata, hash, previousHash } });
    });
    writeFileSync(join(dir, 'events.ndjson'), `${lines.join('\n')}\n`);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ format: 'partnership-ledger-export/1', scope, events: { file: 'events.ndjson', count: 5 } }));
    const head = { treeSize: 5, position: '5', rootHash: tree.root(), time: '2021-09-16T10:05:00.000Z' };
    const text = `partnership-ledger/global-log/v1\n5\n${Buffer.from(head.rootHash, 'hex').toString('base64')}\nposition 5\ntime ${head.time}\n`;
    writeFileSync(join(dir, 'checkpoint.json'), JSON.stringify({ ...head, keyId: 'k', signature: sign(null, Buffer.from(text), privateKey).toString('base64') }));
    writeFileSync(join(dir, 'key.pem'), publicKey.export({ format: 'pem', type: 'spki' }).toString());
    writeFileSync(join(dir, 'other.pem'), other.publicKey.export({ format: 'pem', type: 'spki' }).toString());
    return dir;
  }
  const run = (dir: string, key = 'key.pem') => spawnSync(process.execPath, [TOOL, dir, join(dir, 'checkpoint.json'), join(dir, key)], { encoding: 'utf8' });
  const editLine = (dir: string, edit: (lines: string[]) => string[]) => {
    const path = join(dir, 'events.ndjson');
    writeFileSync(path, `${edit(readFileSync(path, 'utf8').trim().split('\n')).join('\n')}\n`);
  };

  it('verifies an untouched export: chains, tree head and signature', async () => {
    const result = run(await fixture());
    expect(result.stdout).toContain('ok   chain: 5 events in 2 streams');
    expect(result.stdout).toContain('ok   tree: the Merkle root over the first 5 events');
    expect(result.stdout).toContain('ok   signature');
    expect(result.stdout).toMatch(/VERIFIED\n$/);
    expect(result.status).toBe(0);
  });

  it('names the position and line of an edited event', async () => {
    const dir = await fixture();
    editLine(dir, (lines) => lines.map((line, i) => (i === 2 ? line.replace('"n":3', '"n":30') : line)));
    const result = run(dir);
    expect(result.stdout).toMatch(/BROKEN: position 3 \(line 3\), partnership-a revision 1: stored hash \w+, but the event hashes to \w+: it was edited/);
    expect(result.status).toBe(1);
  });

  it('names where a deleted event leaves a gap, and sees reordered events in the tree', async () => {
    const deleted = await fixture();
    editLine(deleted, (lines) => lines.filter((_, i) => i !== 1));
    expect(run(deleted).stdout).toMatch(/BROKEN: position 4 \(line 3\), commitment-b revision 1: expected revision 0 next/);

    const reordered = await fixture();
    editLine(reordered, ([a, b, ...rest]) => [b!, a!, ...rest]);
    const result = run(reordered);
    expect(result.stdout).toContain('ok   chain');
    expect(result.stdout).toMatch(/FAIL tree: the Merkle root over the first 5 events is \w+, the checkpoint signs \w+/);
    expect(result.status).toBe(1);
  });

  it('refuses a checkpoint under another key, and an altered checkpoint', async () => {
    const dir = await fixture();
    expect(run(dir, 'other.pem').stdout).toMatch(/FAIL signature/);
    const checkpoint = JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8'));
    writeFileSync(join(dir, 'checkpoint.json'), JSON.stringify({ ...checkpoint, time: '2021-09-17T10:05:00.000Z' }));
    expect(run(dir).stdout).toMatch(/FAIL signature: the checkpoint’s signature does not verify/);
  });

  it('checks a partnership export’s chains and says why its tree is not compared', async () => {
    const result = run(await fixture({ kind: 'partnership', partnershipId: 'a' }));
    expect(result.stdout).toMatch(/note tree: a partnership export holds only part of the log/);
    expect(result.status).toBe(0);
  });

  it('says what is missing when run without an export', () => {
    const result = spawnSync(process.execPath, [TOOL], { encoding: 'utf8' });
    expect(result.stderr).toMatch(/Give the export directory\.\nUsage: node verify-export\.mjs/);
    expect(result.status).toBe(2);
  });
});
