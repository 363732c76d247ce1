import { describe, expect, it } from '@jest/globals';
import type { AllStreamRecordedEvent, AllStreamResolvedEvent, ReadAllOptions as EsdbReadAllOptions } from '@eventstore/db-client';
import { Readable } from 'node:stream';
import { StoreDeadlineError } from '../errors.js';
import type { Position } from '../event-store.js';
import { EventStoreDbEventStore, type EventStoreDbClient } from './eventstoredb-event-store.js';

/** A read as the real client returns it during a partition: open, silent, and cancellable. */
class SilentRead extends Readable {
  cancelled = false;
  constructor() {
    super({ objectMode: true, read() {} });
  }
  async cancel() {
    this.cancelled = true;
  }
}

/** Serves `$all` from memory, or never answers when `silent`; counts what it hands over. */
function probeClient(log: AllStreamRecordedEvent[] = []) {
  const reads: SilentRead[] = [];
  const calls: EsdbReadAllOptions[] = [];
  const state = { silent: false, handedOver: 0 };
  const client = {
    readAll(options: EsdbReadAllOptions) {
      calls.push(options);
      if (state.silent) {
        const read = new SilentRead();
        reads.push(read);
        return read;
      }
      const from = options.fromPosition;
      const start = typeof from === 'object' ? log.findIndex((event) => event.position.commit >= from.commit) : 0;
      const page = log.slice(start, start + Number(options.maxCount));
      state.handedOver += page.length;
      return Readable.from(page.map((event): AllStreamResolvedEvent => ({ event, commitPosition: event.position.commit })));
    },
  } as unknown as EventStoreDbClient;
  return { client, reads, calls, state, store: new EventStoreDbEventStore(client, { logger: { log() {}, warn() {} } }) };
}

const events = (count: number): AllStreamRecordedEvent[] =>
  Array.from({ length: count }, (_, i) => ({
    streamId: `commitment-${i}`,
    id: `event-${i}`,
    isJson: true,
    revision: 0n,
    type: 'CommitmentMade',
    created: new Date(),
    data: {},
    metadata: undefined,
    position: { commit: BigInt(i + 1) * 10n, prepare: BigInt(i + 1) * 10n },
  }));

describe('EventStoreDbEventStore probes', () => {
  it('cancels a ping, head position or lag count that gets no answer when its signal aborts, and rejects at once', async () => {
    const { store, reads, state } = probeClient();
    state.silent = true;
    const probes = [
      () => store.ping({ signal: AbortSignal.timeout(20) }),
      () => store.headPosition({ signal: AbortSignal.timeout(20) }),
      () => store.countEventsAfter(undefined, 1001, { signal: AbortSignal.timeout(20) }),
    ];
    for (const probe of probes) {
      const started = Date.now();
      await expect(probe()).rejects.toBeInstanceOf(StoreDeadlineError);
      // Well inside a probe's 2 s; without the signal the read would never end.
      expect(Date.now() - started).toBeLessThan(1000);
    }
    expect(reads).toHaveLength(3);
    expect(reads.every((read) => read.cancelled && read.destroyed)).toBe(true);
  });

  it('starts no count when the deadline has already passed, and names the call', async () => {
    const { store, calls } = probeClient(events(3));
    const expired = AbortSignal.abort();
    await expect(store.countEventsAfter(undefined, 10, { signal: expired })).rejects.toThrow(
      'The event store did not answer countEventsAfter before its deadline; the read was cancelled',
    );
    expect(calls).toHaveLength(0);
  });

  it('answers as before when the store answers before the deadline', async () => {
    const { store } = probeClient(events(3));
    const signal = AbortSignal.timeout(1000);
    await expect(store.ping({ signal })).resolves.toBeUndefined();
    expect(await store.countEventsAfter(undefined, 10, { signal })).toBe(3);
  });

  it('counts a lag of more than 1,000 by reading pages up to the bound, not every later event', async () => {
    const { store, state } = probeClient(events(50_000));
    const after = '10/10' as Position;
    expect(await store.countEventsAfter(after, 1001)).toBe(1001);
    // Pages of readPageSize (500): three pages hold the 1,001st event; the other 48,000 are never read.
    expect(state.handedOver).toBeLessThanOrEqual(1500);
  });
});
