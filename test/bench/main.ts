import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { SCHEMA_VERSION, SqliteEventStore, STREAM_DOES_NOT_EXIST, type NewEvent } from '@ledger/event-store';
import { MerkleLog } from '@ledger/integrity';
import { openReadModelDatabase, partnershipDirectoryProjection, ProjectionRunner } from '@ledger/projections';
import { benchCommandCost } from './command-cost.js';
import { benchCommandPath } from './command-path.js';
import { benchHistory } from './history.js';
import { benchHttp } from './http/http-bench.js';
import { benchHttpStack } from './http/http-stack.js';
import { generateNationalDataset } from './national/national-dataset.js';
import { benchRebuild } from './rebuild.js';
import { BenchReport, type Figure } from './results.js';

/**
 * Throughput of the embedded store and the projection runner, each printed beside a ceiling
 * measured in the same run on the same machine: raw better-sqlite3 doing the same inserts with
 * none of the store's checks. The ratio is what our code costs on top of SQLite itself.
 */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 50_000);
const BATCH = 100;
/** The national dataset's scale for this run (issue 13); 0 skips it. The full dataset: `npm run bench:national -- --scale 1 --data-dir <dir>`. */
const NATIONAL_SCALE = Number(process.env.BENCH_NATIONAL_SCALE ?? 0.01);
const metadata = { actor: { personId: 'bench', grantId: 'bench', role: 'SECRETARIAT' as const, organisationId: null }, correlationId: 'bench', causationId: 'bench', schemaVersion: SCHEMA_VERSION };

const organisationEvents = (count: number): NewEvent[] =>
  Array.from({ length: count }, (_, i) => {
    const organisationId = uuidv7();
    return { id: uuidv7(), type: 'OrganisationRegistered', data: { organisationId, name: `VCSE group ${i}`, sector: 'VCSE', registeredAt: new Date().toISOString() }, metadata };
  });

