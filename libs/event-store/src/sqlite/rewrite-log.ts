import Database from "better-sqlite3";
import { existsSync } from "node:fs";

/**
 * Opens an embedded log for an in-place upgrade, runs `upgrade` on it and closes it. Returns 0 without
 * touching anything when there is no log yet: opening a missing file would create it, and a log that
 * was never written has nothing to upgrade.
 */
export function upgradeLogInPlace(
  sqliteFilename: string,
  upgrade: (db: Database.Database) => number,
): number {
  if (!existsSync(sqliteFilename)) return 0;
  const db = new Database(sqliteFilename, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    db.pragma("synchronous = FULL");
    const hasEvents = db
      .prepare(
        `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'`,
      )
      .get();
    return hasEvents ? upgrade(db) : 0;
  } finally {
    db.close();
  }
}
