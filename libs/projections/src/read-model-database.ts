import Database from 'better-sqlite3';

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
  db.pragma('busy_timeout = 5000');
  db.exec(`
    CREATE TABLE IF NOT EXISTS projection_checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS projection_versions (name TEXT PRIMARY KEY, version INTEGER NOT NULL);
  `);
  return db;
}

export type ReadModelDatabase = Database.Database;
