import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actionDecider, type Action, type ActionCommand, type Decider } from '@ledger/domain';
import { handleCommand, loadState, type CommandOptions } from './command-handling.js';
import { ExpectedVersionConflictError } from './errors.js';
import { eventHash, verifyChains } from './integrity/chain.js';
import { ANY, type EventStore, type NewEvent } from './event-store.js';
import { SqliteEventStore } from './sqlite/sqlite-event-store.js';
import { StateCache, stateCacheOf, useStateCache } from './state-cache.js';
import { count, counter, type Counted } from './testing/counter.js';

const options: CommandOptions = {
  metadata: { actor: { personId: 'p', grantId: 'g', role: 'PARTNER', organisationId: 'o' }, correlationId: 'c', causationId: 'c' },
};

/** The state as a full fold of the stream gives it, with no cache: what the cache must always equal. */
async function fullFold<S>(store: EventStore, streamId: string, decider: Decider<any, any, S>): Promise<S> {
  return (await store.readStream(streamId)).reduce((state, event) => decider.evolve(state, event as never), decider.initialState());
}
/** Sets compared by their members. */
const comparable = (action: Action) => (action.status === 'NotPlanned' ? action : { ...action, updateIds: [...action.updateIds] });

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
    // Its state was kept and current; the conflict evicts it all the same.
    expect(stateCacheOf(first).usage.streams).toBe(0);
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

  // With the state cache: each store keeps folded state, as each API process does.
  it('gives the same action state as a full fold after any sequence of writes, commands and loads from two processes', async () => {
    // Small limits so entries are evicted, refused and refolded along the way.
    useStateCache(first, new StateCache({ maxStreams: 2, maxEvents: 40 }));
    useStateCache(second, new StateCache({ maxStreams: 3, maxEvents: 25 }));
    let seed = 13;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const actionIds = ['018f0000-0000-7000-8000-000000000001', '018f0000-0000-7000-8000-000000000002', '018f0000-0000-7000-8000-000000000003'];
    const statuses = ['ON_TRACK', 'AT_RISK', 'OFF_TRACK', 'COMPLETED'] as const;
    let updates = 0;
    const updateId = () => `018f0000-0000-7000-8000-${String(++updates).padStart(12, '0')}`;
    const event = (type: string, data: object): NewEvent => ({ id: crypto.randomUUID(), type, data, metadata: { ...options.metadata, schemaVersion: 1 } });
    for (const actionId of actionIds) {
      await first.appendToStream(`action-${actionId}`, [event('ActionPlanned', { actionId, commitmentId: 'c', partnershipId: 'p', owningOrganisationId: 'o', title: 't', dueDate: '2030-01-01', leadMemberId: null, planId: null, plannedAt: '2026-01-01T00:00:00.000Z', plannedOn: '2026-01-01' })], { expectedRevision: ANY });
    }
    for (let step = 0; step < 400; step++) {
      const store = random(2) ? first : second;
      const actionId = actionIds[random(actionIds.length)]!;
      const streamId = `action-${actionId}`;
      const op = random(4);
      if (op === 0) {
        // Another writer appends behind the cache's back.
        const events = Array.from({ length: 1 + random(3) }, () =>
          random(5) === 0
            ? event('ActionReopened', { actionId, status: 'ON_TRACK', previousStatus: 'COMPLETED', percentComplete: random(100), reason: 'r', reopenedAt: '2026-02-01T00:00:00.000Z' })
            : event('ActionUpdateSubmitted', { actionId, updateId: updateId(), status: statuses[random(4)], previousStatus: 'ON_TRACK', percentComplete: null, whatHasHappened: 'w', whatMoreIsToBeDone: null, evidenceLinks: [], submittedAt: '2026-02-01T00:00:00.000Z' }),
        );
        await store.appendToStream(streamId, events, { expectedRevision: ANY });
      } else if (op === 1) {
        const command: ActionCommand = {
          type: 'SubmitActionUpdate',
          data: { actionId, updateId: updateId(), status: 'ON_TRACK', whatHasHappened: 'w', reportedOn: '2026-02-01', commitment: { exists: true, status: 'ACTIVE', partnershipId: 'p' }, partnership: { formed: true, parentPartnershipId: null, timeZone: 'Europe/London', organisationIds: ['o'], memberIds: [], activePriorityIds: [] } },
          metadata: { now: new Date('2026-03-01T00:00:00.000Z') },
        };
        // A completed action refuses updates: the refusal evicts, and the next load must still be right.
        await handleCommand(store, streamId, actionDecider, command, options).catch((error: Error) => expect(error.message).toMatch(/COMPLETED/));
      }
      const { state } = await loadState(store, streamId, actionDecider);
      expect(comparable(state)).toEqual(comparable(await fullFold(store, streamId, actionDecider)));
    }
    expect(updates).toBeGreaterThan(100);
  });

  it("folds only the events after the kept revision, and loses no concurrent writer's append: the stale state conflicts, is evicted and refolded", async () => {
    await handleCommand(first, 'count-1', counter, count('a'), options);
    await handleCommand(first, 'count-1', counter, count('b'), options);
    // Between this process's load and its append, another process appends: the kept state (n = 2) is stale.
    let raced = false;
    const racing = Object.create(first, {
      appendToStream: {
        value: async (...args: Parameters<EventStore['appendToStream']>) => {
          if (!raced) (raced = true), await handleCommand(second, 'count-1', counter, count('other process'), options);
          return first.appendToStream(...args);
        },
      },
    }) as EventStore;
    useStateCache(racing, stateCacheOf(first));
    const reads: (bigint | undefined)[] = [];
    const readStream = first.readStream.bind(first);
    first.readStream = (streamId, readOptions) => (reads.push(readOptions?.fromRevision), readStream(streamId, readOptions));
    const result = await handleCommand(racing, 'count-1', counter, count('c'), options);
    expect(reads).toEqual([2n, undefined]); // from the cache, then (after the conflict) the whole stream
    expect(result.state).toBe(4);
    const events = await first.readStream('count-1');
    expect(events.map((event) => [(event.data as Counted['data']).n, (event.data as Counted['data']).by])).toEqual([[1, 'a'], [2, 'b'], [3, 'other process'], [4, 'c']]);
    expect(stateCacheOf(first).usage).toEqual({ streams: 1, events: 4 });
  });

  it('with an idempotency key, a retry is still recognised when its state comes from the cache', async () => {
    const keyed: CommandOptions = { ...options, metadata: { ...options.metadata, causationId: 'retry-key' }, idempotent: true };
    const original = await handleCommand(first, 'count-3', counter, count('a'), keyed);
    await handleCommand(first, 'count-3', counter, count('b'), options);
    const retry = await handleCommand(first, 'count-3', counter, count('a'), keyed);
    expect(retry).toMatchObject({ replayed: true, appended: original.appended, events: [{ data: { n: 1, by: 'a' } }] });
    expect(await first.readStream('count-3')).toHaveLength(2);
  });
});
