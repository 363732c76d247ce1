import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command, Decider, Event } from '@ledger/domain';
import { handleCommand, type CommandOptions } from '../command-handling.js';
import { ExpectedVersionConflictError } from '../errors.js';
import { STREAM_DOES_NOT_EXIST, type ExpectedRevision, type NewEvent } from '../event-store.js';
import { verifyChains } from '../integrity/chain.js';
import { stateCacheOf } from '../state-cache.js';
import { SqliteEventStore } from './sqlite-event-store.js';

const metadata = { actor: { personId: 'p', grantId: 'g', role: 'PARTNER' as const, organisationId: 'o' }, correlationId: 'c', causationId: 'c', schemaVersion: 1 };
let ids = 0;
const noted = (data: object = { n: ++ids }, id = `event-${++ids}`): NewEvent => ({ id, type: 'Noted', data, metadata });

/** Settles every append without letting one rejection hide the others. */
const settle = <T>(appends: Promise<T>[]) => Promise.allSettled(appends);

describe('group commit in the embedded store', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-group-'));
    store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const append = (streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision) => store.appendToStream(streamId, events, { expectedRevision });

  it('lets exactly one of many same-revision appends to one stream win; the others conflict and write nothing', async () => {
    await append('action-1', [noted()], STREAM_DOES_NOT_EXIST);
    const before = store.commits;
    const contenders = Array.from({ length: 10 }, (_, i) => [noted({ by: i }), noted({ by: i })]);
    const outcomes = await settle(contenders.map((events) => append('action-1', events, 0n)));

    expect(store.commits.transactions - before.transactions).toBe(1);
    const won = outcomes.flatMap((outcome, i) => (outcome.status === 'fulfilled' ? [i] : []));
    expect(won).toEqual([0]);
    for (const outcome of outcomes.slice(1)) {
      expect(outcome.status === 'rejected' && outcome.reason).toBeInstanceOf(ExpectedVersionConflictError);
      expect(outcome.status === 'rejected' && (outcome.reason as ExpectedVersionConflictError).actual).toBe(2n);
    }
    const stream = await store.readStream('action-1');
    expect(stream.map((event) => event.id)).toEqual([expect.any(String), ...contenders[0]!.map((event) => event.id)]);
    // Positions stay gap-free: the losers' rolled-back rows left no holes.
    expect((await store.readAll()).map((event) => event.position)).toEqual(['1', '2', '3']);
  });

  it('fails only the append whose revision check fails; the rest of its group is written and chained after each other', async () => {
    const before = store.commits;
    const [first, stale, next, other] = await settle([
      append('action-2', [noted()], STREAM_DOES_NOT_EXIST),
      append('action-2', [noted()], 5n),
      // Checked against the stream as the first append in the group left it.
      append('action-2', [noted(), noted()], 0n),
      append('action-3', [noted()], STREAM_DOES_NOT_EXIST),
    ]);

    expect(store.commits.transactions - before.transactions).toBe(1);
    expect(store.commits.appends - before.appends).toBe(3);
    expect(first).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 0n, position: '1' } });
    expect(stale).toMatchObject({ status: 'rejected', reason: expect.any(ExpectedVersionConflictError) });
    expect(next).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 2n, position: '3' } });
    expect(other).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 0n, position: '4' } });
    const log = await store.readAll();
    expect(verifyChains(log)).toMatchObject({ events: 4, streams: 2, broken: null });
    const stream = await store.readStream('action-2');
    expect(stream[1]!.metadata.previousHash).toBe(stream[0]!.metadata.hash);
  });

  it('fails only the append that throws inside the group, rolling back the events it had already inserted', async () => {
    const taken = noted();
    await append('action-4', [taken], STREAM_DOES_NOT_EXIST);
    const before = store.commits;
    const [good, unserialisable, halfWritten, refused, last] = await settle([
      append('action-5', [noted()], STREAM_DOES_NOT_EXIST),
      append('action-6', [noted({ amount: 1n })], STREAM_DOES_NOT_EXIST),
      // Its second event reuses another stream's event id: SQLite refuses it after the first was inserted.
      append('action-7', [noted(), noted({}, taken.id)], STREAM_DOES_NOT_EXIST),
      // A lone event (written without a savepoint) that SQLite refuses at its INSERT.
      append('action-5', [{ ...noted(), type: null as unknown as string }], 0n),
      append('action-5', [noted()], 0n),
    ]);

    expect(store.commits.transactions - before.transactions).toBe(1);
    expect(good).toMatchObject({ status: 'fulfilled', value: { position: '2' } });
    expect(unserialisable).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ message: 'Canonical JSON: $.data.amount is a BigInt; write it as a decimal string' }) });
    expect(halfWritten).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ code: 'SQLITE_CONSTRAINT_UNIQUE' }) });
    expect(refused).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ code: 'SQLITE_CONSTRAINT_NOTNULL' }) });
    expect(last).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 1n, position: '3' } });
    expect(await store.readStream('action-6')).toEqual([]);
    expect(await store.readStream('action-7')).toEqual([]);
    expect(verifyChains(await store.readAll())).toMatchObject({ events: 3, streams: 2, broken: null });
  });

  it('answers an append only once its transaction is committed: another connection already reads it', async () => {
    const reader = new Database(join(dir, 'events.sqlite'), { readonly: true });
    const count = () => (reader.prepare("SELECT COUNT(*) AS n FROM events WHERE stream_id = 'action-8'").get() as { n: number }).n;
    const appended = append('action-8', [noted()], STREAM_DOES_NOT_EXIST);
    // Queued for the group commit at the end of this turn of the event loop: not written yet.
    expect(count()).toBe(0);
    await appended;
    expect(count()).toBe(1);
    reader.close();
  });

  it('commits appends still queued when the store is closed, and refuses appends after', async () => {
    const appended = append('action-9', [noted()], STREAM_DOES_NOT_EXIST);
    await store.close();
    await expect(appended).resolves.toMatchObject({ position: '1' });
    await expect(append('action-9', [noted()], 0n)).rejects.toThrow('Cannot append to action-9: the event store is closed');
    store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    expect(await store.readStream('action-9')).toHaveLength(1);
  });

  it('keeps each command\'s cached state right when one command of a group fails: only its stream is evicted', async () => {
    type Count = Command<'Count', { unserialisable: boolean }>;
    type Counted = Event<'Counted', { n: number; by?: bigint }>;
    const counter: Decider<Count, Counted, number> = {
      initialState: () => 0,
      decide: (command, seen) => [{ type: 'Counted', data: command.data.unserialisable ? { n: seen + 1, by: 1n } : { n: seen + 1 } }],
      evolve: (_seen, event) => event.data.n,
    };
    const count = (unserialisable = false): Count => ({ type: 'Count', data: { unserialisable }, metadata: { now: new Date() } });
    const options: CommandOptions = { metadata };
    await handleCommand(store, 'counter-a', counter, count(), options);
    await handleCommand(store, 'counter-b', counter, count(), options);
    const cache = stateCacheOf(store);

    const before = store.commits;
    const [good, bad] = await settle([handleCommand(store, 'counter-a', counter, count(), options), handleCommand(store, 'counter-b', counter, count(true), options)]);

    expect(store.commits.transactions - before.transactions).toBe(1);
    expect(good).toMatchObject({ status: 'fulfilled', value: { state: 2 } });
    expect(bad).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ message: expect.stringContaining('$.data.by is a BigInt') }) });
    expect(cache.get('counter-a', counter)).toMatchObject({ state: 2, revision: 1n });
    expect(cache.get('counter-b', counter)).toBeUndefined();
    expect(await store.readStream('counter-b')).toHaveLength(1);
  });
});

