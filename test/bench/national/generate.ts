import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SqliteEventStore } from '@ledger/event-store';
import { generateNationalDataset, type Progress } from './national-dataset.js';

/**
 * `node dist/test/bench/national/generate.js --scale 0.01 --data-dir <dir> [--seed national-dataset]`
 * writes the national dataset into <dir>/events.sqlite (the file a data folder's API reads), through the
 * store port. Progress (events/s, ETA) goes to stderr; the summary, as JSON, to stdout.
 */
function usage(message: string): never {
  process.stderr.write(`${message}\nusage: generate --scale <0 < n ≤ 1> --data-dir <empty or new directory> [--seed <text>]\n`);
  process.exit(2);
}

const { values } = parseArgs({ options: { scale: { type: 'string', default: '0.01' }, 'data-dir': { type: 'string' }, seed: { type: 'string', default: 'national-dataset' } } });
const scale = Number(values.scale);
if (!Number.isFinite(scale) || scale <= 0 || scale > 1) usage(`--scale must be a number above 0 and at most 1; got "${values.scale}"`);
const dataDir = values['data-dir'] ?? usage('--data-dir is required: the directory to write events.sqlite into');
mkdirSync(dataDir, { recursive: true });
const filename = join(dataDir, 'events.sqlite');
if (existsSync(filename)) usage(`--data-dir ${dataDir} already holds events.sqlite: the generator writes a new log only, so give an empty directory`);

// NORMAL: a generated dataset can be regenerated, so it need not survive power loss mid-run (WAL keeps it consistent).
// No group commit: the generator appends one at a time, so a group would only wait a turn of the event loop.
const store = new SqliteEventStore({ filename, synchronous: 'NORMAL', groupCommit: false });
const start = process.hrtime.bigint();
let peakRss = 0;
const seconds = () => Number(process.hrtime.bigint() - start) / 1e9;
const onProgress = ({ events, expectedEvents }: Progress) => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  const elapsed = seconds();
  const rate = events / elapsed;
  const eta = Math.max(0, (expectedEvents - events) / rate);
  process.stderr.write(
    `\r${events.toLocaleString('en-GB')} / ~${expectedEvents.toLocaleString('en-GB')} events, ${Math.round(rate).toLocaleString('en-GB')} events/s, ` +
      `elapsed ${elapsed.toFixed(0)} s, ETA ${eta.toFixed(0)} s, rss ${(peakRss / 2 ** 20).toFixed(0)} MiB   `,
  );
};
const result = await generateNationalDataset(store, { scale, seed: values.seed, onProgress });
await store.close();
const elapsed = seconds();
process.stderr.write('\n');
const bytes = ['', '-wal', '-shm'].reduce((sum, suffix) => sum + (existsSync(filename + suffix) ? statSync(filename + suffix).size : 0), 0);
process.stdout.write(
  `${JSON.stringify(
    { scale, seed: values.seed, file: filename, seconds: Number(elapsed.toFixed(1)), eventsPerSecond: Math.round(result.events / elapsed), bytes, peakRssMiB: Math.round(Math.max(peakRss, process.memoryUsage.rss()) / 2 ** 20), ...result },
    null,
    2,
  )}\n`,
);
