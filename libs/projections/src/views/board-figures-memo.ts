/**
 * The board figures of a partnership, kept between requests. Why a memo and not only faster SQL: under
 * 50 clients a read's p99 is about 50 times its service time, so a dashboard must cost about what a
 * constant query costs, and no aggregate over a partnership's 16,000 actions does (~9 ms in SQLite's C
 * at scale 0.1, growing with the partnership). The figures change only when the partnership's rows
 * change or its "today" moves, so they are kept under (partnership, version, today): the board-views
 * projection raises `board_partnerships.version` in the transaction that changes the rows, so a read
 * after a write (read-your-writes included) finds the new version and works the figures out again,
 * and a write to one partnership leaves every other's figures kept. Bounded, least recently used first
 * out: a partnership's old versions are never asked for again and age out.
 */
export class BoardFiguresMemo {
  private readonly kept = new Map<string, unknown>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a whole number of at least 1 (got ${capacity})`);
  }

  get size(): number {
    return this.kept.size;
  }

  /** Forgets everything kept (the view-queries bench times the SQL, not the memo). */
  clear(): void {
    this.kept.clear();
  }

  /** What `key` was worked out as, or `work()` kept under it. */
  of<T>(key: string, work: () => T): T {
    if (this.kept.has(key)) {
      const value = this.kept.get(key) as T;
      // Most recently used last: Map keeps insertion order.
      this.kept.delete(key);
      this.kept.set(key, value);
      return value;
    }
    const value = work();
    this.kept.set(key, value);
    if (this.kept.size > this.capacity) this.kept.delete(this.kept.keys().next().value!);
    return value;
  }
}
