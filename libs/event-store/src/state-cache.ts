/**
 * Folded stream state kept between commands, so a command on a long stream reads and folds only the
 * events after the revision it last saw instead of replaying the whole stream.
 *
 * Never a source of truth: every load still reads the stream from the cached revision on, and every
 * append still carries the expected revision, so a state made stale by another process fails its
 * append with a conflict, is evicted, and the retry folds the stream afresh.
 */
export type StateCacheLimits = Readonly<{
  /** Streams kept at most; the least recently used goes first. */
  maxStreams: number;
  /**
   * Events folded into the kept states, all streams together: the memory bound. A state grows at
   * most linearly with its events (an action keeps one update id per update) and each entry keeps
   * one causation id per event: about 170 bytes of heap an event, measured on actions of 2,000
   * updates each with a uuid for the update and for its cause.
   */
  maxEvents: number;
}>;

/** About 35 MB of heap at 170 bytes an event; a stream longer than maxEvents is not kept at all. */
export const DEFAULT_STATE_CACHE_LIMITS: StateCacheLimits = { maxStreams: 10_000, maxEvents: 200_000 };

export type CachedState = Readonly<{
  /** The decider that folded it: a stream read with another decider is folded afresh. */
  decider: object;
  state: unknown;
  /** Also the entry's weight against maxEvents: revisions count from 0, so revision + 1 events are folded into `state`. */
  revision: bigint;
  /**
   * The causation id of every folded event (and possibly a few later ones: a superset is harmless),
   * so an idempotent command reads the whole stream only when it may already have been written.
   */
  causations: Set<string>;
}>;

export class StateCache {
  /** Map order is recency order: the first entry is the least recently used. */
  private readonly entries = new Map<string, CachedState>();
  private folded = 0;

  constructor(readonly limits: StateCacheLimits = DEFAULT_STATE_CACHE_LIMITS) {
    for (const name of ['maxStreams', 'maxEvents'] as const) {
      const value = limits[name];
      if (!Number.isInteger(value) || value < 0) throw new RangeError(`StateCache ${name} must be a whole number of zero or more, not ${value}`);
    }
  }

  get(streamId: string, decider: object): CachedState | undefined {
    const entry = this.entries.get(streamId);
    if (!entry || entry.decider !== decider) return undefined;
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    return entry;
  }

  /** Keeps `entry` unless it is older than the one kept (a slower concurrent load) or heavier than the whole bound. */
  set(streamId: string, entry: CachedState): void {
    const kept = this.entries.get(streamId);
    if (kept && kept.decider === entry.decider && kept.revision > entry.revision) return;
    this.evict(streamId);
    if (weight(entry) > this.limits.maxEvents || this.limits.maxStreams === 0) return;
    this.entries.set(streamId, entry);
    this.folded += weight(entry);
    for (const [oldest, kept] of this.entries) {
      if (this.entries.size <= this.limits.maxStreams && this.folded <= this.limits.maxEvents) break;
      this.entries.delete(oldest);
      this.folded -= weight(kept);
    }
  }

  evict(streamId: string): void {
    const entry = this.entries.get(streamId);
    if (!entry) return;
    this.entries.delete(streamId);
    this.folded -= weight(entry);
  }

  /** What is kept now, for tests and the bench. */
  get usage(): { streams: number; events: number } {
    return { streams: this.entries.size, events: this.folded };
  }
}

function weight(entry: CachedState): number {
  return Number(entry.revision) + 1;
}

/** One cache per store: two stores on one file stand in for two processes and must not share one. */
const caches = new WeakMap<object, StateCache>();

export function stateCacheOf(store: object): StateCache {
  let cache = caches.get(store);
  if (!cache) caches.set(store, (cache = new StateCache()));
  return cache;
}

/** Replaces a store's cache, e.g. with other limits, or maxStreams 0 to turn caching off. */
export function useStateCache(store: object, cache: StateCache): void {
  caches.set(store, cache);
}
