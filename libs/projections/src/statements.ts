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
