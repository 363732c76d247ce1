import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReadModelLock, ReadModelsInUseError } from './read-model-lock.js';

const lockFile = () => join(mkdtempSync(join(tmpdir(), 'ledger-lock-')), 'read-models.lock');

describe('the read-model lock', () => {
  it('lets one holder in and tells the next who holds it', () => {
    const file = lockFile();
    const api = ReadModelLock.acquire(file, 'the API on port 3000');
    try {
      expect(() => ReadModelLock.acquire(file, 'rebuild')).toThrow(ReadModelsInUseError);
      expect(() => ReadModelLock.acquire(file, 'rebuild')).toThrow(new RegExp(`in use by the API on port 3000 \\(pid ${process.pid}, since `));
    } finally {
      api.release();
    }
  });

  it('is free again once released', () => {
    const file = lockFile();
    ReadModelLock.acquire(file, 'rebuild').release();
    const next = ReadModelLock.acquire(file, 'the API');
    next.release();
    next.release();
  });
});
