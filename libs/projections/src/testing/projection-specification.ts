import { expect } from '@jest/globals';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '@ledger/domain';
import { ANY, SqliteEventStore } from '@ledger/event-store';
import type { DomainEvent, Projection } from '../projection.js';
import { ProjectionRunner } from '../projection-runner.js';
import { openReadModelDatabase, type ReadModelDatabase } from '../read-model-database.js';

/** A domain event as a spec gives it: with the stream it is appended to, and who acted when it matters. */
export type GivenEvent = DomainEvent & Readonly<{ streamId: string; actor?: Actor }>;

/** What a spec reads back: a SELECT run with `.all()`, or a function of the read-model database. */
export type ReadModelQuery = string | ((db: ReadModelDatabase) => unknown);

export const SPEC_ACTOR: Actor = { personId: 'secretariat-1', grantId: 'grant-1', role: 'SECRETARIAT', organisationId: null };

/** Events of one stream, in order, for `given`. */
export const inStream = (streamId: string, ...events: readonly DomainEvent[]): GivenEvent[] => events.map((event) => ({ ...event, streamId }));

const silent = { log: () => undefined, error: () => undefined };

/** Appends the events to a fresh store, then runs `check` against a fresh read model. */
async function withLog(events: readonly GivenEvent[], check: (store: SqliteEventStore, db: ReadModelDatabase) => Promise<void>) {
  const store = new SqliteEventStore({ filename: ':memory:' });
  const db = openReadModelDatabase(':memory:');
  try {
    // Appended one by one, so the log holds them in the order given and the store numbers their positions and revisions.
    for (const { streamId, actor = SPEC_ACTOR, type, data } of events) {
      const metadata = { actor, correlationId: 'spec', causationId: 'spec', schemaVersion: 1 };
      await store.appendToStream(streamId, [{ id: uuidv7(), type, data, metadata }], { expectedRevision: ANY });
    }
    await check(store, db);
  } finally {
    db.close();
    await store.close();
  }
}

/** Runs one stage of a spec, naming the stage in whatever it throws. */
async function stage(name: string, run: () => Promise<void>) {
  try {
    await run();
  } catch (error) {
    // Not `instanceof Error`: under Jest a SQLite error may come from another test file's realm.
    if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') error.message = `${name}:\n${error.message}`;
    throw error;
  }
}

const rowsOf = (db: ReadModelDatabase, query: ReadModelQuery) => (typeof query === 'string' ? db.prepare(query).all() : query(db));

/**
 * Given events in the log, then these rows in the read model: a projection's tests against a real
 * SQLite read model, fed through the projection runner. Each `then` checks the rows twice: after the
 * events were applied one batch each, and again after a rebuild replays the whole log in one batch
 * over the old tables, so a read model that would not rebuild to the same rows fails its spec.
 *
 *   await ProjectionSpecification.for(accessGrantsProjection)
 *     .given(inStream(accessStreamId(person), granted, revoked))
 *     .then('SELECT id, revoked_by FROM access_grants', [{ id: grantId, revoked_by: 'secretariat-1' }]);
 */
export const ProjectionSpecification = {
  for(projection: Projection) {
    return {
      given(events: readonly GivenEvent[]) {
        return {
          /** `expected` is compared with toEqual, so `expect.objectContaining(...)` checks part of a row. */
          then(query: ReadModelQuery, expected: unknown): Promise<void> {
            return withLog(events, async (store, db) => {
              await stage(`After the ${events.length} events, one batch each`, async () => {
                // One event a batch, as live appends mostly arrive; the first "rebuild" of an empty read model is a catch-up.
                await new ProjectionRunner(store, db, [projection], { batchSize: 1, logger: silent }).rebuild([projection.name]);
                expect(rowsOf(db, query)).toEqual(expected);
              });
              await stage('After a rebuild from the log', async () => {
                await new ProjectionRunner(store, db, [projection], { logger: silent }).rebuild([projection.name]);
                expect(rowsOf(db, query)).toEqual(expected);
              });
            });
          },
        };
      },
    };
  },
};
