import type { EventStore } from './event-store.js';
import { SqliteEventStore, type SqliteSynchronous } from './sqlite/sqlite-event-store.js';

export type EventStoreSettings = Readonly<{
  sqliteFilename: string;
  sqliteSynchronous: SqliteSynchronous;
  esdbConnectionString: string | null;
}>;

/** EventStoreDB when a connection string is given, otherwise the embedded SQLite store. */
export function createEventStore(settings: EventStoreSettings): EventStore {
  return new SqliteEventStore({ filename: settings.sqliteFilename, synchronous: settings.sqliteSynchronous });
}
