import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';

/** Another process holds the read models: an API serving them, or a rebuild. */
export class ReadModelsInUseError extends Error {
  constructor(
    readonly lockFile: string,
    readonly holder: string | null,
  ) {
    super(`The read models beside ${lockFile} are in use by ${holder ?? 'another process'}`);
    this.name = 'ReadModelsInUseError';
  }
}

/**
 * One writer of the read models at a time: the API holds this for its whole life, `rebuild` while it
 * runs. It is SQLite's EXCLUSIVE lock on a small file of its own (an OS file lock underneath), so the
 * kernel drops it when the process dies, even by SIGKILL: a crashed API never leaves it stale.
 */
export class ReadModelLock {
  private constructor(private readonly db: Database.Database) {}

  /** Takes the lock at once or throws ReadModelsInUseError; `holder` describes this process to others. */
  static acquire(lockFile: string, holder: string): ReadModelLock {
    const db = new Database(lockFile);
    db.pragma('busy_timeout = 0');
    try {
      db.exec('BEGIN EXCLUSIVE');
    } catch (error) {
      db.close();
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
      throw new ReadModelsInUseError(lockFile, ReadModelLock.holderOf(lockFile));
    }
    // Only read while the lock is busy, so a note left by a killed process never misleads.
    writeFileSync(`${lockFile}.holder`, `${holder} (pid ${process.pid}, since ${new Date().toISOString()})`);
    return new ReadModelLock(db);
  }

  private static holderOf(lockFile: string): string | null {
    try {
      return readFileSync(`${lockFile}.holder`, 'utf8').trim() || null;
    } catch {
      return null;
    }
  }

  release() {
    if (!this.db.open) return;
    this.db.exec('ROLLBACK');
    this.db.close();
  }
}
