import { describe, expect, it } from '@jest/globals';
import { StreamTombstonedError } from '../errors.js';
import { STREAM_DOES_NOT_EXIST } from '../event-store.js';
import { EventStoreDbEventStore } from './eventstoredb-event-store.js';
import { newEvent } from './testing/fixtures.js';
import { FaultyEventStoreDbCluster } from './testing/faulty-eventstoredb.js';

function setup() {
  const cluster = new FaultyEventStoreDbCluster();
  return { cluster, store: new EventStoreDbEventStore(cluster.client()) };
}

/** The stream reads the adapter sent after the tip read of `appendToStream`: one more means a position read back. */
const readsAfterTip = (cluster: FaultyEventStoreDbCluster, since: number) =>
  cluster.readStreamCalls.slice(since).filter((call) => call.options.direction !== 'backwards');

describe('EventStoreDbEventStore at the edges of the protocol', () => {
  it.each(['none', 'unset', 'unknown'] as const)(
    "reads the position back from the event when the acknowledgement carries none, 0/0, or the server's 2^64−1 (retryPosition %s)",
    async (retryPosition) => {
      const { cluster, store } = setup();
      cluster.retryPosition = retryPosition;
      const event = newEvent();
      const first = await store.appendToStream('commitment-1', [event], { expectedRevision: STREAM_DOES_NOT_EXIST });
      const { commit, prepare } = cluster.log[0]!.position;
      // A real position is taken as it comes: nothing is read back.
      expect(first.position).toBe(`${commit}/${prepare}`);
      expect(readsAfterTip(cluster, 0)).toEqual([]);

      // The same append again: the server recognises the event id and acknowledges without a known position.
      const since = cluster.readStreamCalls.length;
      const retried = await store.appendToStream('commitment-1', [event], { expectedRevision: STREAM_DOES_NOT_EXIST });
      expect(retried).toEqual({ nextExpectedRevision: 0n, position: first.position });
      expect(readsAfterTip(cluster, since)).toHaveLength(1);
      expect(cluster.copiesOf(event.id)).toBe(1);
    },
  );

  it('names a tombstoned stream on read and on append, instead of passing StreamDeletedError through', async () => {
    const { cluster, store } = setup();
    cluster.seed('commitment-1');
    cluster.tombstone('commitment-1');
    const message = 'Stream commitment-1 was deleted permanently (tombstoned) in EventStoreDB; it can be neither read nor appended to';
    await expect(store.readStream('commitment-1')).rejects.toThrow(new StreamTombstonedError('commitment-1'));
    await expect(store.readStream('commitment-1')).rejects.toThrow(message);
    await expect(store.appendToStream('commitment-1', [newEvent()], { expectedRevision: STREAM_DOES_NOT_EXIST })).rejects.toBeInstanceOf(
      StreamTombstonedError,
    );
  });
});
