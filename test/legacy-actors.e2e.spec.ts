import { afterAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { ANY, SqliteEventStore, type EventMetadata } from '@ledger/event-store';
import { ApiProcess, newDataDir, tokenOf } from './support/api-process.js';

/**
 * A data folder from before identities: its events name their actor by token subject (an email).
 * The API moves those subjects into the personal-data store as it starts, loses no event, and the
 * person who signs in with that subject later is the person the old events name.
 */
describe('a data folder written before identities', () => {
  const SUBJECT = 'secretariat@leicester.nhs.example';
  let api: ApiProcess | undefined;
  afterAll(async () => {
    await api?.stop();
  });

  it('is migrated at start-up: no subject stays in the log, and history names the same person', async () => {
    const dataDir = newDataDir();
    const store = new SqliteEventStore({ filename: join(dataDir, 'events.sqlite') });
    const organisationId = uuidv7();
    const legacy = { actor: { subjectId: SUBJECT, role: 'SECRETARIAT', organisationId: null }, correlationId: 'c', causationId: 'c', schemaVersion: 1 };
    await store.appendToStream(
      `organisation-${organisationId}`,
      [{ id: uuidv7(), type: 'OrganisationRegistered', data: { organisationId, name: 'Leicester City Council', sector: 'LOCAL_GOVERNMENT', registeredAt: '2021-03-01T10:00:00.000Z' }, metadata: legacy as unknown as EventMetadata }],
      { expectedRevision: ANY },
    );
    await store.close();

    api = await ApiProcess.start({ dataDir });
    expect(api.logs).toMatch(/Moved the token subjects of 1 events into the personal-data store/);

    const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
    const rows = db.prepare<[], { metadata: string }>('SELECT metadata FROM events').all();
    db.close();
    expect(rows).toHaveLength(1);
    expect(readFileSync(join(dataDir, 'events.sqlite')).includes(SUBJECT)).toBe(false);
    const actor = JSON.parse(rows[0]!.metadata).actor;
    expect(actor).toEqual({ personId: expect.stringMatching(/^[0-9a-f-]{36}$/), grantId: null, role: 'SECRETARIAT', organisationId: null });

    // The organisation is still there, and the person who signs in with the old subject is the one the event names.
    const me = await api.graphql<any>(`query($id: ID!) { me { person { id } } organisation(id: $id) { name } }`, { id: organisationId }, await tokenOf(SUBJECT));
    expect(me.errors).toBeUndefined();
    expect(me.data).toEqual({ me: { person: { id: actor.personId } }, organisation: { name: 'Leicester City Council' } });
  });
});
