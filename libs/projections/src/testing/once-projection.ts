import { v7 as uuidv7 } from 'uuid';
import type { NewEvent } from '@ledger/event-store';
import type { Projection } from '../projection.js';

/** One row per event, keyed by event id: an event applied twice fails the batch, one never applied is missing. */
export const onceProjection: Projection = {
  name: 'once',
  version: 1,
  handles: new Set(['Counted']),
  setUp: (db) => db.exec('CREATE TABLE IF NOT EXISTS applied (event_id TEXT PRIMARY KEY, position TEXT NOT NULL)'),
  tearDown: (db) => db.exec('DROP TABLE IF EXISTS applied'),
  apply: (db, event) => db.prepare('INSERT INTO applied (event_id, position) VALUES (?, ?)').run(event.id, event.position),
};

/** `count` events of the type the test projections handle. */
export const countedEvents = (count: number): NewEvent[] =>
  Array.from({ length: count }, () => ({
    id: uuidv7(),
    type: 'Counted',
    data: {},
    metadata: { actor: { personId: 's', grantId: 'g', role: 'SECRETARIAT' as const, organisationId: null }, correlationId: 'c', causationId: 'c', schemaVersion: 1 },
  }));
