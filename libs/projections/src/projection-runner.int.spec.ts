import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ANY, SqliteEventStore, type EventStore, type Position } from '@ledger/event-store';
import { CheckpointMovedError } from './checkpoints.js';
import { ProjectionRunner } from './projection-runner.js';
import { openReadModelDatabase, type ReadModelDatabase } from './read-model-database.js';
import type { Projection } from './projection.js';
import { countedEvents, onceProjection } from './testing/once-projection.js';

/** Counts events per stream: double-applying any event would show as a wrong count. */
const countingProjection: Projection = {
  name: 'counting',
  version: 1,
  handles: new Set(['Counted']),
  setUp: (db) => db.exec('CREATE TABLE IF NOT EXISTS counts (stream_id TEXT PRIMARY KEY, count INTEGER NOT NULL)'),
  tearDown: (db) => db.exec('DROP TABLE IF EXISTS counts'),
  apply: (db, event) =>
    db
      .prepare('INSERT INTO counts (stream_id, count) VALUES (?, 1) ON CONFLICT (stream_id) DO UPDATE SET count = count + 1')
      .run(event.streamId),
};

const append = (store: EventStore, streamId: string, count: number) => store.appendToStream(streamId, countedEvents(count), { expectedRevision: ANY });
const counts = (db: ReadModelDatabase) => db.prepare('SELECT stream_id, count FROM counts ORDER BY stream_id').all();

