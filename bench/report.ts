/**
 * The bench's report and the small helpers every section shares: each printed line is also kept, so
 * the whole run can be written to bench/RESULTS.md as it was shown.
 */
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { median } from './start-up.js';

export const lines: string[] = [];
export const goals: string[] = [];

export const say = (line = '') => {
  console.log(line);
  lines.push(line);
};
export const goal = (what: string, measured: string, met: boolean) => goals.push(`| ${what} | ${measured} | ${met ? 'met' : '**not met**'} |`);

export const s2 = (s: number) => `${s.toFixed(2)} s`;
export const mib = (b: number) => `${(b / 1048576).toFixed(1)} MiB`;
export const ratio = (a: number, b: number) => (a / b).toFixed(2);

export function folderBytes(dir: string): number {
  return readdirSync(dir, { recursive: true }).reduce((sum: number, f) => {
    const st = statSync(path.join(dir, String(f)));
    return sum + (st.isFile() ? st.size : 0);
  }, 0);
}

export const fresh = (work: string, name: string) => mkdtempSync(path.join(work, `${name}-`));
/** The one set a backup wrote into `dir`. */
export const setIn = (dir: string) => path.join(dir, readdirSync(dir).filter((n) => !n.startsWith('.'))[0]);

export async function medianOf(runs: number, fn: () => Promise<number>): Promise<number> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) out.push(await fn());
  return median(out);
}
