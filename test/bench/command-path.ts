import Database from 'better-sqlite3';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { actionStream, actionStreamId } from '@ledger/domain';
import { SQLITE_EVENTS_SCHEMA, SqliteEventStore, STREAM_DOES_NOT_EXIST, type Position, type RecordedEvent } from '@ledger/event-store';
import { Ledger } from '../../apps/api/src/ledger/ledger.service.js';
import { actionWithUpdates, cause } from './command-cost.js';
import type { BenchReport } from './results.js';

/**
 * Figure 1b: the command path below HTTP. The Ledger's `handle` (load, decide, append) for
 * SubmitActionUpdate across many actions, at 1 and at 50 commands in flight, against raw
 * better-sqlite3 inserts of the very rows it wrote (synchronous=FULL, one transaction per command).
 *
 * Profiled (node --cpu-prof, 3,000 commands over 500 actions, states kept) on 2026-11-24 under shared
 * load, self time, before group commit:
 * - 1 in flight: better-sqlite3's sqliteTransaction 42% (the COMMIT's fsync: the thread waits in it),
 *   readStream of the stream's tail past the kept state 8%, appendInTransaction (tip, retry lookup,
 *   INSERT) 4%, uuid randomness 4% (the bench's own update ids), GC 3%, canonical JSON and SHA-256 of
 *   the chain 5%, calendarDateIn 2%, decide 1.4%. 0.55–0.58 of raw when an fsync took ~0.25 ms.
 * - 50 in flight: the same, sqliteTransaction 50%: better-sqlite3 is synchronous, so 50 commands in
 *   flight still commit one by one, and 0.42–0.85 of raw (no faster than 1 in flight).
 * The fsync per command is the cost, so group commit: appends made in one turn of the event loop
 * share a transaction. After it, at 50 in flight every transaction carries 50 commands and the
 * handler runs several times faster than raw's transaction per command. Self time then: the group's
 * COMMIT 30–60% (as slow as the shared disk is busy), appendInTransaction 6% (13% with the chain it
 * calls: tip read, canonical JSON, SHA-256, INSERT), GC 6–9%, uuid v5 event ids 3.5%, readStream 1.4%
 * (9.5% until its bound LIMIT went: the usually empty tail read took ~34 µs, now ~6 µs). Against raw
 * at 50 rows a transaction it is 0.3–0.5: better-sqlite3 waits for the fsync on the main thread, so
 * no command is decided meanwhile and the next group forms only after it. A commit on a worker
 * thread would overlap the two (not done).
 */
const ACTIONS = 500;
const IN_FLIGHT = 50;
const partnership = { formed: true, parentPartnershipId: null, timeZone: 'Europe/London', organisationIds: ['o'], memberIds: [], activePriorityIds: [] };
const commitment = { exists: true, status: 'ACTIVE' as const, partnershipId: 'p' };

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

type Setup = { store: SqliteEventStore; ledger: Ledger; actionIds: string[] };

async function plannedActions(filename: string, options: { groupCommit?: boolean } = {}): Promise<Setup> {
  const store = new SqliteEventStore({ filename, ...options });
  const ledger = new Ledger(store, { clock: () => new Date('2026-06-01T12:00:00.000Z') });
  const actionIds = Array.from({ length: ACTIONS }, () => uuidv7());
  for (const actionId of actionIds) {
    await store.appendToStream(actionStreamId(actionId), actionWithUpdates(actionId, 0), { expectedRevision: STREAM_DOES_NOT_EXIST });
  }
  return { store, ledger, actionIds };
}

const submit = ({ ledger }: Setup, actionId: string) =>
  ledger.handle(actionStream, actionId, { type: 'SubmitActionUpdate', data: { actionId, updateId: uuidv7(), status: 'ON_TRACK', percentComplete: 50, whatHasHappened: 'One more', commitment, partnership } }, cause());

/** `commands` SubmitActionUpdates with `inFlight` workers, each on its own actions; seconds taken. */
async function run(setup: Setup, commands: number, inFlight: number): Promise<number> {
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: inFlight }, async (_, worker) => {
      for (let i = worker; i < commands; i += inFlight) await submit(setup, setup.actionIds[i % ACTIONS]!);
    }),
  );
  return seconds(start);
}