describe('projection runner', () => {
  let dir: string;
  let store: SqliteEventStore;
  let db: ReadModelDatabase;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-projections-'));
    store = new SqliteEventStore({ filename: join(dir, 'events.sqlite'), pollIntervalMs: 10 });
    db = openReadModelDatabase(join(dir, 'read-models.sqlite'));
  });
  afterEach(async () => {
    await store.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports each projection\'s lag up to a bound, sharing one count between concurrent callers', async () => {
    await append(store, 'a', 5);
    const runner = new ProjectionRunner(store, db, [countingProjection]);
    let counted = 0;
    const countEventsAfter = store.countEventsAfter.bind(store);
    store.countEventsAfter = (after, upTo) => {
      counted++;
      return countEventsAfter(after, upTo);
    };
    const [first, second] = await Promise.all([runner.lag(100), runner.lag(100)]);
    expect(first).toBe(second);
    expect(counted).toBe(1);
    expect([...first]).toEqual([['counting', 5]]);
    expect([...(await runner.lag(3))]).toEqual([['counting', 3]]);

    runner.start();
    expect(await runner.waitFor((await store.headPosition())!)).toBe(true);
    await runner.stop();
    expect([...(await runner.lag(100))]).toEqual([['counting', 0]]);
  });

  it('catches up, follows live appends, and reports when a position is reached', async () => {
    await append(store, 'a', 3);
    const runner = new ProjectionRunner(store, db, [countingProjection], { batchSize: 2 });
    runner.start();
    const { position } = await append(store, 'b', 2);
    expect(await runner.waitFor(position)).toBe(true);
    await runner.stop();

    expect(counts(db)).toEqual([
      { stream_id: 'a', count: 3 },
      { stream_id: 'b', count: 2 },
    ]);
    expect(runner.checkpoint('counting')).toBe(position);
  });

  it('skips events at or below the checkpoint, so a restart or redelivery never double-counts', async () => {
    await append(store, 'a', 5);
    const first = new ProjectionRunner(store, db, [countingProjection]);
    first.start();
    expect(await first.waitFor((await store.headPosition())!)).toBe(true);
    await first.stop();

    // A second runner is delivered the same events again: from its checkpoint, they are skipped…
    const redelivering = new ProjectionRunner(store, db, [countingProjection]);
    const applyBatch = (redelivering as unknown as { applyBatch: (p: Projection, b: unknown[], expected: Position | null) => Position | null }).applyBatch.bind(redelivering);
    const events = await store.readAll();
    expect(applyBatch(countingProjection, events, redelivering.checkpoint('counting'))).toBe(events.at(-1)!.position);
    expect(counts(db)).toEqual([{ stream_id: 'a', count: 5 }]);
    // …and from a stale one (as after a lost checkpoint cache), the batch is refused whole.
    expect(() => applyBatch(countingProjection, events, null)).toThrow(CheckpointMovedError);
    expect(() => applyBatch(countingProjection, events, null)).toThrow(/Checkpoint counting moved: this batch started at the start of the log, the stored checkpoint is 5/);
    expect(counts(db)).toEqual([{ stream_id: 'a', count: 5 }]);
  });

  describe('with two runners on one read-model file', () => {
    const logs: string[] = [];
    const errors: string[] = [];
    const logger = { log: (message: string) => logs.push(message), error: (message: string) => errors.push(message) };
    let other: ReadModelDatabase;
    beforeEach(() => {
      logs.length = 0;
      errors.length = 0;
      other = openReadModelDatabase(join(dir, 'read-models.sqlite'));
    });
    afterEach(() => {
      other.close();
    });
    const applied = () => db.prepare<[], { count: number; positions: number }>('SELECT COUNT(*) AS count, COUNT(DISTINCT position) AS positions FROM applied').get();

    it('applies each event exactly once when both catch up from zero at once', async () => {
      await append(store, 'a', 120);
      await append(store, 'b', 80);
      const head = (await store.headPosition())!;
      const runners = [db, other].map((each) => new ProjectionRunner(store, each, [onceProjection], { batchSize: 7, catchUpBatchSize: 7, retryDelayMs: 10, logger }));
      for (const runner of runners) runner.start();
      try {
        // Each sees the head reached, whichever of them applied the last batch.
        expect(await Promise.all(runners.map((runner) => runner.waitFor(head)))).toEqual([true, true]);
      } finally {
        await Promise.all(runners.map((runner) => runner.stop()));
      }

      expect(applied()).toEqual({ count: 200, positions: 200 });
      // They did race: the slower one was refused batches the other had committed, and read on.
      expect(logs.filter((message) => /^Projection once reads on from its stored checkpoint: Checkpoint once moved/.test(message)).length).toBeGreaterThan(0);
      expect(errors).toEqual([]);
      expect(runners.map((runner) => runner.checkpoint('once'))).toEqual([head, head]);
    });

    it('reads on from the stored checkpoint when another runner reset it, never building on the reset tables', async () => {
      await append(store, 'a', 5);
      const running = new ProjectionRunner(store, db, [onceProjection], { logger });
      running.start();
      try {
        expect(await running.waitFor((await store.headPosition())!)).toBe(true);
        // A newer version of the projection starting on the same file drops its tables and checkpoint.
        new ProjectionRunner(store, other, [{ ...onceProjection, version: 2 }], { logger });
        const { position } = await append(store, 'b', 3);
        expect(await running.waitFor(position)).toBe(true);
      } finally {
        await running.stop();
      }

      // Built on the reset tables from where it had got to, the read model would hold only b's 3 events.
      expect(applied()).toEqual({ count: 8, positions: 8 });
      expect(errors).toEqual([]);
    });
  });

  it('rebuilds from zero to the same state, reporting progress', async () => {
    await append(store, 'a', 4);
    await append(store, 'b', 3);
    const runner = new ProjectionRunner(store, db, [countingProjection], { batchSize: 3, rebuildBatchSize: 3 });
    runner.start();
    expect(await runner.waitFor((await store.headPosition())!)).toBe(true);
    await runner.stop();
    const live = counts(db);

    db.prepare("UPDATE counts SET count = 99 WHERE stream_id = 'a'").run();
    const progress: number[] = [];
    await runner.rebuild([], ({ done }) => progress.push(done));

    expect(counts(db)).toEqual(live);
    expect(progress).toEqual([3, 6, 7]);
  });

  it('rebuilds a read model on start when its projection’s version changed', async () => {
    await append(store, 'a', 2);
    const v1 = new ProjectionRunner(store, db, [countingProjection]);
    v1.start();
    expect(await v1.waitFor((await store.headPosition())!)).toBe(true);
    await v1.stop();
    db.prepare("UPDATE counts SET count = 99 WHERE stream_id = 'a'").run();

    const v2 = new ProjectionRunner(store, db, [{ ...countingProjection, version: 2 }], { logger: { log: () => undefined, error: () => undefined } });
    expect(v2.checkpoint('counting')).toBeNull();
    v2.start();
    expect(await v2.waitFor((await store.headPosition())!)).toBe(true);
    await v2.stop();
    expect(counts(db)).toEqual([{ stream_id: 'a', count: 2 }]);
  });

  it('catches up every projection together at start, logging progress on a long catch-up; a failing one holds back only itself', async () => {
    await append(store, 'a', 30);
    await append(store, 'b', 20);
    const failing: Projection = { ...onceProjection, name: 'failing', apply: () => { throw new Error('no room for this row'); } };
    const logs: string[] = [];
    const errors: string[] = [];
    const runner = new ProjectionRunner(store, db, [countingProjection, failing], {
      catchUpBatchSize: 10,
      progressIntervalMs: 0,
      retryDelayMs: 20,
      logger: { log: (message) => logs.push(message), error: (message) => errors.push(message) },
    });
    runner.start();
    try {
      const head = (await store.headPosition())!;
      for (let waited = 0; runner.checkpoint('counting') !== head && waited < 2000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(counts(db)).toEqual([{ stream_id: 'a', count: 30 }, { stream_id: 'b', count: 20 }]);
      expect(runner.checkpoint('failing')).toBeNull();
      expect(runner.status().find(({ name }) => name === 'failing')!.lastError).toBe('no room for this row');
    } finally {
      await runner.stop();
    }
    expect(logs[0]).toBe('Read models are 50 events behind the log: catching up (progress every 0 s)');
    expect(errors[0]).toBe('Catching up every read model together stopped (no room for this row); they follow the log together, one that fails a batch on its own');
    expect(errors[1]).toBe('Projection failing failed, retrying from its checkpoint: no room for this row');
  });

  it('follows the log with one transaction a batch for every projection, not one each', async () => {
    const statements: string[] = [];
    db.close();
    db = openReadModelDatabase(join(dir, 'read-models.sqlite'), { verbose: (sql) => statements.push(String(sql)) });
    const runner = new ProjectionRunner(store, db, [countingProjection, onceProjection, { ...onceProjection, name: 'idle', handles: new Set(['Other']) }]);
    runner.start();
    let position: Position;
    try {
      await runner.waitFor((await append(store, 'a', 1)).position); // past the start-up catch-up
      statements.length = 0;
      position = (await append(store, 'a', 2)).position;
      expect(await runner.waitFor(position)).toBe(true);
    } finally {
      await runner.stop();
    }
    expect(statements.filter((sql) => /^BEGIN/i.test(sql))).toEqual(['BEGIN IMMEDIATE']);
    expect(counts(db)).toEqual([{ stream_id: 'a', count: 3 }]);
    // Every checkpoint moved in that transaction, the idle projection's too.
    expect(['counting', 'once', 'idle'].map((name) => runner.checkpoint(name))).toEqual([position, position, position]);
  });

  it('lets a projection that fails a live batch go on alone: the others keep following, and it catches up once it can', async () => {
    let broken = false;
    const fragile: Projection = {
      ...onceProjection,
      name: 'fragile',
      apply: (db, event) => {
        if (broken) throw new Error('no room for this row');
        onceProjection.apply(db, event);
      },
    };
    const logs: string[] = [];
    const errors: string[] = [];
    const runner = new ProjectionRunner(store, db, [countingProjection, fragile], {
      retryDelayMs: 10,
      logger: { log: (message) => logs.push(message), error: (message) => errors.push(message) },
    });
    runner.start();
    try {
      const before = (await append(store, 'a', 1)).position;
      expect(await runner.waitFor(before)).toBe(true);
      broken = true;
      const { position } = await append(store, 'a', 2);
      expect(await runner.waitFor(position, 2000, ['counting'])).toBe(true);
      expect(await runner.waitFor(position, 50, ['fragile'])).toBe(false);
      expect(runner.checkpoint('fragile')).toBe(before);
      expect(runner.status().find(({ name }) => name === 'fragile')!.lastError).toBe('no room for this row');
      // The others follow on without it.
      const later = (await append(store, 'b', 1)).position;
      expect(await runner.waitFor(later, 2000, ['counting'])).toBe(true);
      broken = false;
      expect(await runner.waitFor(later, 2000)).toBe(true);
    } finally {
      await runner.stop();
    }
    expect(counts(db)).toEqual([{ stream_id: 'a', count: 3 }, { stream_id: 'b', count: 1 }]);
    expect(db.prepare('SELECT COUNT(*) AS count FROM applied').get()).toEqual({ count: 4 });
    expect(logs).toContain('Projection fragile failed a batch the others applied (no room for this row); it follows the log on its own');
    expect(errors[0]).toBe('Projection fragile failed, retrying from its checkpoint: no room for this row');
    expect(runner.status().every(({ lastError }) => lastError === null)).toBe(true);
  });

  it('keeps projections together when every one of them fails a batch (not one projection\'s fault), retrying it', async () => {
    let broken = false;
    const failWhileBroken = (projection: Projection): Projection => ({
      ...projection,
      apply: (db, event) => {
        if (broken) throw new Error('database is locked');
        projection.apply(db, event);
      },
    });
    const errors: string[] = [];
    const runner = new ProjectionRunner(store, db, [failWhileBroken(countingProjection), failWhileBroken(onceProjection)], {
      retryDelayMs: 10,
      logger: { log: () => {}, error: (message) => errors.push(message) },
    });
    runner.start();
    try {
      broken = true;
      const { position } = await append(store, 'a', 2);
      expect(await runner.waitFor(position, 50)).toBe(false);
      broken = false;
      expect(await runner.waitFor(position, 2000)).toBe(true);
    } finally {
      await runner.stop();
    }
    expect(errors[0]).toBe('Projections counting, once failed, retrying from their checkpoints: database is locked');
    expect(errors.some((message) => /on its own/.test(message))).toBe(false);
    expect(counts(db)).toEqual([{ stream_id: 'a', count: 2 }]);
  });

  it('logs the start-up catch-up\'s progress, done of total with rate, and when it is done', async () => {
    await append(store, 'a', 25);
    const logs: string[] = [];
    const runner = new ProjectionRunner(store, db, [countingProjection], { catchUpBatchSize: 10, progressIntervalMs: 0, logger: { log: (message) => logs.push(message), error: () => undefined } });
    runner.start();
    for (let waited = 0; !logs.some((line) => line.startsWith('Read models caught up')) && waited < 2000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    await runner.stop();
    expect(logs.slice(1).map((line) => line.replace(/, [\d,]+ events\/s.*$/, ''))).toEqual([
      'Read models catching up with the log: 10/25 events (40%)',
      'Read models catching up with the log: 20/25 events (80%)',
      'Read models catching up with the log: 25/25 events (100%)',
      'Read models caught up with the log (counting): 25/25 events (100%)',
    ]);
  });

  it('refuses to rebuild a projection it does not know', async () => {
    const runner = new ProjectionRunner(store, db, [countingProjection]);
    await expect(runner.rebuild(['nonexistent'])).rejects.toThrow(/Unknown projection nonexistent; known: counting/);
  });

  it('times out a wait for a position no projection reaches', async () => {
    const runner = new ProjectionRunner(store, db, [countingProjection]);
    expect(await runner.waitFor('1' as Position, 20)).toBe(false);
  });

  it('waits only for the projections named, and refuses a name it does not know', async () => {
    // Fails every batch: its checkpoint never moves.
    const stuck: Projection = { ...onceProjection, name: 'stuck', apply: () => { throw new Error('stuck'); } };
    const runner = new ProjectionRunner(store, db, [countingProjection, stuck], { retryDelayMs: 10, logger: { log: () => {}, error: () => {} } });
    runner.start();
    try {
      const { position } = await append(store, 'stream-a', 1);
      expect(await runner.waitFor(position, 2000, ['counting'])).toBe(true);
      expect(await runner.waitFor(position, 50, ['counting', 'stuck'])).toBe(false);
      expect(await runner.waitFor(position, 50)).toBe(false);
      expect(() => runner.waitFor(position, 50, ['nonexistent'])).toThrow(/Unknown projection nonexistent; known: counting, stuck/);
    } finally {
      await runner.stop();
    }
  });
});
