import { afterAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { ANY, type EventMetadata, type NewEvent } from '../event-store.js';
import { migrateLegacyActors } from './migrate-legacy-actors.js';
import { SqliteEventStore } from './sqlite-event-store.js';

const LEICESTER_SECRETARIAT = 'secretariat@leicester.nhs.example';
const LEEDS_PARTNER = 'officer@leeds-ccg.example';
const LATE_AUDITOR = 'auditor@audit.example';
const SUBJECTS = [LEICESTER_SECRETARIAT, LEEDS_PARTNER, LATE_AUDITOR];

type EventRow = {
  position: number;
  event_id: string;
  stream_id: string;
  stream_revision: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
};

const dirs: string[] = [];
const logFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-legacy-actors-'));
  dirs.push(dir);
  return join(dir, 'events.sqlite');
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Metadata as it was written before identities: the token's subject in the actor. */
const legacyMetadata = (actor: Record<string, unknown>) =>
  ({ actor, correlationId: randomUUID(), causationId: randomUUID(), schemaVersion: 1 }) as unknown as EventMetadata;

const event = (type: string, data: object, metadata: EventMetadata): NewEvent => ({ id: uuidv7(), type, data, metadata });

/** 1,204 legacy events (more than two batches), one already in the new shape, and a late auditor's event last. */
async function logWithLegacyEvents() {
  const file = logFile();
  const store = new SqliteEventStore({ filename: file });
  const secretariat = { subjectId: LEICESTER_SECRETARIAT, role: 'SECRETARIAT', organisationId: null };
  const partner = { subjectId: LEEDS_PARTNER, role: 'PARTNER', organisationId: 'org-leeds-ccg' };
  for (let p = 0; p < 3; p++) {
    await store.appendToStream(`partnership-${p}`, [event('PartnershipFormed', { partnershipId: `p-${p}`, name: `Board ${p}` }, legacyMetadata(secretariat))], {
      expectedRevision: ANY,
    });
  }
  for (let chunk = 0; chunk < 12; chunk++) {
    const updates = Array.from({ length: 100 }, (_, i) =>
      event('ActionUpdateSubmitted', { actionId: `action-${chunk}`, note: `Update ${i}`, percentComplete: i }, legacyMetadata(chunk % 2 ? partner : secretariat)),
    );
    await store.appendToStream(`action-${chunk}`, updates, { expectedRevision: ANY });
  }
  const current = { personId: '0190a6c2-2222-7000-8000-000000000001', grantId: 'grant-1', role: 'SECRETARIAT', organisationId: null };
  await store.appendToStream('partnership-0', [event('MeetingHeld', { heldOn: '2021-09-16' }, legacyMetadata(current))], { expectedRevision: ANY });
  // An actor from before organisationId was written at all.
  await store.appendToStream('partnership-1', [event('MeetingHeld', { heldOn: '2021-09-17' }, legacyMetadata({ subjectId: LATE_AUDITOR, role: 'AUDITOR' }))], {
    expectedRevision: ANY,
  });
  await store.close();
  return file;
}

function rowsOf(file: string): EventRow[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare<[], EventRow>('SELECT * FROM events ORDER BY position').all();
  } finally {
    db.close();
  }
}

/** Person ids handed out as the personal-data store would: one random id per subject, remembered. */
function personIds() {
  const ids = new Map<string, string>();
  const asked: string[] = [];
  const personIdOf = (subject: string) => {
    asked.push(subject);
    if (!ids.has(subject)) ids.set(subject, randomUUID());
    return ids.get(subject)!;
  };
  return { ids, asked, personIdOf };
}

