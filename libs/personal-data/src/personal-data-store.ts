import Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';

export type PersonalDetails = Readonly<{ name: string | null; email: string | null }>;

/** Who a token says someone is: the issuer that vouches for them and its subject for them. */
export type Identity = Readonly<{ issuer: string; subject: string; name?: string | null; email?: string | null }>;

/** A declaration of interest made at a meeting, as the minutes record it; its declarer, when known, by person id. */
export type DeclarationText = Readonly<{ memberId: string; personId: string | null; text: string }>;

/** One row of the store as `export` writes it (people.ndjson) and `import` restores it, verbatim. */
export type PersonalDataRecord =
  | Readonly<{ kind: 'person'; personId: string; name: string | null; email: string | null; recordedAt: string }>
  | Readonly<{ kind: 'identity'; issuer: string; subject: string; personId: string; firstSeenAt: string }>
  | Readonly<{ kind: 'declaration'; declarationId: string; memberId: string; personId: string | null; text: string; recordedAt: string }>;

/** The schema this build writes, kept in `PRAGMA user_version`. 0 is the file before identities; 2 adds declarations. */
const SCHEMA_VERSION = 2;

const PEOPLE_V1 = `CREATE TABLE people (
  person_id TEXT PRIMARY KEY, name TEXT, email TEXT, recorded_at TEXT NOT NULL
)`;

const IDENTITIES_V1 = `
  CREATE TABLE identities (
    issuer TEXT NOT NULL, subject TEXT NOT NULL, person_id TEXT NOT NULL, first_seen_at TEXT NOT NULL,
    PRIMARY KEY (issuer, subject)
  );
  CREATE INDEX identities_by_person ON identities (person_id);
`;

/** Declarations of interest are personal disclosures ("my spouse is employed by…"): erased with their person. */
const DECLARATIONS_V2 = `
  CREATE TABLE declarations (
    declaration_id TEXT PRIMARY KEY, member_id TEXT NOT NULL, person_id TEXT, text TEXT NOT NULL, recorded_at TEXT NOT NULL
  );
  CREATE INDEX declarations_by_person ON declarations (person_id);
`;

/**
 * Names, contact details and token identities of people, keyed by person id, kept out of the
 * immutable event log so they can be erased while history still replays. A file of its own: never
 * rebuilt, never dropped. Person ids are random, never derived from an identity, so nothing can
 * link an erased person back to who they were.
 */
export class PersonalDataStore {
  private readonly db: Database.Database;
  private readonly statements: ReturnType<PersonalDataStore['prepare']>;

  constructor(private readonly filename: string) {
    this.db = new Database(filename);
    // Before anything that locks: another process may be opening (or migrating) the same file.
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    // Erased rows are overwritten with zeros rather than left readable in free pages.
    this.db.pragma('secure_delete = ON');
    this.migrate();
    this.statements = this.prepare();
  }

