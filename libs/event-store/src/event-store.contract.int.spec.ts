import { describe } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store.js';
import { SqliteEventStore } from './sqlite/sqlite-event-store.js';
import { describeEventStoreContract } from './testing/event-store.contract.js';

const sqliteFixture = (groupCommit: boolean) => async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-contract-'));
  const store = new SqliteEventStore({ filename: join(dir, 'events.sqlite'), pollIntervalMs: 20, groupCommit });
  return {
    store,
    dispose: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
describeEventStoreContract('embedded SQLite', sqliteFixture(true));
describeEventStoreContract('embedded SQLite, a transaction per append', sqliteFixture(false));

const esdbConnectionString = process.env.ESDB_CONNECTION_STRING;

async function eventStoreDbFixture() {
  const store = EventStoreDbEventStore.fromConnectionString(esdbConnectionString!);
  // Fail in setup with the server's own error, and let go of the client: no fixture means no dispose.
  await store.ping().catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  return { store, dispose: () => store.close() };
}

if (esdbConnectionString) {
  describeEventStoreContract('EventStoreDB', eventStoreDbFixture);
} else {
  // No server here: the real contract tests are listed as skipped, with the reason, rather than left out silently.
  describe.skip('EventStoreDB — skipped: set ESDB_CONNECTION_STRING to run against a server', () => {
    describeEventStoreContract('EventStoreDB', eventStoreDbFixture);
  });
}
