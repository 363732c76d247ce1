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

/** A list of ids bound as one JSON parameter, so one prepared statement serves a batch of any size. */
export const IN_IDS = 'IN (SELECT value FROM json_each(?))';

/** Rows after a position in a list's order; `limit` includes the one extra row that tells whether more follow. */
export type Page = Readonly<{ afterSequence: number; limit: number }>;

/** A row of a list, with the list's owner (e.g. the partnership whose organisations these are) and its position (from 1) in the list. */
export type Paged<Row> = Row & Readonly<{ ownerId: string; sequence: number }>;

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

  /**
   * One page of each of many owners' lists (partnerships' organisations, actions' updates…) in one
   * statement. `ranked` selects the rows of the owners whose ids are its first parameter
   * (`IN_IDS`), each with `ownerId` and `sequence` (its ROW_NUMBER in the list's order); `params`
   * follow the ids.
   */
  protected pagesOf<Row>(ranked: string, ownerIds: readonly string[], page: Page, ...params: unknown[]): Paged<Row>[] {
    return this
      .sql<unknown[], Paged<Row>>(`SELECT * FROM (${ranked}) WHERE sequence > ? AND sequence <= ? ORDER BY ownerId, sequence`)
      .all(JSON.stringify(ownerIds), ...params, page.afterSequence, page.afterSequence + page.limit);
  }

  /** The length of each owner's list: `grouped` selects `ownerId, count` for the owners in its first parameter. */
  protected countsOf(grouped: string, ownerIds: readonly string[], ...params: unknown[]): Map<string, number> {
    const rows = this.sql<unknown[], { ownerId: string; count: number }>(grouped).all(JSON.stringify(ownerIds), ...params);
    return new Map(rows.map((row) => [row.ownerId, row.count]));
  }

  /** Rows of one table by their ids, in one statement. */
  protected byIds<Row>(select: string, ids: readonly string[]): Row[] {
    return this.sql<[string], Row>(`${select} WHERE id ${IN_IDS}`).all(JSON.stringify(ids));
  }
}
