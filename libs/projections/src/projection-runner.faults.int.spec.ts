import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ANY, EventStoreDbEventStore, type Position } from '@ledger/event-store';
import { FaultyEventStoreDbCluster } from '@ledger/event-store/testing';
import { ProjectionRunner } from './projection-runner.js';
import { openReadModelDatabase, type ReadModelDatabase } from './read-model-database.js';
import { countedEvents, onceProjection } from './testing/once-projection.js';

const quiet = { log: () => undefined, warn: () => undefined };

/**
 * The projection runner on the EventStoreDB adapter over the fault-injecting cluster double (issue 15):
 * whatever the cluster does to the subscription, every acknowledged event reaches the read model
 * exactly once. The read model keys rows by event id, so an event applied twice fails its batch and
 * shows as a last error; one never applied is missing from the rows.
 */
describe('projection runner through a misbehaving EventStoreDB cluster', () => {
  let dir: string;
  let db: ReadModelDatabase;
  let cluster: FaultyEventStoreDbCluster;
  let store: EventStoreDbEventStore;
  const acknowledged: string[] = [];

  const append = async (count: number): Promise<Position> => {
    const events = countedEvents(count);
    const { position } = await store.appendToStream(`counter-${acknowledged.length % 3}`, events, { expectedRevision: ANY });
    acknowledged.push(...events.map((event) => event.id));
    return position;
  };
  const applied = () => (db.prepare('SELECT event_id FROM applied ORDER BY position').all() as { event_id: string }[]).map((row) => row.event_id);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-projection-faults-'));
    db = openReadModelDatabase(join(dir, 'read-models.sqlite'));
    cluster = new FaultyEventStoreDbCluster();
    // The factory, as fromConnectionString gives it: a poisoned client can be replaced.
    store = new EventStoreDbEventStore(cluster.client, { logger: quiet, backoff: { initialDelayMs: 1, maxDelayMs: 4 }, retry: { attempts: 4, initialDelayMs: 1, maxDelayMs: 4 } });
    acknowledged.length = 0;
  });
  afterEach(async () => {
    await store.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies every acknowledged event once through dropped subscriptions, a failed resubscribe, a poisoned lookup and a lagging follower', async () => {
    cluster.followerLag = 1;
    await append(5);
    const runner = new ProjectionRunner(store, db, [onceProjection], { batchSize: 4 });
    runner.start();
    expect(await runner.waitFor(await append(3))).toBe(true);

    // The server goes away mid-stream and the first resubscribe fails too.
    cluster.failNext('subscribeToAll', { kind: 'unavailable' });
    cluster.dropSubscriptions();
    await append(4);
    // A leader election: the client's lookup fails and poisons it; the adapter builds a new one.
    cluster.failNext('subscribeToAll', { kind: 'poisonedLookup' });
    cluster.dropSubscriptions();
    const last = await append(6);
    expect(await runner.waitFor(last)).toBe(true);
    await runner.stop();

    expect(runner.status()).toEqual([{ name: 'once', checkpoint: last, lastError: null }]);
    expect(applied()).toEqual(acknowledged);
    expect(cluster.clients.length).toBeGreaterThan(1);
  });

  it('resumes after a restart from its checkpoint, never re-applying what it had applied', async () => {
    await append(7);
    const first = new ProjectionRunner(store, db, [onceProjection], { batchSize: 3 });
    first.start();
    expect(await first.waitFor(await append(2))).toBe(true);
    await first.stop();

    // Written while no runner ran, then the runner restarts while the subscription keeps dropping.
    await append(5);
    const second = new ProjectionRunner(store, db, [onceProjection], { batchSize: 3 });
    second.start();
    cluster.dropSubscriptions();
    const last = await append(1);
    expect(await second.waitFor(last)).toBe(true);
    await second.stop();

    expect(second.status()[0]!.lastError).toBeNull();
    expect(applied()).toEqual(acknowledged);
  });
});
