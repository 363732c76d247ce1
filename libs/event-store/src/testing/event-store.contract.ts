import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { v4 as uuidv4, v7 as uuidv7 } from 'uuid';
import { ExpectedVersionConflictError } from '../errors.js';
import {
  ANY,
  STREAM_DOES_NOT_EXIST,
  STREAM_EXISTS,
  type EventMetadata,
  type EventStore,
  type NewEvent,
  type Position,
  type RecordedEvent,
} from '../event-store.js';
import { eventHash, verifyChains } from '../integrity/chain.js';

export type EventStoreFixture = Readonly<{ store: EventStore; dispose(): Promise<void> }>;

const metadata: EventMetadata = {
  actor: { personId: 'secretariat-1', grantId: 'grant-1', role: 'SECRETARIAT', organisationId: null },
  correlationId: 'correlation-1',
  causationId: 'causation-1',
  schemaVersion: 1,
};

export const newEvent = (type = 'PartnershipFormed', data: object = { name: 'Leeds Health and Wellbeing Board' }): NewEvent => ({
  id: uuidv7(),
  type,
  data,
  metadata,
});

/** Streams are unique per test, so the suite also runs against a shared EventStoreDB that is never reset. */
const newStreamId = () => `contract-${uuidv4()}`;

async function collect(store: EventStore, after: Position | undefined, streamIds: Set<string>, count: number) {
  const controller = new AbortController();
  const seen: RecordedEvent[] = [];
  for await (const batch of store.subscribeToAll({ after, signal: controller.signal, maxBatchSize: 7 })) {
    seen.push(...batch.filter((event) => streamIds.has(event.streamId)));
    if (seen.length >= count) controller.abort();
  }
  return seen;
}

/**
 * The behaviour every event store adapter promises. Written once; each adapter's spec calls it
 * with a factory, so the SQLite and EventStoreDB stores are held to the same rules.
 */
