import { describe, expect, it } from '@jest/globals';
import { GrowOnlySet } from './grow-only-set.js';

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
    // Deterministic pseudo-random walk: grow from a random earlier version each step.
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
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
