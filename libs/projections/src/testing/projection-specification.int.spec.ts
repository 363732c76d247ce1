import { describe, expect, it } from '@jest/globals';
import { organisationStreamId } from '@ledger/domain';
import { defineProjection } from '../projection.js';
import { inStream, ProjectionSpecification } from './projection-specification.js';

const organisationId = '0190a1b2-0000-7000-8000-0000000000c1';
const registered = inStream(organisationStreamId(organisationId), {
  type: 'OrganisationRegistered',
  data: { organisationId, name: 'Leicester City Council', sector: 'LOCAL_GOVERNMENT', registeredAt: '2026-01-05T09:00:00.000Z' },
});

/** Names of organisations, numbered in log order; `tables` is left as given so a test can forget one. */
const names = (tables: string[]) =>
  defineProjection({
    name: 'names',
    version: 1,
    tables,
    setUp: (db) => db.exec('CREATE TABLE IF NOT EXISTS names (id TEXT PRIMARY KEY, name TEXT NOT NULL, position TEXT NOT NULL)'),
    statements: (db) => ({ insert: db.prepare('INSERT INTO names (id, name, position) VALUES (?, ?, ?)') }),
    on: {
      OrganisationRegistered: (sql, { data, position }) => sql.insert.run(data.organisationId, data.name, position),
    },
  });

describe('the projection specification', () => {
  it('feeds the events through the runner with positions from the store, and compares the rows', async () => {
    await ProjectionSpecification.for(names(['names'])).given(registered).then('SELECT * FROM names', [{ id: organisationId, name: 'Leicester City Council', position: '1' }]);
    await expect(ProjectionSpecification.for(names(['names'])).given(registered).then('SELECT name FROM names', [])).rejects.toThrow(
      /^After the 1 events, one batch each:\n/,
    );
  });

  it('fails a projection whose read model would not rebuild', async () => {
    // A table left out of `tables` survives the rebuild's drop, and replaying into it collides.
    // Matched by message: a SQLite error is not `instanceof Error` in a test file whose worker loaded SQLite for an earlier file.
    await expect(ProjectionSpecification.for(names([])).given(registered).then('SELECT name FROM names', [{ name: 'Leicester City Council' }])).rejects.toMatchObject({
      message: expect.stringMatching(/^After a rebuild from the log:\nUNIQUE constraint failed: names.id/),
    });
  });
});
