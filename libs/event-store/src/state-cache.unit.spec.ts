import { describe, expect, it } from '@jest/globals';
import { actionDecider, type Command, type Decider, type Event } from '@ledger/domain';
import { StateCache } from './state-cache.js';

const counter: Decider<Command<'Count', object>, Event<'Counted', object>, number> = { initialState: () => 0, decide: () => [], evolve: (n) => n + 1 };

describe('StateCache', () => {
  const entry = (revision: number) => ({ decider: counter, state: revision + 1, revision: BigInt(revision), causations: new Set<string>() });

  it('is bounded in streams and in events folded, dropping the least recently used first', () => {
    const cache = new StateCache({ maxStreams: 3, maxEvents: 10 });
    cache.set('a', entry(1));
    cache.set('b', entry(1));
    cache.set('c', entry(1));
    cache.get('a', counter); // a is now the most recently used
    cache.set('d', entry(1));
    expect([cache.get('b', counter), cache.usage]).toEqual([undefined, { streams: 3, events: 6 }]);
    cache.set('e', entry(7)); // 8 events: only e and the most recent other fit in 10
    expect(cache.usage).toEqual({ streams: 2, events: 10 });
    expect([cache.get('d', counter)?.revision, cache.get('e', counter)?.revision]).toEqual([1n, 7n]);
    cache.set('long', entry(10)); // 11 events: longer than the whole bound, so not kept
    expect(cache.get('long', counter)).toBeUndefined();
    for (let i = 0; i < 1000; i++) cache.set(`s${i}`, entry(i % 5));
    expect(cache.usage.streams).toBeLessThanOrEqual(3);
    expect(cache.usage.events).toBeLessThanOrEqual(10);
  });

  it('keeps the later of two states of one stream, and answers nothing for another decider', () => {
    const cache = new StateCache({ maxStreams: 3, maxEvents: 100 });
    cache.set('a', entry(5));
    cache.set('a', entry(3)); // a slower load that read less
    expect(cache.get('a', counter)?.revision).toBe(5n);
    expect(cache.get('a', actionDecider)).toBeUndefined();
  });

  it('names the limit and the rule when a limit is not a whole number', () => {
    expect(() => new StateCache({ maxStreams: -1, maxEvents: 10 })).toThrow('StateCache maxStreams must be a whole number of zero or more, not -1');
    expect(() => new StateCache({ maxStreams: 1, maxEvents: 1.5 })).toThrow('StateCache maxEvents must be a whole number of zero or more, not 1.5');
  });
});
