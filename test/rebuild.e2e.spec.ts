import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { PROJECTIONS } from '../apps/api/src/capabilities.js';
import { generateNationalDataset } from './bench/national/national-dataset.js';
import { API_ENTRY, ApiProcess, CLI_ENTRY, newDataDir, runCli, TEST_JWT_SECRET } from './support/api-process.js';
import { dumpReadModels } from './support/read-models.js';

/** A small national log (about 29,000 events: three batches of a rebuild), generated through the deciders and the store port. */
const SCALE = 0.005;
const PROGRESS = /^Rebuilding: ([\d,]+)\/([\d,]+) events \((\d+)%\), [\d,]+ events\/s(, about \d+ s left)?$/;
const count = (text: string) => Number(text.replaceAll(',', ''));

/** Spawns the built CLI or API and SIGKILLs it as soon as its output shows `signal`; resolves with that output. */
function killWhenSeen(entry: string, args: string[], env: Record<string, string>, signal: RegExp) {
  return new Promise<{ output: string; code: number | null; killed: boolean }>((done) => {
    const child: ChildProcess = spawn(process.execPath, [entry, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let killed = false;
    const watch = (chunk: Buffer) => {
      output += String(chunk);
      if (!killed && signal.test(output)) {
        killed = true;
        child.kill('SIGKILL');
      }
    };
    child.stdout!.on('data', watch);
    child.stderr!.on('data', watch);
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ output, code, killed });
    });
  });
}

/** Each projection's stored checkpoint, read from the read-model file as it stands. */
function checkpoints(dataDir: string): Record<string, string> {
  const db = new Database(join(dataDir, 'read-models.sqlite'), { readonly: true });
  try {
    const rows = db.prepare<[], { name: string; position: string }>('SELECT name, position FROM projection_checkpoints').all();
    return Object.fromEntries(rows.map(({ name, position }) => [name, position]));
  } finally {
    db.close();
  }
}

const rowCount = (dump: Record<string, unknown[]>, table: string) => dump[table]!.length;

describe('rebuilding every read model on a generated national log', () => {
  const source = newDataDir();
  const env = (dataDir: string) => ({ LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: TEST_JWT_SECRET });
  let events = 0;
  let byType: Record<string, number> = {};
  /** The read models of a rebuild run start to finish with nothing in the way: what every other path must equal. */
  let clean: Record<string, unknown[]>;
  let rebuilt: Awaited<ReturnType<typeof runCli>>;
  const copyOfLog = () => {
    const dataDir = newDataDir();
    cpSync(join(source, 'events.sqlite'), join(dataDir, 'events.sqlite'));
    return dataDir;
  };

  beforeAll(async () => {
    const store = new SqliteEventStore({ filename: join(source, 'events.sqlite'), synchronous: 'NORMAL' });
    try {
      const generated = await generateNationalDataset(store, { scale: SCALE });
      events = generated.events;
      byType = generated.eventsByType;
    } finally {
      await store.close();
    }
    rebuilt = await runCli(['rebuild'], env(source));
    clean = dumpReadModels(source) as Record<string, unknown[]>;
  });
  afterAll(() => rmSync(source, { recursive: true, force: true }));

  it('prints progress (done/total, rate, time left) on stderr and builds every read model from the whole log', async () => {
    expect(rebuilt.code).toBe(0);
    const lines = rebuilt.stderr.trim().split('\n');
    for (const line of lines) expect(line).toMatch(PROGRESS);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const done = lines.map((line) => count(PROGRESS.exec(line)![1]!));
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(lines.map((line) => count(PROGRESS.exec(line)![2]!))).toEqual(lines.map(() => events));
    expect(lines.at(-1)).toMatch(new RegExp(`^Rebuilding: ${events.toLocaleString('en-GB')}/${events.toLocaleString('en-GB')} events \\(100%\\)`));
    // Every read model the service keeps, in the order it keeps them.
    expect(rebuilt.stdout).toMatch(new RegExp(`^Rebuilt ${PROJECTIONS.map((projection) => projection.name).join(', ')} in \\d+\\.\\ds$`, 'm'));

    // Every read model reached the log's head, and each holds what the log says.
    expect(new Set(Object.values(checkpoints(source)))).toEqual(new Set([String(events)]));
    expect(rowCount(clean, 'tracker_action_updates')).toBe(byType.ActionUpdateSubmitted);
    expect(rowCount(clean, 'tracker_actions')).toBe(byType.ActionPlanned);
    expect(rowCount(clean, 'board_commitments')).toBe(byType.CommitmentMade);
    expect(rowCount(clean, 'indicator_readings')).toBe(byType.IndicatorReadingRecorded);
    expect(rowCount(clean, 'directory_organisations')).toBe(byType.OrganisationRegistered);
    expect(clean.projection_rebuilds).toEqual([]);
  });

  it('resumes a rebuild killed with SIGKILL after its first progress line, ending with the read models of a clean rebuild', async () => {
    const dataDir = copyOfLog();
    const killed = await killWhenSeen(CLI_ENTRY, ['rebuild'], env(dataDir), /^Rebuilding: /m);
    expect(killed.killed).toBe(true);
    // Killed part-way: some batches committed with their checkpoints, the rebuild marked as unfinished.
    const reached = Object.values(checkpoints(dataDir)).map(Number);
    expect(reached.length).toBeGreaterThan(0);
    expect(Math.max(...reached)).toBeLessThan(events);
    expect(rowCount(dumpReadModels(dataDir) as Record<string, unknown[]>, 'projection_rebuilds')).toBe(PROJECTIONS.length);

    const resumed = await runCli(['rebuild'], env(dataDir));
    expect(resumed.code).toBe(0);
    const names = PROJECTIONS.map((projection) => projection.name).sort();
    expect(resumed.stderr).toMatch(new RegExp(`^Resuming the stopped rebuild of ${names.join(', ')} from where it got to$`, 'm'));
    // It read on from the checkpoints rather than from the start of the log.
    expect(count(PROGRESS.exec(resumed.stderr.trim().split('\n').at(-1)!)![2]!)).toBeLessThan(events);
    expect(dumpReadModels(dataDir)).toEqual(clean);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('catches up at API start-up with progress logged, and after a SIGKILL mid-catch-up a restart ends with the read models of a clean rebuild', async () => {
    const dataDir = copyOfLog();
    const killed = await killWhenSeen(API_ENTRY, [], { ...env(dataDir), NODE_ENV: 'test', PORT: '0' }, /events behind the log: catching up/);
    expect(killed.killed).toBe(true);
    expect(killed.output).toMatch(new RegExp(`Read models are ${events.toLocaleString('en-GB')} events behind the log: catching up`));

    const api = await ApiProcess.start({ dataDir });
    try {
      const deadline = Date.now() + 30_000;
      while (Object.values(checkpoints(dataDir)).some((position) => position !== String(events))) {
        if (Date.now() > deadline) throw new Error(`read models did not catch up: ${JSON.stringify(checkpoints(dataDir))}\n${api.logs}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      expect(await api.stop()).toBe(0);
    }
    expect(api.logs).toMatch(/Read models caught up with the log|Read models are [\d,]+ events behind the log/);
    // Beside the read models the API keeps its process managers' checkpoints, which no rebuild touches.
    const { process_checkpoints: processCheckpoints, ...readModels } = dumpReadModels(dataDir);
    expect(processCheckpoints).toEqual([]);
    expect(readModels).toEqual(clean);
    rmSync(dataDir, { recursive: true, force: true });
  });
});
