import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { createPublicKey } from 'node:crypto';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import {
  consistencyProof,
  leafDataOf,
  leafHash,
  merkleRoot,
  recomputedLeafDataOf,
  verifyCheckpoint,
  verifyConsistency,
  verifyInclusion,
  type SignedCheckpoint,
} from '@ledger/integrity';
import { ApiProcess, runCli, TEST_JWT_SECRET, tokenOf } from './support/api-process.js';

const REGISTER = `mutation($name: String!) { registerOrganisation(input: {name: $name, sector: LOCAL_GOVERNMENT}) { organisation { id } } }`;
const CHECKPOINT_FIELDS = 'treeSize position rootHash time keyId signature';
const INCLUSION = `query($position: ID!, $treeSize: Int) { inclusionProof(position: $position, treeSize: $treeSize) { position leafIndex treeSize leafHash rootHash proof } }`;
const CONSISTENCY = `query($from: Int!, $to: Int) { consistencyProof(fromTreeSize: $from, toTreeSize: $to) { fromTreeSize toTreeSize fromRootHash toRootHash proof } }`;
const bytes = (hex: string) => Buffer.from(hex, 'hex');

/** Every stored event, read straight from the SQLite file as an auditor with a copy of it would. */
async function storedEvents(dataDir: string) {
  const store = new SqliteEventStore({ filename: join(dataDir, 'events.sqlite') });
  try {
    return await store.readAll();
  } finally {
    await store.close();
  }
}

