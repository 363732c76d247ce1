import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Position, RecordedEvent } from '../event-store.js';
import { SqliteEventStore } from './sqlite-event-store.js';

const dirs: string[] = [];
const newStore = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-import-'));
  dirs.push(dir);
  return new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const actor = { personId: '0192e7a0-0000-7000-8000-00000000000a', grantId: null, role: 'SECRETARIAT', organisationId: null } as const;
const event = (id: string, streamId: string, streamRevision: bigint, position: string): RecordedEvent => ({
  id,
  streamId,
  streamRevision,
  position: position as Position,
  type: 'Noted',
  data: { n: id },
  metadata: { actor, correlationId: 'c', causationId: 'k', schemaVersion: 1, hash: `hash-${id}` } as RecordedEvent['metadata'],
  recordedAt: new Date('2021-09-16T10:00:00.123Z'),
});

describe('SqliteEventStore.importRecorded', () => {
  it('keeps ids, revisions, data, metadata and recorded times; positions are its own gap-free sequence', async () => {
    const store = newStore();
    const events = [event('e1', 'a', 0n, '7'), event('e2', 'b', 0n, '9'), event('e3', 'a', 1n, '12')];
    expect(store.importRecorded(events)).toBe('3');
    expect(await store.readAll()).toEqual(events.map((recorded, index) => ({ ...recorded, position: String(index + 1) })));
    await store.close();
  });

  it('refuses a revision out of turn, naming the event and the stream, and writes none of the batch', async () => {
    const store = newStore();
    expect(() => store.importRecorded([event('e1', 'a', 0n, '1'), event('e2', 'a', 2n, '2')])).toThrow(
      'Cannot import event e2: stream a expects revision 1 next, the event has 2',
    );
    expect(await store.headPosition()).toBeNull();
    await store.close();
  });
});
