/**
 * An immutable map whose keys only grow (a value may be replaced), for state an `evolve` extends per
 * event (an indicator's readings). `with` answers a new map in O(1) instead of copying every entry.
 *
 * Versions share one append-only log of assignments: a version is the first `length` of them, and a
 * key's value in it is the latest assignment below that length. As with GrowOnlySet, only the newest
 * version appends in place; an older one copies its entries before it grows.
 */
export class GrowOnlyMap<K, V> implements Iterable<[K, V]> {
  private constructor(
    private readonly shared: { log: [K, V][]; positions: Map<K, number[]> },
    private readonly length: number,
    readonly size: number,
  ) {}

  static empty<K, V>(): GrowOnlyMap<K, V> {
    return new GrowOnlyMap<K, V>({ log: [], positions: new Map() }, 0, 0);
  }

  static of<K, V>(entries: Iterable<readonly [K, V]>): GrowOnlyMap<K, V> {
    let map = GrowOnlyMap.empty<K, V>();
    for (const [key, value] of entries) map = map.with(key, value);
    return map;
  }

  /** The log position of the key's latest assignment in this version. */
  private position(key: K): number | undefined {
    const positions = this.shared.positions.get(key);
    if (!positions || positions[0]! >= this.length) return undefined;
    // The newest version's answer is the last; an older one's, the last below its length.
    let low = 0;
    let high = positions.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (positions[middle]! < this.length) low = middle;
      else high = middle - 1;
    }
    return positions[low];
  }

  has(key: K): boolean {
    return this.position(key) !== undefined;
  }

  get(key: K): V | undefined {
    const position = this.position(key);
    return position === undefined ? undefined : this.shared.log[position]![1];
  }

  /** This map with `key` set to `value`; this map itself is unchanged. */
  with(key: K, value: V): GrowOnlyMap<K, V> {
    const { log, positions } = this.shared;
    if (log.length !== this.length) return GrowOnlyMap.of([...this, [key, value] as const]);
    const size = this.has(key) ? this.size : this.size + 1;
    log.push([key, value]);
    const keyPositions = positions.get(key);
    if (keyPositions) keyPositions.push(this.length);
    else positions.set(key, [this.length]);
    return new GrowOnlyMap(this.shared, this.length + 1, size);
  }

  /** Entries in the order their keys were first set, each with its value in this version. */
  *[Symbol.iterator](): Iterator<[K, V]> {
    const seen = new Set<K>();
    for (let i = 0; i < this.length; i++) {
      const [key] = this.shared.log[i]!;
      if (seen.has(key)) continue;
      seen.add(key);
      yield [key, this.get(key)!];
    }
  }
}
