import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { PersonalDataStore } from '@ledger/personal-data';
import { BoardViewsQueries, MeetingsQueries, openReadModelDatabase, ProjectionRunner, type ReadModelDatabase } from '@ledger/projections';
import { generateNationalDataset } from '../../../../test/bench/national/national-dataset.js';
import { PROJECTIONS } from '../capabilities.js';
import { AsOfReadModels } from './as-of-read-models.js';

/** Every table of a database with its rows, sorted by every column. */
function tables(db: ReadModelDatabase): Record<string, unknown[]> {
  const names = db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
  return Object.fromEntries(
    names.map((name) => {
      const columns = db.prepare<[], string>(`SELECT name FROM pragma_table_info('${name}')`).pluck().all();
      return [name, db.prepare(`SELECT * FROM ${name} ORDER BY ${columns.map((_, i) => i + 1).join(', ')}`).all()];
    }),
  );
}

/**
 * A fold runs only the projections the as-of queries read (not the history index, access grants, the
 * spreadsheets' external ids nor the public pages): at the head of a generated national log its tables hold exactly the rows of
 * the live read models' same tables, and only those projections' tables are missing.
 */
describe('as-of folds', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-as-of-folded-'));
  const store = new SqliteEventStore({ filename: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
  const live = openReadModelDatabase(join(dir, 'read-models.sqlite'));
  const personalData = new PersonalDataStore(join(dir, 'personal-data.sqlite'));

  beforeAll(async () => {
    await generateNationalDataset(store, { scale: 0.001 });
    await new ProjectionRunner(store, live, PROJECTIONS).rebuild([]);
  });
  afterAll(async () => {
    await store.close();
    live.close();
    personalData.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hold the live read models’ rows at the head, without the tables no as-of query reads', async () => {
    const asOf = new AsOfReadModels(store, { clock: () => new Date() }, personalData, new MeetingsQueries(live), new BoardViewsQueries(live));
    const head = (await store.headPosition())!;
    const fold = await (asOf as unknown as { foldTo(position: string): Promise<{ db: ReadModelDatabase; position: string }> }).foldTo(head);
    expect(fold.position).toBe(head);

    const folded = tables(fold.db);
    const { projection_checkpoints: _checkpoints, projection_versions: _versions, projection_rebuilds: _rebuilds, ...liveTables } = tables(live);
    const notFolded = Object.keys(liveTables).filter((name) => !(name in folded));
    // The public pages show the present only: none of their tables (public_…) is folded.
    const publicPages = notFolded.filter((name) => name.startsWith('public_'));
    expect(publicPages).toContain('public_commitments');
    expect(notFolded.filter((name) => !publicPages.includes(name)).sort()).toEqual([
      'access_grants',
      'action_external_ids',
      'audit_reads',
      'history_events',
      'history_facts',
      'history_subjects',
    ]);
    for (const name of notFolded) delete liveTables[name];
    const { projection_checkpoints: _c, projection_versions: _v, ...foldTables } = folded;
    expect(Object.values(foldTables).some((rows) => rows.length > 0)).toBe(true);
    expect(foldTables).toEqual(liveTables);
  });
});
