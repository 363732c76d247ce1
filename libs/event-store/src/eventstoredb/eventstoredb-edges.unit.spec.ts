import { describe, expect, it } from '@jest/globals';
import {
  StreamDeletedError,
  StreamNotFoundError,
  type AppendResult as EsdbAppendResult,
  type Position as EsdbPosition,
  type ReadStreamOptions as EsdbReadStreamOptions,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { Readable } from 'node:stream';
import { StreamTombstonedError } from '../errors.js';
import { STREAM_DOES_NOT_EXIST, type NewEvent } from '../event-store.js';
import { EventStoreDbEventStore, type EventStoreDbClient } from './eventstoredb-event-store.js';

const event: NewEvent = {
  id: '00000000-0000-7000-8000-000000000001',
  type: 'CommitmentMade',
  data: { title: 'Reduce A&E waits' },
  metadata: {
    actor: { personId: 'partner-7', grantId: 'grant-7', role: 'PARTNER', organisationId: 'org-leeds' },
    correlationId: 'correlation-9',
    causationId: 'causation-9',
    schemaVersion: 1,
  },
};

const failing = (error: Error) =>
  new Readable({
    objectMode: true,
    read() {
      this.destroy(error);
    },
  });

const WRITTEN_AT: EsdbPosition = { commit: 7000n, prepare: 7000n };

/** A new stream whose append is acknowledged with `acknowledged` as its position; the event itself is at WRITTEN_AT. */
function acknowledging(acknowledged: EsdbPosition | undefined) {
  let written = false;
  const client = {
    async appendToStream(): Promise<EsdbAppendResult> {
      written = true;
      return { success: true, nextExpectedRevision: 0n, position: acknowledged };
    },
    readStream(streamName: string, _options: EsdbReadStreamOptions) {
      if (!written) return failing(new StreamNotFoundError(undefined, streamName));
      const resolved: ResolvedEvent = {
        event: {
          streamId: streamName,
          id: event.id,
          revision: 0n,
          type: event.type,
          data: event.data as never,
          metadata: event.metadata as never,
          isJson: true,
          created: new Date(),
          position: WRITTEN_AT,
        },
      };
      return Readable.from([resolved]);
    },
  } as unknown as EventStoreDbClient;
  return new EventStoreDbEventStore(client);
}

describe('EventStoreDbEventStore at the edges of the protocol', () => {
  it('reads the position back from the event when the acknowledgement carries none, 0/0, or the server\'s 2^64−1', async () => {
    const unknown = 2n ** 64n - 1n;
    for (const acknowledged of [undefined, { commit: 0n, prepare: 0n }, { commit: unknown, prepare: unknown }]) {
      const result = await acknowledging(acknowledged).appendToStream('commitment-1', [event], { expectedRevision: STREAM_DOES_NOT_EXIST });
      expect(result.position).toBe('7000/7000');
    }
    // A real position is taken as it comes.
    const result = await acknowledging({ commit: 9000n, prepare: 8999n }).appendToStream('commitment-1', [event], {
      expectedRevision: STREAM_DOES_NOT_EXIST,
    });
    expect(result.position).toBe('9000/8999');
  });

  it('names a tombstoned stream on read and on append, instead of passing StreamDeletedError through', async () => {
    const client = {
      readStream: (streamName: string) => failing(StreamDeletedError.fromStreamName(streamName)),
      appendToStream: async (streamName: string) => {
        throw StreamDeletedError.fromStreamName(streamName);
      },
    } as unknown as EventStoreDbClient;
    const store = new EventStoreDbEventStore(client);
    const message = 'Stream commitment-1 was deleted permanently (tombstoned) in EventStoreDB; it can be neither read nor appended to';
    await expect(store.readStream('commitment-1')).rejects.toThrow(new StreamTombstonedError('commitment-1'));
    await expect(store.readStream('commitment-1')).rejects.toThrow(message);
    await expect(store.appendToStream('commitment-1', [event], { expectedRevision: STREAM_DOES_NOT_EXIST })).rejects.toBeInstanceOf(
      StreamTombstonedError,
    );
  });
});
