import { describe, expect, it } from '@jest/globals';
import { Inbox } from './inbox.js';

const drain = async <T>(inbox: Inbox<T>) => {
  const read: T[] = [];
  for await (const item of inbox) read.push(item);
  return read;
};

describe('a subscription’s inbox', () => {
  it('gives items in the order pushed, to a reader waiting or not, and what was pushed before the end', async () => {
    let ended = 0;
    const inbox = new Inbox<number>(() => ended++, 10, () => -1);
    inbox.push(1);
    const waiting = inbox.next();
    expect(await waiting).toEqual({ value: 1, done: false });
    const next = inbox.next();
    inbox.push(2);
    expect(await next).toEqual({ value: 2, done: false });
    inbox.push(3);
    inbox.end();
    inbox.push(4);
    expect(await drain(inbox)).toEqual([3]);
    expect(ended).toBe(1);
  });

  it('ends a reader that falls too far behind with the overflow item alone', async () => {
    const inbox = new Inbox<number>(() => {}, 3, () => -1);
    for (let i = 0; i < 10; i++) inbox.push(i);
    expect(await drain(inbox)).toEqual([-1]);
  });

  it('runs onEnd once when the reader stops (the client completes, the socket closes)', async () => {
    let ended = 0;
    const inbox = new Inbox<number>(() => ended++, 10, () => -1);
    inbox.push(1);
    expect(await inbox.return()).toEqual({ value: undefined, done: true });
    inbox.end();
    expect(await inbox.next()).toEqual({ value: undefined, done: true });
    expect(ended).toBe(1);
  });
});
