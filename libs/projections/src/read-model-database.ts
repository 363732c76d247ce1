import Database from 'better-sqlite3';

/** How long one statement waits for another connection's write lock before SQLITE_BUSY. */
export const READ_MODEL_BUSY_TIMEOUT_MS = 200;

/**
 * The read models' own SQLite file, apart from the event log: it can be deleted at any time
 * and rebuilt from the log. Holds each projection's checkpoint beside its tables. `options.verbose`
 * sees every statement run (a test counts them).
 */
export function openReadModelDatabase(filename: string, options: Database.Options = {}): Database.Database {
  const db = new Database(filename, options);
  db.pragma('journal_mode = WAL');
  // A lost read-model commit is replayed from the log, so durability can be relaxed here.
  db.pragma('synchronous = NORMAL');
  // better-sqlite3 waits for a lock synchronously, freezing the event loop: with a writer per
  // projection, a long wait behind another process's lock stopped the API answering for
  // (projections × timeout). Writers retry on their own after a pause, so a short wait is enough.
  db.pragma(`busy_timeout = ${READ_MODEL_BUSY_TIMEOUT_MS}`);
  db.exec(`
    CREATE TABLE IF NOT EXISTS projection_checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS projection_versions (name TEXT PRIMARY KEY, version INTEGER NOT NULL);
  `);
  return db;
}

export type ReadModelDatabase = Database.Database;