describe('group commit when the disk is full', () => {
  // SQLite abandons the whole transaction on SQLITE_FULL: the group is tried again one append at a time.
  it('fails the append that does not fit and writes the rest of its group', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-group-full-'));
    const store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    await store.appendToStream('action-0', [noted()], { expectedRevision: STREAM_DOES_NOT_EXIST });
    // A file that may not grow by more than a few pages stands in for a full disk.
    const db = (store as unknown as { db: Database.Database }).db;
    db.pragma(`max_page_count = ${(db.pragma('page_count', { simple: true }) as number) + 4}`);
    const [small, huge, alsoSmall] = await settle([
      store.appendToStream('action-1', [noted()], { expectedRevision: STREAM_DOES_NOT_EXIST }),
      store.appendToStream('action-2', [noted({ text: 'x'.repeat(1_000_000) })], { expectedRevision: STREAM_DOES_NOT_EXIST }),
      store.appendToStream('action-3', [noted()], { expectedRevision: STREAM_DOES_NOT_EXIST }),
    ]);
    expect(huge).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ code: 'SQLITE_FULL' }) });
    expect([small.status, alsoSmall.status]).toEqual(['fulfilled', 'fulfilled']);
    expect((await store.readAll()).map((event) => event.streamId)).toEqual(['action-0', 'action-1', 'action-3']);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