describe('migrating legacy actors in the SQLite log', () => {
  it('replaces every subject with a person id and changes nothing else', async () => {
    const file = await logWithLegacyEvents();
    const before = rowsOf(file);
    const { ids, personIdOf } = personIds();

    expect(migrateLegacyActors(file, personIdOf)).toBe(1204);

    const after = rowsOf(file);
    expect(after).toHaveLength(before.length);
    for (const [i, row] of after.entries()) {
      const old = before[i]!;
      const { metadata: oldMetadata, ...oldRest } = old;
      const { metadata: newMetadata, ...newRest } = row;
      // Position, id, stream, revision, type, data and time are untouched, byte for byte.
      expect(newRest).toEqual(oldRest);
      for (const subject of SUBJECTS) expect(newMetadata).not.toContain(subject);

      const { actor: oldActor, ...oldOthers } = JSON.parse(oldMetadata);
      const { actor, ...others } = JSON.parse(newMetadata);
      expect(others).toEqual(oldOthers);
      if (oldActor.personId) {
        expect(newMetadata).toBe(oldMetadata);
      } else {
        expect(actor).toEqual({ personId: ids.get(oldActor.subjectId), grantId: null, role: oldActor.role, organisationId: oldActor.organisationId ?? null });
      }
    }
    expect([...ids.keys()].sort()).toEqual([...SUBJECTS].sort());
    expect(JSON.parse(after[after.length - 1]!.metadata).actor).toEqual({ personId: ids.get(LATE_AUDITOR), grantId: null, role: 'AUDITOR', organisationId: null });
  });

  it('leaves no subject anywhere in the file, not even in free space or the write-ahead log', async () => {
    const file = await logWithLegacyEvents();
    migrateLegacyActors(file, personIds().personIdOf);
    const bytes = Buffer.concat([file, `${file}-wal`].filter(existsSync).map((path) => readFileSync(path)));
    for (const subject of SUBJECTS) expect(bytes.includes(subject)).toBe(false);
  });

  it('reads back through the event store with the same ids and positions', async () => {
    const file = await logWithLegacyEvents();
    const store = new SqliteEventStore({ filename: file });
    const before = await store.readAll();
    await store.close();
    const { ids, personIdOf } = personIds();
    migrateLegacyActors(file, personIdOf);

    const reopened = new SqliteEventStore({ filename: file });
    try {
      const after = await reopened.readAll();
      expect(after.map(({ id, position, streamId, streamRevision, data }) => ({ id, position, streamId, streamRevision, data }))).toEqual(
        before.map(({ id, position, streamId, streamRevision, data }) => ({ id, position, streamId, streamRevision, data })),
      );
      expect(await reopened.headPosition()).toBe(before[before.length - 1]!.position);
      const [formed] = await reopened.readStream('partnership-0', { maxCount: 1 });
      expect(formed!.metadata.actor).toEqual({ personId: ids.get(LEICESTER_SECRETARIAT), grantId: null, role: 'SECRETARIAT', organisationId: null });
    } finally {
      await reopened.close();
    }
  });

  it('asks for each subject once and reports progress batch by batch', async () => {
    const file = await logWithLegacyEvents();
    const { asked, personIdOf } = personIds();
    const progress: Array<[number, number]> = [];
    migrateLegacyActors(file, personIdOf, (done, total) => progress.push([done, total]));
    expect(asked.sort()).toEqual([...SUBJECTS].sort());
    expect(progress).toEqual([
      [500, 1204],
      [1000, 1204],
      [1204, 1204],
    ]);
  });

  it('finds nothing on a second run', async () => {
    const file = await logWithLegacyEvents();
    migrateLegacyActors(file, personIds().personIdOf);
    const migrated = rowsOf(file);
    const second = personIds();
    const progress: unknown[] = [];

    expect(migrateLegacyActors(file, second.personIdOf, (...report) => progress.push(report))).toBe(0);
    expect(second.asked).toEqual([]);
    expect(progress).toEqual([]);
    expect(rowsOf(file)).toEqual(migrated);
  });

  it('looks only at events after the head it last checked, so a start does not scan the whole log', async () => {
    const file = await logWithLegacyEvents();
    const first = personIds();
    migrateLegacyActors(file, first.personIdOf);
    // An older writer appends after the upgrade: found and rewritten by the next run.
    const store = new SqliteEventStore({ filename: file });
    await store.appendToStream('partnership-2', [event('MeetingHeld', { heldOn: '2021-09-18' }, legacyMetadata({ subjectId: LEEDS_PARTNER, role: 'PARTNER', organisationId: 'org-leeds-ccg' }))], {
      expectedRevision: ANY,
    });
    await store.close();
    // An event already checked, edited into a legacy actor behind the store's back: tampering, left for `verify`
    // (the hash covers the actor), not looked for again at every start.
    const db = new Database(file);
    db.prepare('UPDATE events SET metadata = ? WHERE position = 1').run(JSON.stringify(legacyMetadata({ subjectId: LATE_AUDITOR, role: 'AUDITOR' })));
    db.close();
    const progress: Array<[number, number]> = [];

    expect(migrateLegacyActors(file, personIds().personIdOf, (done, total) => progress.push([done, total]))).toBe(1);
    expect(progress).toEqual([[1, 1]]);
    const rows = rowsOf(file);
    expect(JSON.parse(rows[rows.length - 1]!.metadata).actor.personId).toEqual(expect.any(String));
    expect(JSON.parse(rows[0]!.metadata).actor.subjectId).toBe(LATE_AUDITOR);
  });

  it('changes nothing when it fails part way', async () => {
    const file = await logWithLegacyEvents();
    const before = rowsOf(file);
    const { personIdOf } = personIds();
    const progress: unknown[] = [];
    // The late auditor is met only in the last batch, after two batches have been rewritten.
    const failing = (subject: string) => {
      if (subject === LATE_AUDITOR) throw new Error('personal-data store is unavailable');
      return personIdOf(subject);
    };

    expect(() => migrateLegacyActors(file, failing, (...report) => progress.push(report))).toThrow('personal-data store is unavailable');
    expect(progress).toHaveLength(2);
    expect(rowsOf(file)).toEqual(before);
  });

  it('refuses a legacy actor whose subject is not a string, naming the event and the field', async () => {
    const file = logFile();
    const store = new SqliteEventStore({ filename: file });
    await store.appendToStream('partnership-0', [event('PartnershipFormed', {}, legacyMetadata({ subjectId: 42, role: 'SECRETARIAT', organisationId: null }))], {
      expectedRevision: ANY,
    });
    await store.close();
    expect(() => migrateLegacyActors(file, personIds().personIdOf)).toThrow('Event at position 1: metadata.actor.subjectId must be a non-empty string, got 42');
  });

  it('has nothing to do for a log that does not exist, and does not create it', () => {
    const file = logFile();
    expect(migrateLegacyActors(file, personIds().personIdOf)).toBe(0);
    expect(existsSync(file)).toBe(false);
  });

  it('has nothing to do for a file without an events table', () => {
    const file = logFile();
    new Database(file).exec('CREATE TABLE something_else (id INTEGER PRIMARY KEY)').close();
    expect(migrateLegacyActors(file, personIds().personIdOf)).toBe(0);
  });

  it('has nothing to do for an empty log', async () => {
    const file = logFile();
    await new SqliteEventStore({ filename: file }).close();
    expect(migrateLegacyActors(file, personIds().personIdOf)).toBe(0);
  });
});
