import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ApiProcess, newDataDir, runCli, TEST_JWT_SECRET, tokenOf } from './support/api-process.js';

const secretariat = await tokenOf('secretariat-tamper');

type Row = {
  position: number;
  stream_id: string;
  stream_revision: number;
  data: string;
};

/**
 * Tamper evidence, the chain half (issue 12): events written through the API carry a hash chained to
 * their stream's previous event, and `cli verify` names the first event an edit, a deletion or a
 * reordering made directly in the SQLite file broke, by its global position.
 */
describe('npm run cli -- verify', () => {
  let written: string;
  /** The first three events of the stream with the most events: revisions 0, 1 and 2. */
  let stream: Row[];
  const dirs: string[] = [];

  const verify = (dataDir: string) =>
    runCli(['verify'], {
      NODE_ENV: 'test',
      LEDGER_DATA_DIR: dataDir,
      LEDGER_JWT_SECRET: TEST_JWT_SECRET,
    });

  /** A copy of the log the API wrote, changed by `tamper` as someone with the file could. */
  function tamperedCopy(tamper: (db: Database.Database) => void) {
    const dir = newDataDir();
    dirs.push(dir);
    copyFileSync(join(written, 'events.sqlite'), join(dir, 'events.sqlite'));
    const db = new Database(join(dir, 'events.sqlite'));
    try {
      tamper(db);
    } finally {
      db.close();
    }
    return dir;
  }

  const metadataOf = (dataDir: string) => {
    const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
    const rows = db.prepare<[], { metadata: string }>('SELECT metadata FROM events ORDER BY position').all();
    db.close();
    return rows.map((row) => JSON.parse(row.metadata));
  };

  beforeAll(async () => {
    const api = await ApiProcess.start();
    written = api.dataDir;
    const admin = await api.adminToken();
    const call = async (query: string, variables: object = {}, token = admin) => {
      const response = await api.graphql<any>(query, variables, token);
      expect(response.errors).toBeUndefined();
      return response.data;
    };
    const formed = await call(
      `mutation { formPartnership(input: {name: "Leicester, Leicestershire and Rutland Health and Care Partnership", level: SYSTEM}) { partnership { id } } }`,
    );
    const partnershipId = formed.formPartnership.partnership.id as string;
    await api.grant('secretariat-tamper', 'SECRETARIAT', { partnershipId });
    for (const [name, sector] of [
      ['Leicester City Council', 'LOCAL_GOVERNMENT'],
      ['University Hospitals of Leicester NHS Trust', 'HEALTH'],
      ['Leicestershire County Council', 'LOCAL_GOVERNMENT'],
    ]) {
      const registered = await call(`mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { organisation { id } } }`, {
        input: { name, sector },
      });
      const organisationId = registered.registerOrganisation.organisation.id;
      await call(`mutation($input: JoinPartnershipInput!) { joinPartnership(input: $input) { position } }`, { input: { partnershipId, organisationId } }, secretariat);
    }
    await api.stop();
    // Fold the write-ahead log into the file, so a copy of the file alone is the whole log.
    const db = new Database(join(written, 'events.sqlite'));
    db.pragma('wal_checkpoint(TRUNCATE)');
    const busiest = db.prepare<[], { stream_id: string }>('SELECT stream_id FROM events GROUP BY stream_id ORDER BY COUNT(*) DESC LIMIT 1').get()!;
    stream = db
      .prepare<[string], Row>(
        'SELECT position, stream_id, stream_revision, data FROM events WHERE stream_id = ? AND stream_revision < 3 ORDER BY stream_revision',
      )
      .all(busiest.stream_id);
    db.close();
    expect(stream.map((row) => row.stream_revision)).toEqual([0, 1, 2]);
  });

  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('finds an untouched log intact and exits 0', async () => {
    const result = await verify(written);
    expect(result.stdout).toMatch(/^Chains intact \(\d+ events, \d+ streams\)\n$/);
    expect(result.code).toBe(0);
  });

  it('names an event whose data was edited in the file: its content no longer matches its hash', async () => {
    const [, edited] = stream;
    const dir = tamperedCopy((db) => {
      db.prepare(`UPDATE events SET data = json_set(data, '$.forged', 'yes') WHERE position = ?`).run(edited!.position);
    });
    const result = await verify(dir);
    expect(result.stdout).toContain(`Chain broken at position ${edited!.position}: stream ${edited!.stream_id}, revision 1 (hash-mismatch)`);
    expect(result.stdout).toContain('the event was edited after it was written');
    expect(result.code).toBe(1);
  });

  it('names the event after a deleted one: its revision no longer follows', async () => {
    const [, deleted, next] = stream;
    const dir = tamperedCopy((db) => {
      db.prepare('DELETE FROM events WHERE position = ?').run(deleted!.position);
    });
    const result = await verify(dir);
    expect(result.stdout).toContain(`Chain broken at position ${next!.position}: stream ${next!.stream_id}, revision 2 (revision-gap)`);
    expect(result.stdout).toContain('expected revision 1 next in this stream, found 2: an event was deleted or events were reordered');
    expect(result.code).toBe(1);
  });

  it('names the earlier of two events swapped in the log', async () => {
    const [, first, second] = stream;
    const dir = tamperedCopy((db) => {
      const move = db.prepare('UPDATE events SET position = ? WHERE position = ?');
      db.transaction(() => {
        move.run(-1, first!.position);
        move.run(first!.position, second!.position);
        move.run(second!.position, -1);
      })();
    });
    const result = await verify(dir);
    expect(result.stdout).toContain(`Chain broken at position ${first!.position}: stream ${first!.stream_id}, revision 2 (revision-gap)`);
    expect(result.code).toBe(1);
  });

  it('names an event whose revision was renumbered to hide a deletion: its link no longer matches', async () => {
    const [, deleted, next] = stream;
    const dir = tamperedCopy((db) => {
      db.prepare('DELETE FROM events WHERE position = ?').run(deleted!.position);
      db.prepare('UPDATE events SET stream_revision = stream_revision - 1 WHERE stream_id = ? AND stream_revision > 1').run(next!.stream_id);
    });
    const result = await verify(dir);
    expect(result.stdout).toContain(`Chain broken at position ${next!.position}: stream ${next!.stream_id}, revision 1 (previous-hash-mismatch)`);
    expect(result.code).toBe(1);
  });

  it('counts an older log without hashes as unchained, and chains it in place when the API starts', async () => {
    const intact = await verify(written);
    const dir = tamperedCopy((db) => {
      db.prepare(`UPDATE events SET metadata = json_remove(metadata, '$.hash', '$.previousHash')`).run();
    });
    const before = await verify(dir);
    expect(before.stdout).toMatch(/\n\d+ events carry no hash \(written before the log was chained\): unchained, so not covered by this check\n/);
    expect(before.code).toBe(0);

    const api = await ApiProcess.start({ dataDir: dir });
    await api.stop();
    const after = await verify(dir);
    // The canonical form leaves out what the store assigns, so the upgrade gives the very hashes the appends did.
    expect(after.stdout).toBe(intact.stdout);
    expect(after.code).toBe(0);
    expect(metadataOf(dir)).toEqual(metadataOf(written));
  });
});
