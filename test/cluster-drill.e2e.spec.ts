import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli, startApi, type RunningApi } from './bench/http/api-process.js';

/**
 * The cluster drill (test/drill/cluster-drill.ts) run as an operator runs it: the built command as a
 * child process, against the built API on the embedded store. Killing the API mid-run and restarting
 * it on the same data folder is the single-instance form of killing the leader: the drill retries with
 * the same clientMutationIds, and every acknowledged update must still be recorded exactly once.
 */
const DRILL = resolve('dist/test/drill/cluster-drill.js');
const ADMIN = 'drill-admin';

type DrillRun = { code: number | null; stdout: string; stderr: string };

/** Runs the drill to its exit; `onProgress` sees each stderr line as it comes. */
function drill(args: readonly string[], onProgress: (line: string) => void = () => {}): { child: ChildProcess; done: Promise<DrillRun> } {
  const child = spawn(process.execPath, [DRILL, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  drills.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk;
    for (const line of String(chunk).split('\n')) if (line) onProgress(line);
  });
  const done = once(child, 'exit').then(([code]) => {
    drills.delete(child);
    return { code: code as number | null, stdout, stderr };
  });
  return { child, done };
}

/** A data folder with a PLATFORM_ADMIN granted at the console, and their token from `cli mint-token`: the runbook's first two steps. */
function adminFolder(): { dataDir: string; token: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-drill-'));
  runCli(dataDir, ['grant', '--subject', ADMIN, '--role', 'PLATFORM_ADMIN', '--reason', 'Cluster drill']);
  return { dataDir, token: runCli(dataDir, ['mint-token', '--sub', ADMIN, '--expires-in', '1h']).trim() };
}

/** How many times the log itself holds each update of the drill run `run` (read beside the API; WAL lets a reader in). */
function timesInTheLog(dataDir: string, run: string): number[] {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare<[string], { n: number }>(
        `SELECT count(*) AS n FROM events WHERE type = 'ActionUpdateSubmitted' AND json_extract(data, '$.whatHasHappened') LIKE ? GROUP BY json_extract(data, '$.whatHasHappened')`,
      )
      .all(`Cluster drill update drill-${run}-u%`);
    return rows.map(({ n }) => n);
  } finally {
    db.close();
  }
}

const drills = new Set<ChildProcess>();
const apis: RunningApi[] = [];
const folders: string[] = [];

async function api(dataDir: string, port?: number) {
  const started = await startApi(dataDir, { timeoutMs: 60_000, port });
  apis.push(started);
  return started;
}

afterAll(async () => {
  for (const child of drills) child.kill('SIGKILL');
  for (const started of apis) await started.stop();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe('cluster drill', () => {
  let dataDir: string;
  let token: string;

  beforeAll(() => {
    ({ dataDir, token } = adminFolder());
    folders.push(dataDir);
  });

  it('sends every update, and finds each acknowledged one recorded once on the instance', async () => {
    const running = await api(dataDir);
    const { code, stdout, stderr } = await drill(['--api', running.base, '--token', token, '--updates', '200', '--clients', '10', '--actions', '5']).done;
    expect({ code, stderr }).toMatchObject({ code: 0 });
    expect(stdout).toMatch(/sent 200, acknowledged 200, retried \d+, failed 0/);
    expect(stdout).toContain(`${running.base}: caught up; recorded 200: lost 0, doubled 0, unacknowledged 0`);
    expect(stdout).toContain('PASS: every acknowledged update is recorded exactly once on every instance');
    expect(stderr).toMatch(/set up: partnership "Cluster drill \w+", 5 actions; sending 200 updates/);
    await running.stop();
  }, 120_000);

  it('survives the API killed (SIGKILL) mid-run and restarted on the same data: every acknowledged update counted exactly once', async () => {
    const first = await api(dataDir);
    const port = Number(new URL(first.base).port);
    let acknowledgedAtKill: number | undefined;
    let killed: (() => void) | undefined;
    const kill = new Promise<void>((done) => (killed = done));
    // Enough retries to outlast a restart on a busy machine (a leader election takes seconds too).
    const run = drill(['--api', first.base, '--token', token, '--updates', '600', '--clients', '10', '--actions', '5', '--max-attempts', '40'], (line) => {
      const progress = /acknowledged (\d+)/.exec(line);
      if (progress && acknowledgedAtKill === undefined && Number(progress[1]) >= 20) {
        acknowledgedAtKill = Number(progress[1]);
        killed!();
      }
    });
    await Promise.race([kill, run.done]);
    expect(acknowledgedAtKill).toBeDefined();
    first.child.kill('SIGKILL');
    await once(first.child, 'exit').catch(() => undefined);
    const second = await api(dataDir, port);
    const { code, stdout, stderr } = await run.done;
    expect({ code, stdout, stderr }).toMatchObject({ code: 0 });
    // The kill came while updates were still to send, and the drill had to repeat some of them.
    expect(acknowledgedAtKill).toBeLessThan(600);
    const retried = Number(/retried (\d+), failed 0/.exec(stdout)?.[1]);
    expect(retried).toBeGreaterThan(0);
    expect(stdout).toContain('acknowledged 600, failed 0');
    expect(stdout).toContain(`${second.base}: caught up; recorded 600: lost 0, doubled 0, unacknowledged 0`);
    expect(stdout).toContain('PASS');
    // The same property at the source: the log holds each of the 600 updates once, whatever the read models show.
    const runId = /^cluster drill (\w+):/.exec(stdout)![1]!;
    const times = timesInTheLog(dataDir, runId);
    expect(times).toHaveLength(600);
    expect(new Set(times)).toEqual(new Set([1]));
    await second.stop();
  }, 180_000);

  it('fails, exit 1, when an instance serves another ledger: its updates fail and it has none of the acknowledged ones', async () => {
    const ours = await api(dataDir);
    const other = adminFolder();
    folders.push(other.dataDir);
    const theirs = await api(other.dataDir);
    const { code, stdout } = await drill(['--api', ours.base, '--api', theirs.base, '--token', token, '--updates', '20', '--clients', '4', '--actions', '2', '--timeout-seconds', '2']).done;
    expect(code).toBe(1);
    // Round-robin: the odd updates went to the other ledger, which has no such action.
    expect(stdout).toContain('sent 20, acknowledged 10, retried 0, failed 10');
    expect(stdout).toContain(`${ours.base}: caught up; recorded 10: lost 0, doubled 0, unacknowledged 0`);
    expect(stdout).toMatch(new RegExp(`${theirs.base}: NOT caught up; recorded 0: lost 10, doubled 0`));
    expect(stdout).toMatch(/FAIL: \d+ difference\(s\)/);
    expect(stdout).toMatch(/- 10 mutation\(s\) never acknowledged \(refused, or given up after their retries\): drill-\w+-u\d+ \(http:[^)]*: NOT_FOUND: Action/);
    expect(stdout).toContain(`- ${theirs.base}: 10 acknowledged update(s) lost`);
    await Promise.all([ours.stop(), theirs.stop()]);
  }, 120_000);
});
