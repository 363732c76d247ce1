import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Position } from '@ledger/event-store';
import { advanceCheckpoint, CheckpointMovedError, readCheckpoint } from './checkpoints.js';
import { openReadModelDatabase, type ReadModelDatabase } from './read-model-database.js';

const at = (position: number) => String(position) as Position;

describe('a checkpoint advanced by compare-and-set', () => {
  let dir: string;
  let db: ReadModelDatabase;
  let other: ReadModelDatabase;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-checkpoints-'));
    db = openReadModelDatabase(join(dir, 'read-models.sqlite'));
    other = openReadModelDatabase(join(dir, 'read-models.sqlite'));
    db.exec('CREATE TABLE IF NOT EXISTS process_checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL)');
  });
  afterEach(() => {
    db.close();
    other.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('moves only from where the writer expects it, on any connection to the file', () => {
    expect(readCheckpoint(db, 'projection_checkpoints', 'directory')).toBeNull();
    advanceCheckpoint(db, 'projection_checkpoints', 'directory', null, at(7));
    advanceCheckpoint(other, 'projection_checkpoints', 'directory', at(7), at(12));
    expect(readCheckpoint(db, 'projection_checkpoints', 'directory')).toBe(at(12));

    // A second first write, and a write from a position since passed, are both refused.
    expect(() => advanceCheckpoint(db, 'projection_checkpoints', 'directory', null, at(7))).toThrow(
      new CheckpointMovedError('directory', null, at(12)),
    );
    expect(() => advanceCheckpoint(db, 'projection_checkpoints', 'directory', at(7), at(20))).toThrow(
      'Checkpoint directory moved: this batch started at 7, the stored checkpoint is 12',
    );
    expect(readCheckpoint(other, 'projection_checkpoints', 'directory')).toBe(at(12));
  });

  it('rolls back the transaction that applied the batch when refused', () => {
    db.exec('CREATE TABLE applied (event_id TEXT PRIMARY KEY)');
    advanceCheckpoint(other, 'process_checkpoints', 'action-plans', null, at(3));
    const applyBatch = db.transaction(() => {
      db.prepare("INSERT INTO applied (event_id) VALUES ('e1')").run();
      advanceCheckpoint(db, 'process_checkpoints', 'action-plans', null, at(3));
    });
    expect(applyBatch).toThrow(CheckpointMovedError);
    expect(db.prepare('SELECT COUNT(*) AS count FROM applied').get()).toEqual({ count: 0 });
  });

  it('refuses a table name that is not a plain SQL name', () => {
    expect(() => readCheckpoint(db, 'checkpoints; DROP TABLE x', 'directory')).toThrow(
      'Checkpoint table must be a plain SQL name (letters, digits and _): got "checkpoints; DROP TABLE x"',
    );
  });
});
