import { describe, expect, it } from '@jest/globals';
import { GrowOnlyMap } from './grow-only-map.js';
import { GrowOnlySet } from './grow-only-set.js';

/** A deterministic pseudo-random walk, so a failure repeats. */
function randomFrom(seed: number) {
  return (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
}

describe('GrowOnlySet', () => {
  it('answers membership like a Set and leaves the set it grew from unchanged', () => {
    const empty = GrowOnlySet.empty<string>();
    const one = empty.with('a');
    const two = one.with('b');
    expect([empty.has('a'), one.has('a'), one.has('b'), two.has('a'), two.has('b')]).toEqual([false, true, false, true, true]);
    expect([empty.size, one.size, two.size]).toEqual([0, 1, 2]);
    expect([...two]).toEqual(['a', 'b']);
    expect(two.with('a')).toBe(two);
  });

  it('keeps two branches grown from one version apart', () => {
    const base = GrowOnlySet.of(['a', 'b']);
    const left = base.with('left');
    const right = base.with('right');
    expect([...left]).toEqual(['a', 'b', 'left']);
    expect([...right]).toEqual(['a', 'b', 'right']);
    expect([left.has('right'), right.has('left'), base.has('left'), base.has('right')]).toEqual([false, false, false, false]);
    expect([...left.with('more')]).toEqual(['a', 'b', 'left', 'more']);
  });

  it('matches a Set after any sequence of additions from any earlier version', () => {
    // Grow from a random earlier version each step.
    const random = randomFrom(7);
    const versions: [GrowOnlySet<number>, Set<number>][] = [[GrowOnlySet.empty(), new Set()]];
    for (let step = 0; step < 2000; step++) {
      const [grown, expected] = versions[random(versions.length)]!;
      const member = random(300);
      versions.push([grown.with(member), new Set([...expected, member])]);
    }
    for (const [grown, expected] of versions) {
      expect(grown.size).toBe(expected.size);
      expect([...grown]).toEqual([...expected]);
      for (let member = 0; member < 300; member += 7) expect(grown.has(member)).toBe(expected.has(member));
    }
  });
});

describe('GrowOnlyMap', () => {
  it('answers like a Map, a replaced value included, and leaves the map it grew from unchanged', () => {
    const one = GrowOnlyMap.empty<string, number>().with('a', 1);
    const two = one.with('b', 2);
    const replaced = two.with('a', 3);
    expect([one.get('a'), two.get('a'), replaced.get('a'), one.has('b'), replaced.size]).toEqual([1, 1, 3, false, 2]);
    expect(Object.fromEntries(replaced)).toEqual({ a: 3, b: 2 });
    expect([...two]).toEqual([['a', 1], ['b', 2]]);
  });

  it('matches a Map after any sequence of sets from any earlier version', () => {
    const random = randomFrom(11);
    const versions: [GrowOnlyMap<number, number>, Map<number, number>][] = [[GrowOnlyMap.empty(), new Map()]];
    for (let step = 0; step < 2000; step++) {
      const [grown, expected] = versions[random(versions.length)]!;
      const [key, value] = [random(200), random(1000)];
      versions.push([grown.with(key, value), new Map(expected).set(key, value)]);
    }
    for (const [grown, expected] of versions) {
      expect(grown.size).toBe(expected.size);
      expect([...grown]).toEqual([...expected]);
      for (let key = 0; key < 200; key += 7) expect([grown.has(key), grown.get(key)]).toEqual([expected.has(key), expected.get(key)]);
    }
  });
});