describe('signed checkpoints and proofs of the global log', () => {
  let api: ApiProcess;
  let env: Record<string, string>;
  let admin: string;
  let auditor: string;
  const checkpoint = async () => {
    const made = await runCli(['checkpoint'], env);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    return JSON.parse(made.stdout) as SignedCheckpoint;
  };
  const register = async (...names: string[]) => {
    for (const name of names) expect((await api.graphql(REGISTER, { name }, admin)).errors).toBeUndefined();
  };

  beforeAll(async () => {
    api = await ApiProcess.start();
    env = { LEDGER_DATA_DIR: api.dataDir, LEDGER_JWT_SECRET: TEST_JWT_SECRET };
    admin = await api.adminToken();
    await api.grant('auditor-e2e', 'AUDITOR');
    auditor = await tokenOf('auditor-e2e');
  });
  afterAll(() => api.stop());

  let first: SignedCheckpoint;
  let second: SignedCheckpoint;

  it('signs a checkpoint, then a later one the earlier is a prefix of, as an auditor checks with the public key alone', async () => {
    await register('Leeds City Council', 'Bradford Council');
    first = await checkpoint();
    await register('Wakefield Council', 'Kirklees Council', 'Calderdale Council');
    second = await checkpoint();
    expect(second.treeSize).toBeGreaterThan(first.treeSize);

    const key = await runCli(['checkpoint-key'], env);
    const publicKey = createPublicKey(key.stdout.replace(/^#.*\n/, ''));
    expect(key.stdout).toMatch(new RegExp(`^# keyId ${second.keyId}\n-----BEGIN PUBLIC KEY-----`));
    expect(verifyCheckpoint(first, publicKey)).toBe(true);
    expect(verifyCheckpoint(second, publicKey)).toBe(true);

    const { data } = await api.graphql(`{ latestCheckpoint { ${CHECKPOINT_FIELDS} } checkpoints(first: 1) { totalCount nodes { treeSize } pageInfo { hasNextPage endCursor } } }`, {}, auditor);
    expect(data!.latestCheckpoint).toEqual(second);
    expect(data!.checkpoints).toMatchObject({ totalCount: 2, nodes: [{ treeSize: first.treeSize }], pageInfo: { hasNextPage: true } });
    const next = await api.graphql(`query($after: String) { checkpoints(first: 5, after: $after) { nodes { ${CHECKPOINT_FIELDS} } pageInfo { hasNextPage } } }`, { after: data!.checkpoints.pageInfo.endCursor }, auditor);
    expect(next.data!.checkpoints).toEqual({ nodes: [second], pageInfo: { hasNextPage: false } });

    const consistency = await api.graphql(CONSISTENCY, { from: first.treeSize, to: second.treeSize }, auditor);
    const proof = consistency.data!.consistencyProof;
    expect(proof).toMatchObject({ fromRootHash: first.rootHash, toRootHash: second.rootHash });
    expect(verifyConsistency(first.treeSize, second.treeSize, bytes(first.rootHash), bytes(second.rootHash), proof.proof.map(bytes))).toBe(true);
    // The CLI gives the same proof, to the latest checkpoint by default.
    const fromCli = await runCli(['prove-consistency', String(first.treeSize)], env);
    expect(JSON.parse(fromCli.stdout)).toEqual(proof);
  });

  it('proves an early event is in the later tree, from the event as stored', async () => {
    const events = await storedEvents(api.dataDir);
    const early = events[1]!;
    const { data } = await api.graphql(INCLUSION, { position: early.position, treeSize: second.treeSize }, auditor);
    const proof = data!.inclusionProof;
    expect(proof).toMatchObject({ position: early.position, leafIndex: 1, treeSize: second.treeSize, rootHash: second.rootHash });
    expect(proof.leafHash).toBe(leafHash(leafDataOf(early)).toString('hex'));
    expect(verifyInclusion(leafHash(leafDataOf(early)), 1, second.treeSize, proof.proof.map(bytes), bytes(second.rootHash))).toBe(true);
    const fromCli = await runCli(['prove-inclusion', early.position], env);
    expect(JSON.parse(fromCli.stdout)).toEqual(proof);
  });

  it('is for platform auditors and administrators only', async () => {
    const queries = ['{ latestCheckpoint { treeSize } }', '{ checkpoints { totalCount } }', `{ consistencyProof(fromTreeSize: 1) { proof } }`, `{ inclusionProof(position: "1") { proof } }`];
    const stranger = await tokenOf('someone-without-grants');
    for (const query of queries) {
      expect((await api.graphql(query, {}, stranger)).errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', required: [{ role: 'AUDITOR' }, { role: 'PLATFORM_ADMIN' }] });
      expect((await api.graphql(query)).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
      expect((await api.graphql(query, {}, admin)).errors).toBeUndefined();
    }
  });

  it('refuses sizes beyond the log, negative or huge, and positions not in it, naming the field and the rule', async () => {
    const head = (await storedEvents(api.dataDir)).length;
    const refusals: [string, object, string, string][] = [
      [INCLUSION, { position: '1', treeSize: head + 1 }, 'treeSize', 'at-most'],
      [INCLUSION, { position: '1', treeSize: 2147483647 }, 'treeSize', 'at-most'],
      [INCLUSION, { position: '1', treeSize: -1 }, 'treeSize', 'at-least'],
      [INCLUSION, { position: '3', treeSize: 2 }, 'treeSize', 'at-least'],
      [INCLUSION, { position: '999999' }, 'position', 'in-log'],
      [INCLUSION, { position: '-1; DROP TABLE events' }, 'position', 'in-log'],
      [CONSISTENCY, { from: 1, to: head + 1 }, 'toTreeSize', 'at-most'],
      [CONSISTENCY, { from: -5, to: head }, 'fromTreeSize', 'at-least'],
      [CONSISTENCY, { from: 0, to: head }, 'fromTreeSize', 'at-least'],
      [CONSISTENCY, { from: head, to: 2 }, 'fromTreeSize', 'at-most'],
      [CONSISTENCY, { from: 2147483647 }, 'fromTreeSize', 'at-most'],
    ];
    for (const [query, variables, field, rule] of refusals) {
      const { errors } = await api.graphql(query, variables, auditor);
      expect({ variables, extensions: errors?.[0]?.extensions }).toEqual({ variables, extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field, rule }) });
    }
    const cli = await runCli(['prove-consistency', '1', String(head + 100)], env);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/toTreeSize must be at most the log's size/);
  });

  it('after an event is edited in SQLite, the recomputed root differs, the consistency proof fails and verify names the position in the chain and in the tree', async () => {
    const intact = await runCli(['verify'], env);
    expect(intact.stdout).toMatch(/^Chains intact \(\d+ events, \d+ streams\)\nTree verified: \d+ events, 2 checkpoints match the log and their signatures\n$/);
    expect(intact.code).toBe(0);
    const tampered = (await storedEvents(api.dataDir))[1]!;
    const db = new Database(join(api.dataDir, 'events.sqlite'));
    try {
      // Rename the organisation, leaving its stored hash as it was.
      const data = JSON.stringify({ ...(tampered.data as object), name: 'Renamed In SQLite' });
      db.prepare('UPDATE events SET data = ? WHERE position = ?').run(data, Number(tampered.position));
    } finally {
      db.close();
    }

    // An auditor recomputes each event's hash from what it now says, and the tree from those.
    const leaves = (await storedEvents(api.dataDir)).map(recomputedLeafDataOf);
    const alteredRoot = merkleRoot(leaves.slice(0, second.treeSize));
    expect(merkleRoot(leaves.slice(0, first.treeSize)).toString('hex')).not.toBe(first.rootHash);
    expect(alteredRoot.toString('hex')).not.toBe(second.rootHash);
    // The altered log is no extension of the first signed tree: the proof made from it does not join them.
    const recomputed = consistencyProof(leaves.slice(0, second.treeSize), first.treeSize);
    expect(verifyConsistency(first.treeSize, second.treeSize, bytes(first.rootHash), alteredRoot, recomputed)).toBe(false);

    const verified = await runCli(['verify'], env);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toContain(`Chain broken at position ${tampered.position}`);
    expect(verified.stdout).toMatch(new RegExp(`\nTree broken: first at position ${tampered.position}: event ${tampered.id} .* differs from leaf 1`));
    expect(verified.stdout).toMatch(new RegExp(`checkpoint of tree size ${first.treeSize}: the log's root is [0-9a-f]{64}, the signed root ${first.rootHash}`));
  });
});

describe('periodic checkpoints', () => {
  it('are signed by the API every LEDGER_CHECKPOINT_INTERVAL once the log has events', async () => {
    const api = await ApiProcess.start({ env: { LEDGER_CHECKPOINT_INTERVAL: '1s' } });
    try {
      const admin = await api.adminToken();
      const deadline = Date.now() + 10_000;
      let latest: SignedCheckpoint | null = null;
      while (!latest && Date.now() < deadline) {
        latest = (await api.graphql(`{ latestCheckpoint { ${CHECKPOINT_FIELDS} } }`, {}, admin)).data!.latestCheckpoint;
        if (!latest) await new Promise((done) => setTimeout(done, 200));
      }
      expect(latest).toMatchObject({ treeSize: 1, position: '1' });
      const key = await runCli(['checkpoint-key'], { LEDGER_DATA_DIR: api.dataDir });
      expect(verifyCheckpoint(latest!, createPublicKey(key.stdout.replace(/^#.*\n/, '')))).toBe(true);
    } finally {
      await api.stop();
    }
  });
});
