import { describe, expect, it } from '@jest/globals';
import { END, START, StreamDeletedError, UnavailableError, type AllStreamResolvedEvent } from '@eventstore/db-client';
// Through the package's testing entry, as tests in other libs reach the double.
import { FaultyEventStoreDbCluster, UNKNOWN_POSITION, type FaultySubscription } from '@ledger/event-store/testing';

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Which event ids the subscription handed over by each event-loop turn, and whether it said it caught up. */
async function watch(subscription: FaultySubscription, turns: number) {
  const seen: string[] = [];
  let caughtUp = false;
  subscription.on('data', (resolved: AllStreamResolvedEvent) => void seen.push(resolved.event!.id));
  subscription.on('caughtUp', () => void (caughtUp = true));
  const byTurn: number[] = [];
  for (let i = 0; i < turns; i++) {
    await turn();
    byTurn.push(seen.length);
  }
  return { seen, byTurn, caughtUp };
}

describe('FaultyEventStoreDbCluster switches', () => {
  it('hands the catch-up over at once and says it caught up, by default', async () => {
    const cluster = new FaultyEventStoreDbCluster();
    cluster.seed('a', 'Seeded', 3);
    const { seen, caughtUp } = await watch(cluster.client().subscribeToAll({ fromPosition: START }), 2);
    expect(seen).toHaveLength(3);
    expect(caughtUp).toBe(true);
  });

  it('trickles the catch-up one event per turn, and never says it caught up when emitsCaughtUp is off', async () => {
    const cluster = new FaultyEventStoreDbCluster();
    cluster.seed('a', 'Seeded', 3);
    cluster.trickle = true;
    cluster.emitsCaughtUp = false;
    const { seen, byTurn, caughtUp } = await watch(cluster.client().subscribeToAll({ fromPosition: START }), 6);
    expect(byTurn.slice(0, 3)).toEqual([1, 2, 3]);
    expect(seen).toEqual(cluster.log.map((event) => event.id));
    expect(caughtUp).toBe(false);
  });

  it('fails every call with UnavailableError while unreachable, keeping queued faults for later, and records readAll calls', async () => {
    const cluster = new FaultyEventStoreDbCluster();
    const client = cluster.client();
    cluster.failNext('readAll', { kind: 'cancelled' });
    cluster.unreachable = true;

    await expect(client.appendToStream('a', [], { expectedRevision: 'any' })).rejects.toBeInstanceOf(UnavailableError);
    await expect(client.readStream('a', {}).toArray()).rejects.toBeInstanceOf(UnavailableError);
    await expect(client.readAll({ maxCount: 1 }).toArray()).rejects.toBeInstanceOf(UnavailableError);
    const subscription = client.subscribeToAll({});
    await expect(new Promise((_, reject) => subscription.once('error', reject))).rejects.toBeInstanceOf(UnavailableError);

    cluster.unreachable = false;
    await expect(client.readAll({ maxCount: 1 }).toArray()).rejects.toThrow('CANCELLED');
    expect(cluster.readAllCalls).toEqual([{ maxCount: 1 }, { maxCount: 1 }]);
  });

  it.each([
    ['unknown', { commit: UNKNOWN_POSITION, prepare: UNKNOWN_POSITION }],
    ['none', undefined],
    ['unset', { commit: 0n, prepare: 0n }],
  ] as const)('acknowledges a recognised retry with retryPosition %s', async (retryPosition, position) => {
    const cluster = new FaultyEventStoreDbCluster();
    cluster.retryPosition = retryPosition;
    const events = [{ id: 'e-1', contentType: 'application/json' as const, type: 'Seeded', data: {}, metadata: undefined }];
    const first = await cluster.client().appendToStream('a', events, { expectedRevision: 'no_stream' });
    const retried = await cluster.client().appendToStream('a', events, { expectedRevision: 'no_stream' });
    expect(first.position).toEqual(cluster.log[0]!.position);
    expect(retried).toEqual({ success: true, nextExpectedRevision: 0n, position });
    expect(cluster.copiesOf('e-1')).toBe(1);
  });

  it('hangs a read of $all in either direction until its reader cancels and destroys it, and counts what readAll served', async () => {
    const cluster = new FaultyEventStoreDbCluster();
    cluster.seed('a', 'Seeded', 5);
    cluster.failNext('readAll', { kind: 'hang' }, { kind: 'hang' });
    const client = cluster.client();
    const backwards = client.readAll({ direction: 'backwards', fromPosition: END, maxCount: 1 });
    const forwards = client.readAll({ direction: 'forwards', fromPosition: START, maxCount: 3 });
    expect(cluster.hangingReads).toEqual([backwards, forwards]);
    expect(cluster.readAllServed).toBe(0);

    const [hung] = cluster.hangingReads;
    await hung!.cancel();
    expect([hung!.cancelled, hung!.destroyed]).toEqual([true, false]);
    hung!.destroy();
    expect(hung!.destroyed).toBe(true);

    expect(await client.readAll({ direction: 'forwards', fromPosition: START, maxCount: 3 }).toArray()).toHaveLength(3);
    expect(cluster.readAllServed).toBe(3);
  });

  it('fails reads and appends of a tombstoned stream with StreamDeletedError, leaving other streams alone', async () => {
    const cluster = new FaultyEventStoreDbCluster();
    cluster.seed('a');
    cluster.seed('b');
    cluster.tombstone('a');
    const client = cluster.client();
    const events = [{ id: 'e-1', contentType: 'application/json' as const, type: 'Seeded', data: {}, metadata: undefined }];

    await expect(client.readStream('a', {}).toArray()).rejects.toEqual(StreamDeletedError.fromStreamName('a'));
    await expect(client.appendToStream('a', events, { expectedRevision: 'any' })).rejects.toBeInstanceOf(StreamDeletedError);
    expect(await client.readStream('b', {}).toArray()).toHaveLength(1);
    expect(cluster.copiesOf('e-1')).toBe(0);
  });
});