  /** Brings an older file up to this build's schema in one transaction: all of it or none. */
  private migrate() {
    this.db
      .transaction(() => {
        // Read inside the write lock: another process may have migrated the file a moment ago.
        const version = this.db.pragma('user_version', { simple: true }) as number;
        if (version > SCHEMA_VERSION) {
          throw new Error(
            `${this.filename} has personal-data schema version ${version}, newer than this build's ${SCHEMA_VERSION}: run a newer build`,
          );
        }
        if (version < 1) {
          const hasPeople = this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'people'`).get();
          if (hasPeople) {
            // SQLite cannot drop NOT NULL from a column, so the table is copied into the new shape.
            this.db.exec('ALTER TABLE people RENAME TO people_v0');
            this.db.exec(PEOPLE_V1);
            this.db.exec('INSERT INTO people (person_id, name, email, recorded_at) SELECT person_id, name, NULL, recorded_at FROM people_v0');
            this.db.exec('DROP TABLE people_v0');
          } else {
            this.db.exec(PEOPLE_V1);
          }
          this.db.exec(IDENTITIES_V1);
          this.db.pragma('user_version = 1');
        }
        if (version < 2) {
          this.db.exec(DECLARATIONS_V2);
          this.db.pragma('user_version = 2');
        }
      })
      .immediate();
  }

  private prepare() {
    const db = this.db;
    const statements = {
      claimIdentity: db.prepare<[string, string, string, string]>(
        'INSERT INTO identities (issuer, subject, person_id, first_seen_at) VALUES (?, ?, ?, ?) ON CONFLICT (issuer, subject) DO NOTHING',
      ),
      personIdOf: db.prepare<[string, string], string>('SELECT person_id FROM identities WHERE issuer = ? AND subject = ?').pluck(),
      // Null leaves what is known; an identity provider that omits a claim does not wipe it.
      updateDetails: db.prepare<[string, string | null, string | null, string]>(
        `INSERT INTO people (person_id, name, email, recorded_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (person_id) DO UPDATE SET name = coalesce(excluded.name, people.name), email = coalesce(excluded.email, people.email)`,
      ),
      recordName: db.prepare<[string, string, string]>(
        `INSERT INTO people (person_id, name, recorded_at) VALUES (?, ?, ?)
         ON CONFLICT (person_id) DO UPDATE SET name = excluded.name`,
      ),
      recordNameAndEmail: db.prepare<[string, string, string | null, string]>(
        `INSERT INTO people (person_id, name, email, recorded_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (person_id) DO UPDATE SET name = excluded.name, email = excluded.email`,
      ),
      forgetDetails: db.prepare<[string]>('DELETE FROM people WHERE person_id = ?'),
      forgetIdentities: db.prepare<[string]>('DELETE FROM identities WHERE person_id = ?'),
      // A retry records the same id with the same text; the first recording stands.
      recordDeclaration: db.prepare<[string, string, string | null, string, string]>(
        'INSERT INTO declarations (declaration_id, member_id, person_id, text, recorded_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (declaration_id) DO NOTHING',
      ),
      forgetDeclaration: db.prepare<[string]>('DELETE FROM declarations WHERE declaration_id = ?'),
      forgetDeclarations: db.prepare<[string]>('DELETE FROM declarations WHERE person_id = ?'),
      knows: db
        .prepare<[string, string], number>(
          'SELECT EXISTS (SELECT 1 FROM people WHERE person_id = ?) OR EXISTS (SELECT 1 FROM identities WHERE person_id = ?)',
        )
        .pluck(),
    };
    return {
      ...statements,
      // IMMEDIATE: the write lock is taken before the claim, so two processes identifying the same
      // subject queue up instead of one failing to upgrade a read lock.
      identify: db.transaction((identity: Identity, now: string) => {
        statements.claimIdentity.run(identity.issuer, identity.subject, uuidv7(), now);
        const personId = statements.personIdOf.get(identity.issuer, identity.subject)!;
        const name = identity.name ?? null;
        const email = identity.email ?? null;
        if (name !== null || email !== null) statements.updateDetails.run(personId, name, email, now);
        return personId;
      }),
      erase: db.transaction((personId: string) => {
        const details = statements.forgetDetails.run(personId).changes;
        const identities = statements.forgetIdentities.run(personId).changes;
        const declarations = statements.forgetDeclarations.run(personId).changes;
        return details + identities + declarations > 0;
      }),
    };
  }

  /** The person id of (issuer, subject), created on first sight; name and email are updated when given non-null. */
  identify(identity: Identity): string {
    requireText(identity.issuer, 'issuer');
    requireText(identity.subject, 'subject');
    return this.statements.identify.immediate(identity, new Date().toISOString());
  }

  /** The person id of (issuer, subject), or null if never seen (or erased). */
  personIdOf(issuer: string, subject: string): string | null {
    return this.statements.personIdOf.get(issuer, subject) ?? null;
  }

  /** Whether the person has details or an identity here (not erased, not a made-up id). */
  knows(personId: string): boolean {
    return this.statements.knows.get(personId, personId) === 1;
  }

  /** Sets a person's name; their email too when `email` is given (null clears it), otherwise it is kept. */
  record(personId: string, details: { name: string; email?: string | null }) {
    const now = new Date().toISOString();
    if (details.email === undefined) this.statements.recordName.run(personId, details.name, now);
    else this.statements.recordNameAndEmail.run(personId, details.name, details.email, now);
  }

  /** Forgets a record that was written for a command that then failed. */
  forget(personId: string) {
    this.statements.forgetDetails.run(personId);
  }

  /** Keeps the text of a declaration of interest under its id; an id already recorded keeps its first text. */
  recordDeclaration(declarationId: string, declaration: { memberId: string; personId?: string | null; text: string }) {
    requireText(declarationId, 'declarationId', 'recordDeclaration');
    requireText(declaration.text, 'text', 'recordDeclaration');
    this.statements.recordDeclaration.run(declarationId, declaration.memberId, declaration.personId ?? null, declaration.text, new Date().toISOString());
  }

  /** Forgets a declaration that was recorded for a command that then failed. */
  forgetDeclaration(declarationId: string) {
    this.statements.forgetDeclaration.run(declarationId);
  }

  /** The declarations still kept, by id; one never recorded or erased with its person is absent. */
  declarationsById(declarationIds: readonly string[]): Map<string, DeclarationText> {
    if (declarationIds.length === 0) return new Map();
    const rows = this.db
      .prepare<string[], { declaration_id: string; member_id: string; person_id: string | null; text: string }>(
        `SELECT declaration_id, member_id, person_id, text FROM declarations WHERE declaration_id IN (${declarationIds.map(() => '?').join(', ')})`,
      )
      .all(...declarationIds);
    return new Map(rows.map((row) => [row.declaration_id, { memberId: row.member_id, personId: row.person_id, text: row.text }]));
  }

  /**
   * Erases everything personal about a person: their details, their declarations of interest and every identity that maps to them.
   * History still replays; they read as erased, and the same token later becomes a new person.
   * Returns whether anything was erased.
   */
  erase(personId: string): boolean {
    const erased = this.statements.erase.immediate(personId);
    // Copies of the erased pages may sit in the write-ahead log; fold it into the file and empty it.
    if (erased) this.db.pragma('wal_checkpoint(TRUNCATE)');
    return erased;
  }

  /** Details of those people who have any; a person without a row (never recorded, or erased) is absent. */
  detailsOf(personIds: readonly string[]): Map<string, PersonalDetails> {
    if (personIds.length === 0) return new Map();
    const rows = this.db
      .prepare<string[], { person_id: string; name: string | null; email: string | null }>(
        `SELECT person_id, name, email FROM people WHERE person_id IN (${personIds.map(() => '?').join(', ')})`,
      )
      .all(...personIds);
    return new Map(rows.map((row) => [row.person_id, { name: row.name, email: row.email }]));
  }

  /** Every row, people first; with `personIds`, only theirs (a declaration without a declarer is nobody's). */
  *records(personIds?: ReadonlySet<string>): Generator<PersonalDataRecord> {
    const wanted = (personId: string | null) => !personIds || (personId !== null && personIds.has(personId));
    for (const row of this.db.prepare<[], { person_id: string; name: string | null; email: string | null; recorded_at: string }>('SELECT * FROM people ORDER BY person_id').iterate()) {
      if (wanted(row.person_id)) yield { kind: 'person', personId: row.person_id, name: row.name, email: row.email, recordedAt: row.recorded_at };
    }
    for (const row of this.db.prepare<[], { issuer: string; subject: string; person_id: string; first_seen_at: string }>('SELECT * FROM identities ORDER BY issuer, subject').iterate()) {
      if (wanted(row.person_id)) yield { kind: 'identity', issuer: row.issuer, subject: row.subject, personId: row.person_id, firstSeenAt: row.first_seen_at };
    }
    type DeclarationRow = { declaration_id: string; member_id: string; person_id: string | null; text: string; recorded_at: string };
    for (const row of this.db.prepare<[], DeclarationRow>('SELECT * FROM declarations ORDER BY declaration_id').iterate()) {
      if (wanted(row.person_id)) {
        yield { kind: 'declaration', declarationId: row.declaration_id, memberId: row.member_id, personId: row.person_id, text: row.text, recordedAt: row.recorded_at };
      }
    }
  }

  /** True when nothing at all is kept: the only store `restore` writes into. */
  isEmpty(): boolean {
    return this.db.prepare('SELECT NOT EXISTS (SELECT 1 FROM people) AND NOT EXISTS (SELECT 1 FROM identities) AND NOT EXISTS (SELECT 1 FROM declarations)').pluck().get() === 1;
  }

  /** Writes exported rows back as they were, in one transaction; refuses a store that holds anything. */
  restore(records: Iterable<PersonalDataRecord>): number {
    return this.db
      .transaction(() => {
        if (!this.isEmpty()) throw new Error(`restore: ${this.filename} already holds personal data; restore writes only into an empty store`);
        const person = this.db.prepare('INSERT INTO people (person_id, name, email, recorded_at) VALUES (?, ?, ?, ?)');
        const identity = this.db.prepare('INSERT INTO identities (issuer, subject, person_id, first_seen_at) VALUES (?, ?, ?, ?)');
        const declaration = this.db.prepare('INSERT INTO declarations (declaration_id, member_id, person_id, text, recorded_at) VALUES (?, ?, ?, ?, ?)');
        let count = 0;
        for (const record of records) {
          if (record.kind === 'person') person.run(record.personId, record.name, record.email, record.recordedAt);
          else if (record.kind === 'identity') identity.run(record.issuer, record.subject, record.personId, record.firstSeenAt);
          else if (record.kind === 'declaration') declaration.run(record.declarationId, record.memberId, record.personId, record.text, record.recordedAt);
          else throw new Error(`restore: kind must be person, identity or declaration, got ${JSON.stringify((record as { kind: unknown }).kind)}`);
          count++;
        }
        return count;
      })
      .immediate();
  }

  close() {
    this.db.close();
  }
}

function requireText(value: unknown, field: string, operation = 'identify') {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(`${operation}: ${field} must be a non-empty string, got ${JSON.stringify(value)}`);
  }
}