export function describeEventStoreContract(adapter: string, createFixture: () => Promise<EventStoreFixture>) {
  describe(`event store contract: ${adapter}`, () => {
    let fixture: EventStoreFixture;
    let store: EventStore;
    beforeAll(async () => {
      fixture = await createFixture();
      store = fixture.store;
    });
    afterAll(async () => fixture?.dispose());

    it('appends to a new stream and reads back every field', async () => {
      const streamId = newStreamId();
      const event = newEvent('OrganisationRegistered', { name: 'Leicester City Council', sector: 'LOCAL_GOVERNMENT' });
      const before = Date.now();
      const result = await store.appendToStream(streamId, [event], { expectedRevision: STREAM_DOES_NOT_EXIST });

      expect(result.nextExpectedRevision).toBe(0n);
      const [stored] = await store.readStream(streamId);
      expect(stored).toMatchObject({
        id: event.id,
        streamId,
        streamRevision: 0n,
        position: result.position,
        type: 'OrganisationRegistered',
        data: { name: 'Leicester City Council', sector: 'LOCAL_GOVERNMENT' },
        metadata,
      });
      expect(stored!.recordedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    });

    it('reads a missing stream as empty, forwards and backwards', async () => {
      const streamId = newStreamId();
      expect(await store.readStream(streamId)).toEqual([]);
      expect(await store.readStream(streamId, { direction: 'backwards' })).toEqual([]);
    });

    it('appends at an exact revision and refuses a stale one, writing nothing', async () => {
      const streamId = newStreamId();
      await store.appendToStream(streamId, [newEvent(), newEvent()], { expectedRevision: STREAM_DOES_NOT_EXIST });
      const next = await store.appendToStream(streamId, [newEvent()], { expectedRevision: 1n });
      expect(next.nextExpectedRevision).toBe(2n);

      const stale = store.appendToStream(streamId, [newEvent()], { expectedRevision: 1n });
      await expect(stale).rejects.toBeInstanceOf(ExpectedVersionConflictError);
      await expect(stale).rejects.toMatchObject({ streamId, expected: 1n, actual: 2n });
      expect(await store.readStream(streamId)).toHaveLength(3);
    });

    it('honours STREAM_DOES_NOT_EXIST, STREAM_EXISTS and ANY', async () => {
      const streamId = newStreamId();
      await expect(store.appendToStream(streamId, [newEvent()], { expectedRevision: STREAM_EXISTS })).rejects.toMatchObject({
        actual: null,
      });
      await store.appendToStream(streamId, [newEvent()], { expectedRevision: ANY });
      await expect(
        store.appendToStream(streamId, [newEvent()], { expectedRevision: STREAM_DOES_NOT_EXIST }),
      ).rejects.toBeInstanceOf(ExpectedVersionConflictError);
      await store.appendToStream(streamId, [newEvent()], { expectedRevision: STREAM_EXISTS });
      await store.appendToStream(streamId, [newEvent()], { expectedRevision: ANY });
      expect((await store.readStream(streamId)).map((event) => event.streamRevision)).toEqual([0n, 1n, 2n]);
    });

    it('reads a stream backwards and in pages', async () => {
      const streamId = newStreamId();
      const events = [newEvent(), newEvent(), newEvent(), newEvent()];
      await store.appendToStream(streamId, events, { expectedRevision: STREAM_DOES_NOT_EXIST });

      const backwards = await store.readStream(streamId, { direction: 'backwards' });
      expect(backwards.map((event) => event.id)).toEqual(events.map((event) => event.id).reverse());
      const page = await store.readStream(streamId, { fromRevision: 1n, maxCount: 2 });
      expect(page.map((event) => event.streamRevision)).toEqual([1n, 2n]);
      const lastTwo = await store.readStream(streamId, { direction: 'backwards', maxCount: 2 });
      expect(lastTwo.map((event) => event.streamRevision)).toEqual([3n, 2n]);
    });

    it('orders the global log totally across streams, readable from any position', async () => {
      const head = (await store.headPosition()) ?? undefined;
      const [a, b] = [newStreamId(), newStreamId()];
      const first = await store.appendToStream(a, [newEvent()], { expectedRevision: STREAM_DOES_NOT_EXIST });
      const second = await store.appendToStream(b, [newEvent(), newEvent()], { expectedRevision: STREAM_DOES_NOT_EXIST });
      const third = await store.appendToStream(a, [newEvent()], { expectedRevision: 0n });

      const ours = (await store.readAll({ after: head })).filter((event) => event.streamId === a || event.streamId === b);
      expect(ours.map((event) => [event.streamId, event.streamRevision])).toEqual([
        [a, 0n],
        [b, 0n],
        [b, 1n],
        [a, 1n],
      ]);
      for (let i = 1; i < ours.length; i++) {
        expect(store.comparePositions(ours[i - 1]!.position, ours[i]!.position)).toBe(-1);
      }
      expect(store.comparePositions(first.position, second.position)).toBe(-1);
      expect(store.comparePositions(third.position, third.position)).toBe(0);
      // On a shared server another writer may already be past our last event: the head is at it or later.
      expect(store.comparePositions((await store.headPosition())!, third.position)).toBeGreaterThanOrEqual(0);

      const afterFirst = (await store.readAll({ after: first.position })).filter((event) => event.streamId === a || event.streamId === b);
      expect(afterFirst).toHaveLength(3);
      expect(await store.countEventsAfter(first.position)).toBeGreaterThanOrEqual(3);
      expect(await store.countEventsAfter(first.position, 2)).toBe(2);
    });

    it('treats a retried append (same event ids) as done: no duplicate, no error', async () => {
      const streamId = newStreamId();
      const events = [newEvent(), newEvent()];
      const first = await store.appendToStream(streamId, events, { expectedRevision: STREAM_DOES_NOT_EXIST });
      const retried = await store.appendToStream(streamId, events, { expectedRevision: STREAM_DOES_NOT_EXIST });
      expect(retried).toEqual(first);
      expect(await store.readStream(streamId)).toHaveLength(2);
    });

    it('acknowledges a retry only where its expected revision put the events; another revision or a partial batch is a conflict', async () => {
      const streamId = newStreamId();
      const [a, b, c, d] = [newEvent(), newEvent(), newEvent(), newEvent()];
      const first = await store.appendToStream(streamId, [a, b], { expectedRevision: STREAM_DOES_NOT_EXIST });
      const second = await store.appendToStream(streamId, [c], { expectedRevision: 1n });
      expect(await store.appendToStream(streamId, [c], { expectedRevision: 1n })).toEqual(second);
      expect(await store.appendToStream(streamId, [a, b], { expectedRevision: STREAM_DOES_NOT_EXIST })).toEqual(first);
      // The ids are there, but not where this expected revision would have put them.
      await expect(store.appendToStream(streamId, [a, b], { expectedRevision: 0n })).rejects.toBeInstanceOf(ExpectedVersionConflictError);
      await expect(store.appendToStream(streamId, [c], { expectedRevision: 0n })).rejects.toBeInstanceOf(ExpectedVersionConflictError);
      // Partly overlapping: c was written after revision 1, d never was.
      await expect(store.appendToStream(streamId, [c, d], { expectedRevision: 1n })).rejects.toBeInstanceOf(ExpectedVersionConflictError);
      expect((await store.readStream(streamId)).map((event) => event.id)).toEqual([a.id, b.id, c.id]);
    });

    it('lets exactly one of two concurrent appenders win', async () => {
      const streamId = newStreamId();
      await store.appendToStream(streamId, [newEvent()], { expectedRevision: STREAM_DOES_NOT_EXIST });
      const outcomes = await Promise.allSettled([
        store.appendToStream(streamId, [newEvent()], { expectedRevision: 0n }),
        store.appendToStream(streamId, [newEvent()], { expectedRevision: 0n }),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const [rejected] = outcomes.filter((outcome) => outcome.status === 'rejected');
      expect((rejected as PromiseRejectedResult).reason).toBeInstanceOf(ExpectedVersionConflictError);
      expect(await store.readStream(streamId)).toHaveLength(2);
    });

    it('chains every append, whatever the expected revision, and overwrites chain fields a caller passes', async () => {
      const streamId = newStreamId();
      const forged = { ...newEvent(), metadata: { ...metadata, hash: 'f'.repeat(64), previousHash: 'e'.repeat(64) } };
      await store.appendToStream(streamId, [forged, newEvent()], { expectedRevision: STREAM_DOES_NOT_EXIST });
      await store.appendToStream(streamId, [newEvent()], { expectedRevision: ANY });
      await store.appendToStream(streamId, [newEvent()], { expectedRevision: STREAM_EXISTS });
      await store.appendToStream(streamId, [newEvent()], { expectedRevision: 3n });

      const stream = await store.readStream(streamId);
      let previousHash: string | null = null;
      for (const event of stream) {
        expect(event.metadata.previousHash).toBe(previousHash);
        expect(event.metadata.hash).toBe(eventHash(event, previousHash));
        previousHash = event.metadata.hash!;
      }
      expect(stream).toHaveLength(5);
      expect(verifyChains(stream)).toMatchObject({ events: 5, streams: 1, unchained: 0, broken: null });
    });

    it('keeps one chain when appends under ANY race each other', async () => {
      const streamId = newStreamId();
      await store.appendToStream(streamId, [newEvent()], { expectedRevision: STREAM_DOES_NOT_EXIST });
      await Promise.all([1, 2, 3].map(() => store.appendToStream(streamId, [newEvent()], { expectedRevision: ANY })));

      const stream = await store.readStream(streamId);
      expect(stream.map((event) => event.streamRevision)).toEqual([0n, 1n, 2n, 3n]);
      expect(verifyChains(stream).broken).toBeNull();
    });

    it('delivers to a subscriber starting mid-log every later event exactly once, in order, then live ones', async () => {
      const streamIds = new Set([newStreamId(), newStreamId()]);
      const [a, b] = [...streamIds] as [string, string];
      await store.appendToStream(a, [newEvent(), newEvent()], { expectedRevision: STREAM_DOES_NOT_EXIST });
      const midLog = await store.appendToStream(b, [newEvent()], { expectedRevision: STREAM_DOES_NOT_EXIST });
      const caughtUp = [newEvent(), newEvent(), newEvent()];
      await store.appendToStream(a, caughtUp.slice(0, 2), { expectedRevision: 1n });
      await store.appendToStream(b, caughtUp.slice(2), { expectedRevision: 0n });

      const live = Array.from({ length: 10 }, () => newEvent());
      const subscription = collect(store, midLog.position, streamIds, caughtUp.length + live.length);
      for (const [index, event] of live.entries()) {
        await store.appendToStream(index % 2 ? a : b, [event], { expectedRevision: ANY });
      }
      const seen = await subscription;

      expect(seen.map((event) => event.id)).toEqual([...caughtUp, ...live].map((event) => event.id));
    });
  });
}
