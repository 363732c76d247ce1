import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Position, RecordedEvent } from '../event-store.js';
import { eventHash } from '../integrity/chain.js';
import { SqliteEventStore } from './sqlite-event-store.js';

const dirs: string[] = [];
const newStore = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-import-'));
  dirs.push(dir);
  return new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const actor = { personId: '0192e7a0-0000-7000-8000-00000000000a', grantId: null, role: 'SECRETARIAT', organisationId: null } as const;

/** Events as another store recorded them: chained per stream, at that store's positions and times. */
function recorded(specs: readonly (readonly [id: string, streamId: string, position: string])[]): RecordedEvent[] {
  const tips = new Map<string, { revision: bigint; hash: string }>();
  return specs.map(([id, streamId, position]) => {
    const tip = tips.get(streamId);
    const streamRevision = tip ? tip.revision + 1n : 0n;
    const event = { id, streamId, streamRevision, type: 'Noted', data: { n: id }, metadata: { actor, correlationId: 'c', causationId: 'k', schemaVersion: 1 } };
    const hash = eventHash(event, tip?.hash ?? null);
    tips.set(streamId, { revision: streamRevision, hash });
    return { ...event, position: position as Position, metadata: { ...event.metadata, hash, previousHash: tip?.hash ?? null }, recordedAt: new Date('2021-09-16T10:00:00.123Z') };
  });
}

describe('SqliteEventStore.importRecorded', () => {
  it('keeps ids, revisions, data, metadata with the hashes, and recorded times; positions are its own gap-free sequence', async () => {
    const store = newStore();
    const events = recorded([['e1', 'a', '7'], ['e2', 'b', '9'], ['e3', 'a', '12']]);
    expect(store.importRecorded(events)).toBe('3');
    expect(await store.readAll()).toEqual(events.map((event, index) => ({ ...event, position: String(index + 1) })));
    // The next append chains on from the imported tip.
    await store.appendToStream('a', [{ id: 'e4', type: 'Noted', data: {}, metadata: { actor, correlationId: 'c', causationId: 'k', schemaVersion: 1 } }], { expectedRevision: 1n });
    const [last] = await store.readStream('a', { direction: 'backwards', maxCount: 1 });
    expect(last!.metadata.previousHash).toBe(events[2]!.metadata.hash);
    await store.close();
  });

  it('refuses a revision out of turn, naming the event and the stream, and writes none of the batch', async () => {
    const store = newStore();
    const [first, , third] = recorded([['e1', 'a', '1'], ['e2', 'a', '2'], ['e3', 'a', '3']]);
    expect(() => store.importRecorded([first!, third!])).toThrow('Cannot import event e3: stream a expects revision 1 next, the event has 2');
    expect(await store.headPosition()).toBeNull();
    await store.close();
  });

  it('refuses an event whose content no longer hashes to its stored hash, naming its position', async () => {
    const store = newStore();
    const events = recorded([['e1', 'a', '1'], ['e2', 'a', '2']]);
    const edited = [events[0]!, { ...events[1]!, data: { n: 'edited' } }];
    expect(() => store.importRecorded(edited)).toThrow(/^Cannot import event e2 \(position 2, a revision 1\): its hash \w+ does not follow its stream's chain \(recomputed \w+\): the export was altered$/);
    expect(await store.headPosition()).toBeNull();
    await store.close();
  });
});
