import Database from 'better-sqlite3';
import { join } from 'node:path';

/** Every read-model table with its rows, sorted, so two read-model files can be compared for equality. */
export function dumpReadModels(dataDir: string) {
  const db = new Database(join(dataDir, 'read-models.sqlite'), { readonly: true });
  try {
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    return Object.fromEntries(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM ${name} ORDER BY 1, 2`).all()]));
  } finally {
    db.close();
  }
}
