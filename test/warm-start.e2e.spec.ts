import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { generateNationalDataset } from './bench/national/national-dataset.js';
import { ApiProcess, newDataDir } from './support/api-process.js';

/** A small national log (about 11,600 events: more than one catch-up batch), generated through the deciders and the store port. */
const SCALE = 0.002;
/** Ready means every read model holds the whole log. */
const ENV = { LEDGER_READY_MAX_LAG: '0' };

function query<T>(file: string, sql: string): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare<[], T>(sql).all();
  } finally {
    db.close();
  }
}

/** Every stored position: the projections' checkpoints, the log completers' and the legacy-actor check's. */
function positions(dataDir: string) {
  const readModels = join(dataDir, 'read-models.sqlite');
  const byName = (rows: { name: string; position: string | number }[]) => Object.fromEntries(rows.map(({ name, position }) => [name, String(position)]));
  return {
    projections: byName(query(readModels, 'SELECT name, position FROM projection_checkpoints')),
    completers: byName(query(readModels, 'SELECT name, position FROM process_checkpoints')),
    upgrades: byName(query(join(dataDir, 'events.sqlite'), 'SELECT name, checked_through AS position FROM log_upgrades')),
  };
}

async function untilReady(api: ApiProcess) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if ((await fetch(api.url.replace('/graphql', '/readyz'))).status === 200) return;
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error(`the API did not become ready:\n${api.logs}`);
}

/** Waits until `condition` holds of the data folder (written by a running API), up to 20 s. */
async function until(condition: () => boolean, what: string) {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

describe('starting on a data folder whose read models are up to date', () => {
  const dataDir = newDataDir();
  let head: string;

  beforeAll(async () => {
    const store = new SqliteEventStore({ filename: join(dataDir, 'events.sqlite'), synchronous: 'NORMAL' });
    try {
      await generateNationalDataset(store, { scale: SCALE });
      head = String(await store.headPosition());
    } finally {
      await store.close();
    }
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('stores, on the first start, where every reader of the log got to: the head', async () => {
    const api = await ApiProcess.start({ dataDir, env: ENV });
    try {
      await untilReady(api);
      // The completers follow the log on their own; the first time they reach the head they store it.
      await until(() => Object.values(positions(dataDir).completers).filter((position) => position === head).length === 2, 'both log completers store the head');
    } finally {
      await api.stop();
    }
    const stored = positions(dataDir);
    expect(Object.keys(stored.projections).length).toBeGreaterThanOrEqual(8);
    for (const position of Object.values(stored.projections)) expect(position).toBe(head);
    expect(stored.completers).toEqual({ 'action-plans': head, 'organisation-merges': head });
    expect(stored.upgrades).toEqual({ 'legacy-actors': head });
  });

  it('then reads nothing again: no read model is rebuilt or replayed, and every stored position stays', async () => {
    const before = positions(dataDir);
    // A row no replay would leave alone: every partnership's name in the directory, edited behind the API's back.
    // A rebuild, or a projection re-reading the log from an earlier position, would write the names back.
    const db = new Database(join(dataDir, 'read-models.sqlite'));
    const edited = db.prepare("UPDATE directory_partnerships SET name = 'Kept across a restart'").run().changes;
    db.close();
    expect(edited).toBeGreaterThan(0);

    const api = await ApiProcess.start({ dataDir, env: ENV });
    try {
      await untilReady(api);
    } finally {
      await api.stop();
    }

    const names = query<{ name: string }>(join(dataDir, 'read-models.sqlite'), 'SELECT DISTINCT name FROM directory_partnerships');
    expect(names).toEqual([{ name: 'Kept across a restart' }]);
    expect(positions(dataDir)).toEqual(before);
    // The runner says when it catches up more than a batch, or rebuilds a read model whose shape changed.
    expect(api.logs).not.toMatch(/events behind the log|rebuilding it from the log|Moving token subjects|Chaining the event log/);
  });
});
