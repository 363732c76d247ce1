import type Database from 'better-sqlite3';
import type { ReadModelDatabase } from './read-model-database.js';

/**
 * Prepares a projection's statements once per database, not once per event (replay speed depends
 * on it). `forget` drops them when the projection's tables are dropped for a rebuild.
 */
export function preparedStatements<S extends object>(prepare: (db: ReadModelDatabase) => S) {
  const byDatabase = new WeakMap<ReadModelDatabase, S>();
  return {
    of(db: ReadModelDatabase): S {
      let statements = byDatabase.get(db);
      if (!statements) byDatabase.set(db, (statements = prepare(db)));
      return statements;
    },
    forget(db: ReadModelDatabase) {
      byDatabase.delete(db);
    },
  };
}

/** A projection's tearDown: forgets its prepared statements and drops its tables. */
export const dropTables =
  (tables: readonly string[], statements: { forget(db: ReadModelDatabase): void }) =>
  (db: ReadModelDatabase): void => {
    statements.forget(db);
    for (const table of tables) db.exec(`DROP TABLE IF EXISTS ${table}`);
  };

/**
 * Base of the read-model query classes: each SQL text is compiled once, on first use (a fresh
 * database has no tables until the projection runner sets them up), then reused on every request.
 */
export abstract class ReadModelQueries {
  private readonly statements = new Map<string, Database.Statement<unknown[], unknown>>();

  constructor(protected readonly db: ReadModelDatabase) {}

  protected sql<Params extends unknown[], Row>(source: string): Database.Statement<Params, Row> {
    let statement = this.statements.get(source);
    if (!statement) this.statements.set(source, (statement = this.db.prepare(source)));
    return statement as unknown as Database.Statement<Params, Row>;
  }
}
