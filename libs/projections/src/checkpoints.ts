import type { Position } from '@ledger/event-store';
import type { ReadModelDatabase } from './read-model-database.js';

/**
 * The stored checkpoint is not where this writer's batch started: another runner, or a rebuild,
 * moved it meanwhile. The batch's transaction is rolled back; read on from the stored checkpoint.
 */
export class CheckpointMovedError extends Error {
  constructor(
    readonly checkpoint: string,
    readonly expected: Position | null,
    readonly stored: Position | null,
  ) {
    super(`Checkpoint ${checkpoint} moved: this batch started at ${expected ?? 'the start of the log'}, the stored checkpoint is ${stored ?? 'none'}`);
    this.name = 'CheckpointMovedError';
  }
}

type CheckpointStatements = ReturnType<typeof prepare>;

const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function prepare(db: ReadModelDatabase, table: string) {
  return {
    read: db.prepare<[string], { position: Position }>(`SELECT position FROM ${table} WHERE name = ?`),
    // DO NOTHING rather than an error, so a concurrent first write shows as 0 rows changed, like a moved one.
    insert: db.prepare<[string, string]>(`INSERT INTO ${table} (name, position) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`),
    update: db.prepare<[string, string, string]>(`UPDATE ${table} SET position = ? WHERE name = ? AND position = ?`),
  };
}

// Compiled once per database and table: the checkpoint moves after every batch.
const statementsByDatabase = new WeakMap<ReadModelDatabase, Map<string, CheckpointStatements>>();

function statementsOf(db: ReadModelDatabase, table: string): CheckpointStatements {
  let byTable = statementsByDatabase.get(db);
  if (!byTable) statementsByDatabase.set(db, (byTable = new Map()));
  let statements = byTable.get(table);
  if (!statements) {
    if (!PLAIN_NAME.test(table)) throw new Error(`Checkpoint table must be a plain SQL name (letters, digits and _): got "${table}"`);
    byTable.set(table, (statements = prepare(db, table)));
  }
  return statements;
}

/** The position a reader of the log has processed up to, from a table of `(name TEXT PRIMARY KEY, position TEXT NOT NULL)`. */
export function readCheckpoint(db: ReadModelDatabase, table: string, name: string): Position | null {
  return statementsOf(db, table).read.get(name)?.position ?? null;
}

/**
 * Moves a checkpoint from `expected` (null: none stored yet) to `next`, only if it is still at
 * `expected`: a compare-and-set, so of two readers that started a batch at the same place only one
 * commits it. Call it inside the transaction that applied the batch; when the checkpoint moved it
 * throws CheckpointMovedError, which rolls that transaction back.
 */
export function advanceCheckpoint(db: ReadModelDatabase, table: string, name: string, expected: Position | null, next: Position): void {
  const statements = statementsOf(db, table);
  const { changes } = expected === null ? statements.insert.run(name, next) : statements.update.run(next, name, expected);
  if (changes === 0) throw new CheckpointMovedError(name, expected, readCheckpoint(db, table, name));
}
