import path from 'node:path';
import type { SetVerdict } from './verify-set.js';

// What this process has read back, by set folder: the sets browser calls a set "verified" only for a
// read-back done in this session (a verdict from an earlier run proves nothing about the disk today).

const verdicts = new Map<string, SetVerdict>();

export function rememberVerdict(verdict: SetVerdict): void {
  verdicts.set(path.resolve(verdict.set), verdict);
}

/** The last verdict on this set in this session, if it was verified. */
export function verdictOf(dir: string): SetVerdict | undefined {
  return verdicts.get(path.resolve(dir));
}

/** A deleted set: nothing about it may outlive it. */
export function forgetVerdict(dir: string): void {
  verdicts.delete(path.resolve(dir));
}