/** The ceiling: the same rows (ids, revisions, JSON with the chain's hashes) into the same schema, one transaction each, no checks. */
function rawStore(filename: string) {
  const raw = new Database(filename);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.exec(SQLITE_EVENTS_SCHEMA);
  const insert = raw.prepare('INSERT INTO events (event_id, stream_id, stream_revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const append = raw.transaction((events: readonly RecordedEvent[]) => {
    for (const event of events) {
      insert.run(event.id, event.streamId, Number(event.streamRevision), event.type, JSON.stringify(event.data), JSON.stringify(event.metadata), new Date().toISOString());
    }
  });
  return {
    /** Seconds to append `events`, `perTransaction` at a time. */
    append(events: readonly RecordedEvent[], perTransaction = 1) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < events.length; i += perTransaction) append(events.slice(i, i + perTransaction));
      return seconds(start);
    },
    close: () => raw.close(),
  };
}

/**
 * Ours and the ceiling take turns, a round each, so both meet the same disk and the same neighbours
 * (the machine is shared and an fsync's cost swings several-fold from minute to minute). The raw
 * rows go in a transaction each (the figure's ceiling) and, with `batched`, also that many a
 * transaction into a second file: what a perfect group commit could reach.
 */
async function measure(dir: string, name: string, inFlight: number, commands: number, options: { groupCommit?: boolean; raw?: boolean; batched?: number } = {}) {
  const setup = await plannedActions(join(dir, `command-path-${name}.sqlite`), options);
  const raws = options.raw === false ? [] : [rawStore(join(dir, `command-path-${name}-raw.sqlite`)), ...(options.batched ? [rawStore(join(dir, `command-path-${name}-raw-batched.sqlite`))] : [])];
  await run(setup, ACTIONS, inFlight); // warm: the JIT, and each action's state kept
  const before = await setup.store.readAll();
  for (const raw of raws) raw.append(before, 1000);
  const totals = { ours: 0, raw: 0, rawBatched: 0, commands: 0 };
  const commits = setup.store.commits;
  for (let round = 0; round < ROUNDS; round++) {
    const after = (await setup.store.headPosition()) as Position;
    totals.ours += await run(setup, commands / ROUNDS, inFlight);
    const written = await setup.store.readAll({ after });
    totals.commands += written.length;
    if (raws[0]) totals.raw += raws[0].append(written);
    if (raws[1]) totals.rawBatched += raws[1].append(written, options.batched);
  }
  const transactions = setup.store.commits.transactions - commits.transactions;
  for (const raw of raws) raw.close();
  await setup.store.close();
  return { ...totals, meanGroup: totals.commands / transactions };
}

const ROUNDS = 4;
const rate = (count: number, seconds: number) => Math.round(count / seconds).toLocaleString('en-GB');

export async function benchCommandPath(report: BenchReport, dir: string, commands = Number(process.env.BENCH_COMMANDS_1B ?? 2_000)) {
  const ceilingWhat = 'raw better-sqlite3 inserts of the same rows, synchronous=FULL, a transaction per command';
  for (const inFlight of [1, IN_FLIGHT]) {
    const measured = await measure(dir, `${inFlight}`, inFlight, commands, { batched: inFlight > 1 ? inFlight : undefined });
    report.add({
      figure: `1b command handler, ${inFlight} in flight`,
      ours: { value: measured.commands / measured.ours, unit: 'commands/s' },
      ceiling: { what: ceilingWhat, value: measured.commands / measured.raw, unit: 'commands/s' },
      ratio: { kind: 'ofCeiling', value: measured.raw / measured.ours },
      goal: { atLeast: 0.5 },
      note:
        inFlight > 1
          ? `group commit, ${measured.meanGroup.toFixed(1)} commands a transaction on average; raw with ${inFlight} rows a transaction: ${rate(measured.commands, measured.rawBatched)} commands/s (${(measured.rawBatched / measured.ours).toFixed(2)} of it)`
          : undefined,
    });
  }
  // Group commit against a transaction per append, the same 50 in flight, taking turns.
  const grouped = { ours: 0, commands: 0 };
  const single = { ours: 0, commands: 0 };
  for (let round = 0; round < 2; round++) {
    for (const [totals, groupCommit] of [[grouped, true], [single, false]] as const) {
      const measured = await measure(dir, `${IN_FLIGHT}-${groupCommit ? 'group' : 'single'}-${round}`, IN_FLIGHT, commands / 2, { groupCommit, raw: false });
      totals.ours += measured.ours;
      totals.commands += measured.commands;
    }
  }
  report.add({
    figure: `1b group commit, ${IN_FLIGHT} in flight`,
    ours: { value: grouped.commands / grouped.ours, unit: 'commands/s' },
    ceiling: { what: 'the same handler with a transaction per append', value: single.commands / single.ours, unit: 'commands/s' },
    ratio: { kind: 'ofCeiling', value: grouped.commands / grouped.ours / (single.commands / single.ours) },
    note: 'above 1 is the speed-up: one fsync per group instead of one per command',
  });
}
