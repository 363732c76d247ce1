import { describe, expect, it } from '@jest/globals';
import type { EventMetadata, Position } from '../event-store.js';
import { canonicalEventForm, chainEvents, eventHash, verifyChains, type VerifiableEvent } from './chain.js';

const metadata: EventMetadata = {
  actor: { personId: 'person-1', grantId: 'grant-1', role: 'SECRETARIAT', organisationId: 'org-llr' },
  correlationId: 'correlation-1',
  causationId: 'causation-1',
  schemaVersion: 1,
};

const rescheduled = {
  id: '0192f0c4-8a00-7000-8000-000000000001',
  streamId: 'commitment-7',
  streamRevision: 1n,
  type: 'ActionRescheduled',
  data: { dueDate: '2027-03-31', reason: 'Funding moved to next year', previousDueDate: '2021-10-30' },
  metadata: { ...metadata, hash: 'not covered', previousHash: 'not covered either' },
};

/** A log in position order: streams a and b interleaved, each chained as the adapters chain them. */
function log(): VerifiableEvent[] {
  const a = chainEvents(
    [0, 1, 2].map((n) => ({ id: `a-${n}`, streamId: 'a', type: 'Noted', data: { n }, metadata })),
    0n,
    null,
  );
  const b = chainEvents(
    [0, 1].map((n) => ({ id: `b-${n}`, streamId: 'b', type: 'Noted', data: { n }, metadata })),
    0n,
    null,
  );
  return [a[0]!, b[0]!, a[1]!, b[1]!, a[2]!].map((event, index) => ({
    ...event,
    streamRevision: BigInt(Number(event.id.slice(2))),
    position: String(index + 1) as Position,
  }));
}

describe('canonical form and hash', () => {
  it('is the JCS of id, stream, revision as a decimal string, type, data, metadata without its hash fields, and previousHash', () => {
    expect(canonicalEventForm(rescheduled, 'a'.repeat(64))).toBe(
      '{"data":{"dueDate":"2027-03-31","previousDueDate":"2021-10-30","reason":"Funding moved to next year"},' +
        '"id":"0192f0c4-8a00-7000-8000-000000000001",' +
        '"metadata":{"actor":{"grantId":"grant-1","organisationId":"org-llr","personId":"person-1","role":"SECRETARIAT"},' +
        '"causationId":"causation-1","correlationId":"correlation-1","schemaVersion":1},' +
        `"previousHash":"${'a'.repeat(64)}","streamId":"commitment-7","streamRevision":"1","type":"ActionRescheduled"}`,
    );
  });

  it('hashes to fixed vectors (checked with sha256sum over the canonical form)', () => {
    expect(eventHash(rescheduled, 'a'.repeat(64))).toBe('93a3f68027cef43a4fbe9c31c2045dccc68fa275be8ca596ee7d86233f3ce83d');
    expect(canonicalEventForm({ ...rescheduled, streamRevision: 0n }, null)).toContain('"previousHash":null');
  });

  it('changes with every covered field, and not with the store-assigned ones', () => {
    const base = eventHash(rescheduled, null);
    expect(eventHash({ ...rescheduled, data: { ...rescheduled.data, dueDate: '2027-04-01' } }, null)).not.toBe(base);
    expect(eventHash({ ...rescheduled, streamRevision: 2n }, null)).not.toBe(base);
    expect(eventHash({ ...rescheduled, metadata: { ...rescheduled.metadata, causationId: 'other' } }, null)).not.toBe(base);
    expect(eventHash(rescheduled, 'b'.repeat(64))).not.toBe(base);
    const recorded = { ...rescheduled, position: '42' as Position, recordedAt: new Date(), metadata: { ...metadata, hash: 'x', previousHash: null } };
    expect(eventHash(recorded, null)).toBe(base);
  });

  it('chains a run of events: each previousHash is the hash before it, the first the given tip', () => {
    const events = chainEvents(
      [1, 2].map((n) => ({ id: `e-${n}`, streamId: 's', type: 'Noted', data: { n }, metadata })),
      5n,
      'c'.repeat(64),
    );
    expect(events[0]!.metadata.previousHash).toBe('c'.repeat(64));
    expect(events[0]!.metadata.hash).toBe(eventHash({ ...events[0]!, streamRevision: 5n }, 'c'.repeat(64)));
    expect(events[1]!.metadata.previousHash).toBe(events[0]!.metadata.hash);
  });
});

describe('verifyChains', () => {
  it('passes an intact log and counts its events and streams', () => {
    expect(verifyChains(log())).toEqual({ events: 5, streams: 2, unchained: 0, broken: null });
  });

  it('names an edited event: its content no longer hashes to its stored hash', () => {
    const events = log();
    events[2] = { ...events[2]!, data: { n: 99 } };
    expect(verifyChains(events).broken).toMatchObject({ kind: 'hash-mismatch', position: '3', streamId: 'a', streamRevision: 1n });
    expect(verifyChains(events).broken!.message).toMatch(/^position 3, a revision 1: stored hash [0-9a-f]{64} but the content hashes to/);
  });

  it('names the event after a deleted one: a revision gap', () => {
    const events = log();
    events.splice(2, 1);
    expect(verifyChains(events).broken).toMatchObject({ kind: 'revision-gap', position: '5', streamId: 'a', streamRevision: 2n });
    expect(verifyChains(events).broken!.message).toContain('expected revision 1 next in this stream, found 2: an event was deleted or events were reordered');
  });

  it('names the first of two reordered events', () => {
    const events = log();
    // The rows keep their positions; what sits at them is exchanged.
    [events[2], events[4]] = [{ ...events[4]!, position: events[2]!.position }, { ...events[2]!, position: events[4]!.position }];
    expect(verifyChains(events).broken).toMatchObject({ kind: 'revision-gap', position: '3', streamId: 'a', streamRevision: 2n });
  });

  it('names an event whose link was rewritten along with its revision', () => {
    const events = log();
    // A forger renumbers a's last event to fill a gap but cannot know a hash that links it.
    events.splice(2, 1);
    events[3] = { ...events[3]!, streamRevision: 1n };
    expect(verifyChains(events).broken).toMatchObject({ kind: 'previous-hash-mismatch', streamId: 'a', streamRevision: 1n });
  });

  it('counts events written before chaining as unchained, and refuses a hash removed after the chain began', () => {
    const unhashed = log().map(({ metadata: { hash: _hash, previousHash: _previousHash, ...rest }, ...event }) => ({ ...event, metadata: rest }));
    expect(verifyChains(unhashed)).toEqual({ events: 5, streams: 2, unchained: 5, broken: null });

    const events = log();
    events[2] = unhashed[2]!;
    expect(verifyChains(events).broken).toMatchObject({ kind: 'hash-missing', position: '3' });
  });

  it('starts a chain after unchained events with previousHash null', () => {
    const [first, ...rest] = chainEvents(
      [0, 1].map((n) => ({ id: `e-${n}`, streamId: 's', type: 'Noted', data: { n }, metadata })),
      0n,
      null,
    );
    const legacy = { ...first!, metadata, streamRevision: 0n, position: '1' as Position };
    const chained = chainEvents([{ ...rest[0]!, metadata }], 1n, null).map((event) => ({ ...event, streamRevision: 1n, position: '2' as Position }));
    expect(verifyChains([legacy, ...chained])).toEqual({ events: 2, streams: 1, unchained: 1, broken: null });
  });
});
