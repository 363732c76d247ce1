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
