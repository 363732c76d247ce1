import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command, Decider, Event } from '@ledger/domain';
import { handleCommand, type CommandOptions } from './command-handling.js';
import { ExpectedVersionConflictError } from './errors.js';
import { eventHash, verifyChains } from './integrity/chain.js';
import { SqliteEventStore } from './sqlite/sqlite-event-store.js';

/** Each event records the count it saw plus one: a lost update would show as a repeated number. */
type Count = Command<'Count', { by: string }>;
type Counted = Event<'Counted', { n: number; by: string }>;
const counter: Decider<Count, Counted, number> = {
  initialState: () => 0,
  decide: (command, seen) => [{ type: 'Counted', data: { n: seen + 1, by: command.data.by } }],
  evolve: (_seen, event) => event.data.n,
};
const count = (by: string): Count => ({ type: 'Count', data: { by }, metadata: { now: new Date() } });
const options: CommandOptions = {
  metadata: { actor: { personId: 'p', grantId: 'g', role: 'PARTNER', organisationId: 'o' }, correlationId: 'c', causationId: 'c' },
};

describe('handling commands', () => {
  let dir: string;
  let first: SqliteEventStore;
  let second: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-commands-'));
    // Two stores on one file stand in for two API processes: they do not share the in-process queue.
    first = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    second = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
  });
  afterEach(async () => {
    await first.close();
    await second.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses no update when two processes race on one stream: conflicts are reloaded and decided again', async () => {
    const commands = Array.from({ length: 30 }, (_, i) => handleCommand(i % 2 ? first : second, 'action-1', counter, count(`writer ${i}`), options));
    await Promise.all(commands);
    const events = await first.readStream('action-1');
    expect(events.map((event) => (event.data as Counted['data']).n)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(new Set(events.map((event) => (event.data as Counted['data']).by)).size).toBe(30);
    // The chain is one line too: each event links to the one the other process wrote before it.
    expect(verifyChains(events)).toMatchObject({ events: 30, streams: 1, broken: null });
  });

  it('refuses a stale expected revision without retrying, writing nothing', async () => {
    await handleCommand(first, 'action-2', counter, count('a'), options);
    await handleCommand(first, 'action-2', counter, count('b'), options);
    const stale = handleCommand(first, 'action-2', counter, count('c'), { ...options, expectedRevision: 0n });
    await expect(stale).rejects.toBeInstanceOf(ExpectedVersionConflictError);
    await expect(stale).rejects.toMatchObject({ actual: 1n });
    expect(await first.readStream('action-2')).toHaveLength(2);
  });

  it('records the actor, correlation, causation, schema version and chain link on every event', async () => {
    await handleCommand(first, 'action-3', counter, count('a'), options);
    const [event] = await first.readStream('action-3');
    expect(event!.metadata).toEqual({ ...options.metadata, schemaVersion: 1, hash: eventHash(event!, null), previousHash: null });
  });

  it('with an idempotency key, a retry answers with the first write, even after the stream moved on, and writes nothing', async () => {
    const keyed: CommandOptions = { ...options, metadata: { ...options.metadata, causationId: 'retry-key' }, idempotent: true };
    const original = await handleCommand(first, 'action-4', counter, count('a'), keyed);
    await handleCommand(second, 'action-4', counter, count('b'), options);
    const retry = await handleCommand(second, 'action-4', counter, count('a'), { ...keyed, expectedRevision: 0n });
    expect(retry).toMatchObject({ replayed: true, appended: original.appended, events: [{ type: 'Counted', data: { n: 1, by: 'a' } }] });
    expect(await second.readStream('action-4')).toHaveLength(2);
  });

  it('with an idempotency key, two processes racing the same retry write it once', async () => {
    const keyed: CommandOptions = { ...options, metadata: { ...options.metadata, causationId: 'racing-key' }, idempotent: true };
    const results = await Promise.all([first, second, first, second].map((store) => handleCommand(store, 'action-5', counter, count('a'), keyed)));
    expect(await first.readStream('action-5')).toHaveLength(1);
    expect(new Set(results.map((result) => result.appended?.position)).size).toBe(1);
  });

  it('derives event ids from the idempotency key, and mints fresh ones without it', async () => {
    const keyed: CommandOptions = { ...options, metadata: { ...options.metadata, causationId: 'id-key' }, idempotent: true };
    await handleCommand(first, 'action-6', counter, count('a'), keyed);
    await handleCommand(first, 'action-7', counter, count('a'), keyed);
    const [a, b] = [(await first.readStream('action-6'))[0]!, (await first.readStream('action-7'))[0]!];
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5/);
    expect(a.id).not.toBe(b.id);
  });
});
