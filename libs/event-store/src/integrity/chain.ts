import { createHash } from 'node:crypto';
import type { EventMetadata, RecordedEvent } from '../event-store.js';
import { canonicalJson } from './canonical-json.js';

/** What an event's hash covers: who it is, where it sits in its stream, what it says, and its predecessor's hash. */
export type HashableEvent = Readonly<{
  id: string;
  streamId: string;
  streamRevision: bigint;
  type: string;
  data: object;
  metadata: EventMetadata;
}>;

/**
 * The canonical form of an event (README, "Tamper evidence"): the RFC 8785 canonical JSON of
 * `{ id, streamId, streamRevision, type, data, metadata, previousHash }`, where streamRevision is a
 * decimal string and metadata leaves out its own `hash` and `previousHash`. The store's global
 * position and recorded time are not covered: they are assigned by the store, differ between stores,
 * and the position is covered by the Merkle tree instead.
 */
export function canonicalEventForm(event: HashableEvent, previousHash: string | null): string {
  const { hash: _hash, previousHash: _previousHash, ...metadata } = event.metadata;
  return canonicalJson({
    id: event.id,
    streamId: event.streamId,
    streamRevision: event.streamRevision.toString(10),
    type: event.type,
    data: event.data,
    metadata,
    previousHash,
  });
}

/** Lower-case hex SHA-256 of the event's canonical form, UTF-8 encoded. */
export function eventHash(event: HashableEvent, previousHash: string | null): string {
  return createHash('sha256').update(canonicalEventForm(event, previousHash), 'utf8').digest('hex');
}

/**
 * Metadata with the chain fields for a run of events appended to one stream after `previous`
 * (the stream's last event, or null for a new stream). Events of an older log that carry no hash
 * start the chain afresh: their successor's previousHash is null.
 */
export function chainEvents<E extends Omit<HashableEvent, 'streamRevision'>>(
  events: readonly E[],
  firstRevision: bigint,
  previousHash: string | null,
): (E & { metadata: EventMetadata })[] {
  let previous = previousHash;
  return events.map((event, index) => {
    const { hash: _hash, previousHash: _previousHash, ...metadata } = event.metadata;
    const hash = eventHash({ ...event, metadata, streamRevision: firstRevision + BigInt(index) }, previous);
    const chained = { ...event, metadata: { ...metadata, hash, previousHash: previous } };
    previous = hash;
    return chained;
  });
}

export type ChainBreakKind = 'hash-mismatch' | 'previous-hash-mismatch' | 'revision-gap' | 'hash-missing';

export type ChainBreak = Readonly<{
  kind: ChainBreakKind;
  position: string;
  streamId: string;
  streamRevision: bigint;
  /** One sentence an auditor can act on: what was expected, what was found, what it suggests. */
  message: string;
}>;

export type ChainReport = Readonly<{
  /** Events read, streams seen, and events that carry no hash (written before chaining, on a store that cannot be rewritten). */
  events: number;
  streams: number;
  unchained: number;
  /** The first broken link in log order, or null when every chain is intact. */
  broken: ChainBreak | null;
}>;

type StreamTip = { revision: bigint; hash: string | null; chained: boolean };

/** The subset of a recorded event verification reads; an offline verifier can build it from an export. */
export type VerifiableEvent = Pick<RecordedEvent, 'id' | 'streamId' | 'streamRevision' | 'position' | 'type' | 'data' | 'metadata'>;

/**
 * Checks each stream's chain one event at a time, in log order, so a long log is never held whole.
 * `add` returns the first break it finds (and keeps returning it); `report` sums up.
 */
export class ChainVerifier {
  private readonly tips = new Map<string, StreamTip>();
  private count = 0;
  private unchainedCount = 0;
  private firstBreak: ChainBreak | null = null;

  add(event: VerifiableEvent): ChainBreak | null {
    if (this.firstBreak) return this.firstBreak;
    this.count++;
    const tip = this.tips.get(event.streamId);
    const expectedRevision = tip ? tip.revision + 1n : 0n;
    const at = `position ${event.position}, ${event.streamId} revision ${event.streamRevision}`;
    const fail = (kind: ChainBreakKind, message: string) =>
      (this.firstBreak = { kind, position: event.position, streamId: event.streamId, streamRevision: event.streamRevision, message: `${at}: ${message}` });

    if (event.streamRevision !== expectedRevision) {
      return fail(
        'revision-gap',
        `expected revision ${expectedRevision} next in this stream, found ${event.streamRevision}: an event was deleted or events were reordered`,
      );
    }
    const { hash, previousHash } = event.metadata;
    if (hash === undefined) {
      if (tip?.chained) return fail('hash-missing', 'the event has no hash though earlier events of its stream do: its hash was removed');
      this.unchainedCount++;
      this.tips.set(event.streamId, { revision: event.streamRevision, hash: null, chained: false });
      return null;
    }
    const expectedPrevious = tip?.hash ?? null;
    if ((previousHash ?? null) !== expectedPrevious) {
      return fail(
        'previous-hash-mismatch',
        `previousHash is ${previousHash ?? 'null'} but the previous event of the stream hashes to ${expectedPrevious ?? 'null'}: an event before it was deleted, replaced or reordered`,
      );
    }
    const recomputed = eventHash(event, expectedPrevious);
    if (recomputed !== hash) {
      return fail('hash-mismatch', `stored hash ${hash} but the content hashes to ${recomputed}: the event was edited after it was written`);
    }
    this.tips.set(event.streamId, { revision: event.streamRevision, hash, chained: true });
    return null;
  }

  report(): ChainReport {
    return { events: this.count, streams: this.tips.size, unchained: this.unchainedCount, broken: this.firstBreak };
  }
}

/** Verifies every stream's chain over events given in log order. Pure: the CLI, the Merkle check and the offline verifier share it. */
export function verifyChains(events: Iterable<VerifiableEvent>): ChainReport {
  const verifier = new ChainVerifier();
  for (const event of events) if (verifier.add(event)) break;
  return verifier.report();
}
