// Tests of hooks and alert commands prove that what a killed command started is gone too.
import { readFileSync } from 'node:fs';

/**
 * True once `pid` has ended: no such process, or a zombie (dead, waiting for a parent — here possibly an
 * init that never reaps — so it runs nothing and holds nothing).
 */
export function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}
