import { describe, expect, it } from '@jest/globals';
import { handleCommand, type CommandOptions } from '../command-handling.js';
import { verifyChains } from '../integrity/chain.js';
import { EventStoreDbEventStore } from './eventstoredb-event-store.js';
import { FaultyEventStoreDbCluster, type EventStoreDbFault, type FaultyMethod } from './testing/faulty-eventstoredb.js';
import { count, counter, type Counted } from '../testing/counter.js';

const optionsFor = (key: string, expectedRevision?: bigint): CommandOptions => ({
  metadata: { actor: { personId: 'p', grantId: 'g', role: 'PARTNER', organisationId: 'o' }, correlationId: key, causationId: key },
  idempotent: true,
  ...(expectedRevision === undefined ? {} : { expectedRevision }),
});

const quiet = { log: () => undefined, warn: () => undefined };
const store = (cluster: FaultyEventStoreDbCluster) =>
  new EventStoreDbEventStore(cluster.client, { logger: quiet, retry: { attempts: 3, initialDelayMs: 1, maxDelayMs: 2 }, readDeadlineMs: 100 });

describe('command handling on EventStoreDB through a faulty cluster', () => {
  it('completes every command, losing and doubling none, through leader changes, lost answers, a poisoned lookup, a hanging read and a lagging follower', async () => {
    const cluster = new FaultyEventStoreDbCluster();
    // Two API processes on one cluster; the follower they could read from is one event behind.
    const processes = [store(cluster), store(cluster)];
    cluster.followerLag = 1;
    const faults: [FaultyMethod, EventStoreDbFault][] = [
      ['appendToStream', { kind: 'notLeaderAfterWrite' }],
      ['readStream', { kind: 'poisonedLookup' }],
      ['appendToStream', { kind: 'unavailable', landed: true }],
      ['appendToStream', { kind: 'cancelled' }],
      ['appendToStream', { kind: 'deadlineExceeded', landed: true }],
      ['appendToStream', { kind: 'poisonedLookup' }],
      ['readStream', { kind: 'hang' }],
      ['readStream', { kind: 'notLeaderAfterWrite' }],
    ];

    let revision: bigint | undefined;
    for (let i = 0; i < 16; i++) {
      // Every other command meets the next fault in turn, so each fault is met once.
      if (i % 2 === 0) cluster.failNext(...faults[i / 2]!);
      // Callers send the revision they last saw, as the API's expectedRevision does.
      const result = await handleCommand(processes[i % 2]!, 'action-1', counter, count(`writer ${i}`), optionsFor(`command-${i}`, revision));
      revision = result.appended!.nextExpectedRevision;
    }

    const events = await processes[0]!.readStream('action-1');
    expect(events.map((event) => (event.data as Counted['data']).n)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(new Set(cluster.log.map((event) => event.id)).size).toBe(cluster.log.length);
    expect(verifyChains(events)).toMatchObject({ events: 16, streams: 1, broken: null });
    await Promise.all(processes.map((process) => process.close()));
  });
});
