/**
 * An immutable set that only grows, for state an `evolve` extends by one member per event (an
 * action's update ids). `with` answers a new set in O(1) instead of copying every member, so folding
 * a stream of n such events costs O(n), not O(n²).
 *
 * Versions share one append-only list and one index of member → position: a version is the first
 * `size` entries of the list. Extending the newest version appends in place (no older version can see
 * the new member: each only looks below its own size); extending an older version, which a fold never
 * does but a caller could, copies its members first. Observably every version is immutable.
 */
export class GrowOnlySet<T> implements Iterable<T> {
  private constructor(
    private readonly shared: { members: T[]; positions: Map<T, number> },
    readonly size: number,
  ) {}

  static empty<T>(): GrowOnlySet<T> {
    return new GrowOnlySet<T>({ members: [], positions: new Map() }, 0);
  }

  static of<T>(members: Iterable<T>): GrowOnlySet<T> {
    let set = GrowOnlySet.empty<T>();
    for (const member of members) set = set.with(member);
    return set;
  }

  has(member: T): boolean {
    const position = this.shared.positions.get(member);
    return position !== undefined && position < this.size;
  }

  /** This set with `member` added; this set itself is unchanged. */
  with(member: T): GrowOnlySet<T> {
    if (this.has(member)) return this;
    const { members, positions } = this.shared;
    if (members.length === this.size) {
      // The newest version: later positions belong to no one yet, so append in place.
      members.push(member);
      positions.set(member, this.size);
      return new GrowOnlySet(this.shared, this.size + 1);
    }
    // An older version grows a branch of its own, from a copy of its members.
    return GrowOnlySet.of([...this, member]);
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.size; i++) yield this.shared.members[i]!;
  }
}
