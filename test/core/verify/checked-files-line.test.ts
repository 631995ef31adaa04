import { describe, expect, it } from 'vitest';
import { checkedFilesLine, type SetVerdict } from '../../../source/core/verify/verify-set.js';

const verdict = (files: number, hashesOnly?: boolean): SetVerdict => ({
  set: '/b/app-20261202T020000Z',
  ok: true,
  filesOk: true,
  missing: [],
  hashesOnly,
  items: Array.from({ length: files }, (_, i) => ({ id: `item${i}`, ok: true })) as unknown as SetVerdict['items'],
});

describe('what a good verify says it checked', () => {
  it('says the files were read back when they were', () => {
    expect(checkedFilesLine(verdict(3))).toBe('3 files match the manifest and read back');
    expect(checkedFilesLine(verdict(1))).toBe('1 file matches the manifest and reads back');
  });

  it('never claims a read-back for an encrypted set verified without its key', () => {
    expect(checkedFilesLine(verdict(2, true))).toBe('2 files match the manifest (encrypted: hashes only; a key reads them back)');
  });
});
