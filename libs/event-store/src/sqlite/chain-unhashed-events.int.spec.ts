import { afterAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { ANY, type EventMetadata, type RecordedEvent } from '../event-store.js';
import { verifyChains } from '../integrity/chain.js';
import { chainUnhashedEvents } from './chain-unhashed-events.js';
import { SqliteEventStore } from './sqlite-event-store.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const metadata: EventMetadata = {
  actor: { personId: 'person-1', grantId: 'grant-1', role: 'SECRETARIAT', organisationId: null },
  correlationId: 'correlation-1',
  causationId: 'causation-1',
  schemaVersion: 1,
};

/** 1,203 events over four streams, interleaved: more than two batches. */
async function chainedLog() {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-chain-upgrade-'));
  dirs.push(dir);
  const file = join(dir, 'events.sqlite');
  const store = new SqliteEventStore({ filename: file });
  await store.appendToStream('partnership-1', [{ id: uuidv7(), type: 'PartnershipFormed', data: { name: 'LLR ICS' }, metadata }], { expectedRevision: ANY });
  for (let chunk = 0; chunk < 12; chunk++) {
    const updates = Array.from({ length: 100 }, (_, i) => ({ id: uuidv7(), type: 'ActionUpdateSubmitted', data: { note: `Update ${i}`, percentComplete: i }, metadata }));
    await store.appendToStream(`action-${chunk % 3}`, updates, { expectedRevision: ANY });
  }
  await store.appendToStream('partnership-1', [{ id: uuidv7(), type: 'MeetingHeld', data: { heldOn: '2021-09-16' }, metadata }], { expectedRevision: ANY });
  await store.appendToStream('partnership-1', [{ id: uuidv7(), type: 'MeetingHeld', data: { heldOn: '2021-12-16' }, metadata }], { expectedRevision: ANY });
  const events = await store.readAll();
  await store.close();
  return { file, events };
}

/** Removes the chain fields as a log written before chaining would lack them. */
function stripHashes(file: string, where = '1 = 1') {
  const db = new Database(file);
  db.prepare(`UPDATE events SET metadata = json_remove(metadata, '$.hash', '$.previousHash') WHERE ${where}`).run();
  db.close();
}

async function readLog(file: string) {
  const store = new SqliteEventStore({ filename: file });
  const events = await store.readAll();
  await store.close();
  return events;
}

const positions = (events: RecordedEvent[]) => events.map((event) => event.position);

describe('chaining an older SQLite log in place', () => {
  it('gives every event the hash an append would have given it, positions unchanged, in one pass; a second run finds nothing', async () => {
    const { file, events } = await chainedLog();
    stripHashes(file);
    expect(verifyChains(await readLog(file))).toMatchObject({ unchained: 1203, broken: null });

    const progress: [number, number][] = [];
    expect(chainUnhashedEvents(file, (done, total) => progress.push([done, total]))).toBe(1203);
    expect(progress).toEqual([
      [500, 1203],
      [1000, 1203],
      [1203, 1203],
    ]);
    const upgraded = await readLog(file);
    expect(positions(upgraded)).toEqual(positions(events));
    // The canonical form leaves out store-assigned fields, so the hashes are exactly those the appends gave.
    expect(upgraded.map((event) => event.metadata)).toEqual(events.map((event) => event.metadata));
    expect(verifyChains(upgraded)).toEqual({ events: 1203, streams: 4, unchained: 0, broken: null });
    expect(chainUnhashedEvents(file)).toBe(0);
  });

  it('leaves a hash stripped after chaining began for verify to report, instead of re-chaining it', async () => {
    const { file, events } = await chainedLog();
    const tampered = events[700]!;
    stripHashes(file, `position = ${tampered.position}`);

    expect(chainUnhashedEvents(file)).toBe(0);
    expect(verifyChains(await readLog(file)).broken).toMatchObject({ kind: 'hash-missing', position: tampered.position });
  });

  it('does nothing to a missing file or a file without an events table', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-chain-upgrade-'));
    dirs.push(dir);
    expect(chainUnhashedEvents(join(dir, 'absent.sqlite'))).toBe(0);
    new Database(join(dir, 'empty.sqlite')).close();
    expect(chainUnhashedEvents(join(dir, 'empty.sqlite'))).toBe(0);
  });
});
