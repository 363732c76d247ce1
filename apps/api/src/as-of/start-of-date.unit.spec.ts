import { describe, expect, it } from '@jest/globals';
import { startOfDateIn } from './as-of-read-models.js';

describe('startOfDateIn', () => {
  it('starts a summer day in London at 23:00 the day before, UTC', () => {
    expect(startOfDateIn('Europe/London', '2021-09-16').toISOString()).toBe('2021-09-15T23:00:00.000Z');
  });
  it('starts a winter day in London at midnight UTC', () => {
    expect(startOfDateIn('Europe/London', '2021-02-16').toISOString()).toBe('2021-02-16T00:00:00.000Z');
  });
  it('starts a day in Auckland half a day ahead of UTC', () => {
    expect(startOfDateIn('Pacific/Auckland', '2021-02-16').toISOString()).toBe('2021-02-15T11:00:00.000Z');
  });
});
