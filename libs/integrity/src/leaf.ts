import { createHash } from 'node:crypto';
import { eventHash, type RecordedEvent } from '@ledger/event-store';

const HEX_HASH = /^[0-9a-f]{64}$/;

/** JSON with object keys sorted at every depth: the same value always gives the same text. */
function sortedJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, field]) => field !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${sortedJson(field)}`).join(',')}}`;
}

/**
 * The event's SHA-256 over its content, for events that carry no `metadata.hash` (an older log
 * not yet chained in place): id, stream, revision, type, data and metadata as key-sorted JSON.
 */
export function contentHashOf(event: Pick<RecordedEvent, 'id' | 'streamId' | 'streamRevision' | 'type' | 'data' | 'metadata'>): Buffer {
  const { hash: _hash, previousHash: _previous, ...metadata } = event.metadata as Record<string, unknown>;
  const canonical = sortedJson({
    id: event.id,
    streamId: event.streamId,
    streamRevision: event.streamRevision.toString(),
    type: event.type,
    data: event.data,
    metadata,
  });
  return createHash('sha256').update(canonical).digest();
}

/** The leaf data of an event in the global tree: the bytes of its `metadata.hash`, or its content hash when it has none. */
export function leafDataOf(event: Pick<RecordedEvent, 'id' | 'streamId' | 'streamRevision' | 'type' | 'data' | 'metadata'>): Buffer {
  const hash = (event.metadata as { hash?: unknown }).hash;
  return typeof hash === 'string' && HEX_HASH.test(hash) ? Buffer.from(hash, 'hex') : contentHashOf(event);
}

/**
 * The leaf data the event's content calls for: its chain hash recomputed from what it says now
 * (`eventHash` with its recorded previousHash), so an edit shows in the tree even when the stored
 * hash was left alone. What `verify` recomputes the tree from.
 */
export function recomputedLeafDataOf(event: RecordedEvent): Buffer {
  if (event.metadata.hash === undefined) return contentHashOf(event);
  return Buffer.from(eventHash(event, event.metadata.previousHash ?? null), 'hex');
}
