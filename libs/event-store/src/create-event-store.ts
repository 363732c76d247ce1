import type { EventStore } from './event-store.js';
import { EventStoreDbEventStore, type EventStoreDbLogger } from './eventstoredb/eventstoredb-event-store.js';
import { SqliteEventStore, type SqliteSynchronous } from './sqlite/sqlite-event-store.js';

export type EventStoreSettings = Readonly<{
  sqliteFilename: string;
  sqliteSynchronous: SqliteSynchronous;
  esdbConnectionString: string | null;
  logger?: EventStoreDbLogger;
}>;

/**
 * EventStoreDB when a connection string is given, otherwise the embedded SQLite store.
 * A connection string that does not parse throws an error naming ESDB_CONNECTION_STRING.
 */
export function createEventStore(settings: EventStoreSettings): EventStore {
  if (settings.esdbConnectionString) {
    return EventStoreDbEventStore.fromConnectionString(settings.esdbConnectionString, { logger: settings.logger });
  }
  return new SqliteEventStore({ filename: settings.sqliteFilename, synchronous: settings.sqliteSynchronous });
}