function seconds(start: bigint) {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** A throughput figure: `count` events in `ours` seconds against the ceiling's `ceiling` seconds. */
function throughput(report: BenchReport, figure: string, count: number, ours: number, ceiling: { what: string; seconds: number }, goal?: Figure['goal']) {
  report.add({
    figure,
    ours: { value: count / ours, unit: 'events/s' },
    ceiling: { what: ceiling.what, value: count / ceiling.seconds, unit: 'events/s' },
    ratio: { kind: 'ofCeiling', value: ceiling.seconds / ours },
    goal,
  });
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  const report = new BenchReport();
  try {
    // BENCH_ONLY=command-cost runs that figure alone (it is quick), e.g. under --cpu-prof.
    if (process.env.BENCH_ONLY === 'command-cost') return void (await benchCommandCost(report, dir, [10, 1_000, 10_000]));
    const events = organisationEvents(EVENTS);

    // Ceiling: the same rows, same schema, same durability, inserted in batches with no checks.
    const raw = new Database(join(dir, 'raw.sqlite'));
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL,
      stream_revision INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL,
      UNIQUE (stream_id, stream_revision))`);
    const insert = raw.prepare('INSERT INTO events (event_id, stream_id, stream_revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const rawBatch = raw.transaction((batch: NewEvent[], stream: string) =>
      batch.forEach((event, revision) => insert.run(event.id, stream, revision, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata), new Date().toISOString())),
    );
    let start = process.hrtime.bigint();
    for (let i = 0; i < EVENTS; i += BATCH) rawBatch(events.slice(i, i + BATCH), `organisation-${i}`);
    const ceilingAppend = seconds(start);
    raw.close();

    const store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    start = process.hrtime.bigint();
    for (let i = 0; i < EVENTS; i += BATCH) {
      await store.appendToStream(`organisation-${i}`, events.slice(i, i + BATCH), { expectedRevision: STREAM_DOES_NOT_EXIST });
    }
    throughput(report, `0 append, batches of ${BATCH}`, EVENTS, seconds(start), { what: 'raw better-sqlite3 inserts, synchronous=FULL', seconds: ceilingAppend });

    // Ceiling for replay: reading the log and inserting the read-model rows directly, one transaction per 500.
    const ceilingDb = new Database(join(dir, 'ceiling-read.sqlite'));
    ceilingDb.pragma('journal_mode = WAL');
    ceilingDb.pragma('synchronous = NORMAL');
    ceilingDb.exec('CREATE TABLE directory_organisations (id TEXT PRIMARY KEY, name TEXT NOT NULL, sector TEXT NOT NULL, registered_at TEXT NOT NULL)');
    const insertRow = ceilingDb.prepare('INSERT INTO directory_organisations VALUES (?, ?, ?, ?)');
    start = process.hrtime.bigint();
    let after: string | undefined;
    for (;;) {
      const batch = await store.readAll({ after: after as never, maxCount: 500 });
      if (batch.length === 0) break;
      ceilingDb.transaction(() => {
        for (const { data } of batch as { data: any }[]) insertRow.run(data.organisationId, data.name, data.sector, data.registeredAt);
      })();
      after = batch[batch.length - 1]!.position;
    }
    const ceilingReplay = seconds(start);
    ceilingDb.close();

    const readModels = openReadModelDatabase(join(dir, 'read-models.sqlite'));
    const runner = new ProjectionRunner(store, readModels, [partnershipDirectoryProjection]);
    start = process.hrtime.bigint();
    await runner.rebuild([]);
    throughput(report, '0 projection rebuild (partnership-directory)', EVENTS, seconds(start), { what: 'log read + raw row inserts', seconds: ceilingReplay });
    readModels.close();

    // The Merkle tree over the same log: the leaf table catching up, its first root (cold), then proofs from remembered subtrees.
    const tree = new MerkleLog(join(dir, 'integrity.sqlite'));
    start = process.hrtime.bigint();
    await tree.sync(store);
    const sync = seconds(start);
    start = process.hrtime.bigint();
    tree.rootAt(EVENTS);
    const cold = seconds(start);
    start = process.hrtime.bigint();
    for (let i = 0; i < 100; i++) tree.inclusionProof((i * 7919) % (EVENTS - i), EVENTS - i);
    const proof = seconds(start) / 100;
    console.log(
      `merkle tree: leaf table sync ${Math.round(EVENTS / sync).toLocaleString('en-GB')} events/s; first root of ${EVENTS} leaves ${(cold * 1000).toFixed(0)} ms; an inclusion proof after it ${(proof * 1000).toFixed(1)} ms`,
    );
    tree.close();
    await store.close();

    await benchCommandCost(report, dir, [10, 1_000, 10_000]);

    await benchCommandPath(report, dir);

    await benchHistory(report, dir, [10_000, Math.max(EVENTS, 20_000)], [10, 100, 1000]);

    await benchHttpStack(report, dir);

    if (NATIONAL_SCALE > 0) {
      // Generation through the deciders and the store port; the later figures (board views, rebuild) read this log.
      const national = new SqliteEventStore({ filename: join(dir, 'national.sqlite'), synchronous: 'NORMAL', groupCommit: false });
      start = process.hrtime.bigint();
      const generated = await generateNationalDataset(national, { scale: NATIONAL_SCALE });
      const took = seconds(start);
      console.log(
        `national dataset at scale ${NATIONAL_SCALE}: ${generated.events.toLocaleString('en-GB')} events (${generated.commands.toLocaleString('en-GB')} commands decided) in ${took.toFixed(1)} s, ` +
          `${Math.round(generated.events / took).toLocaleString('en-GB')} events/s; the longest action has ${generated.longestActionUpdates.toLocaleString('en-GB')} updates`,
      );
      await national.close();
      await benchRebuild(report, dir);
      await benchHttp(report, dir, join(dir, 'national.sqlite'));
    }

    const { heapUsed, rss } = process.memoryUsage();
    console.log(`memory: heap ${(heapUsed / 2 ** 20).toFixed(0)} MiB, rss ${(rss / 2 ** 20).toFixed(0)} MiB`);
    report.write();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
