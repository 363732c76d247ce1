/**
 * What one subscription has still to send, in order, as the async iterator graphql-js reads: pushed to by
 * the log's follower, read at the pace of the client's socket. `end` after the last; `onEnd` runs once,
 * however it ends (ended here, the client's `complete`, the socket closing).
 */
export class Inbox<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | null = null;
  private ended = false;

  constructor(
    private readonly onEnd: () => void,
    /** More waiting than this and the reader is too slow to follow the log: `overflow` is its last item. */
    private readonly most: number,
    private readonly overflow: () => T,
  ) {}

  push(item: T) {
    if (this.ended) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: item, done: false });
      return;
    }
    if (this.items.length >= this.most) {
      this.items.length = 0;
      this.items.push(this.overflow());
      this.end();
      return;
    }
    this.items.push(item);
  }

  /** No more items: what is waiting is still read, then the iterator is done. */
  end() {
    if (this.ended) return;
    this.ended = true;
    this.onEnd();
    if (this.waiting && this.items.length === 0) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.items.length > 0) return Promise.resolve({ value: this.items.shift()!, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<T>> {
    this.items.length = 0;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator]() {
    return this;
  }
}
