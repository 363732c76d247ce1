import Database from 'better-sqlite3';

export type PersonalDetails = Readonly<{ name: string }>;

/**
 * Names and contact details of people, keyed by person id, kept out of the immutable event log
 * so they can be erased while history still replays. A file of its own: never rebuilt, never dropped.
 */
export class PersonalDataStore {
  private readonly db: Database.Database;

  constructor(filename: string) {
    this.db = new Database(filename);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS people (
      person_id TEXT PRIMARY KEY, name TEXT NOT NULL, recorded_at TEXT NOT NULL
    )`);
  }

  record(personId: string, details: PersonalDetails) {
    this.db
      .prepare('INSERT INTO people (person_id, name, recorded_at) VALUES (?, ?, ?) ON CONFLICT (person_id) DO UPDATE SET name = excluded.name')
      .run(personId, details.name, new Date().toISOString());
  }

  /** Forgets a record that was written for a command that then failed. */
  forget(personId: string) {
    this.db.prepare('DELETE FROM people WHERE person_id = ?').run(personId);
  }

  detailsOf(personIds: readonly string[]): Map<string, PersonalDetails> {
    if (personIds.length === 0) return new Map();
    const rows = this.db
      .prepare<string[], { person_id: string; name: string }>(
        `SELECT person_id, name FROM people WHERE person_id IN (${personIds.map(() => '?').join(', ')})`,
      )
      .all(...personIds);
    return new Map(rows.map((row) => [row.person_id, { name: row.name }]));
  }

  close() {
    this.db.close();
  }
}
