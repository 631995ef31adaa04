import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stableScreen } from './screen-snapshot.js';

const tmp = os.tmpdir();

/** A line as Ink draws it in 80 columns: cut with an ellipsis when it does not fit. */
const fit = (line: string) => ([...line].length > 80 ? `${[...line].slice(0, 79).join('')}…` : line);

/** One screen as two runs on two machines draw it: only what may vary differs. */
const run = (v: { dir: string; suffix: string; port: number; size: string; rate: string; eta: string; spin: string; stamp: string; pid: number; host: string }) =>
  [
    `Backing up… ${path.join(tmp, v.dir)}/sets/src-app-${v.stamp}`,
    `${v.spin} main database   ███░░  25%  ${v.size}  ${v.rate} ETA ${v.eta}`,
    `  auth-failed: login refused for user nbu_${v.suffix} on 127.0.0.1:${v.port}`,
    `✖ app stopped: something answers on port ${v.port} (pid ${v.pid}) on ${v.host}`,
    // Cut at the terminal's width in one run, whole in the other (its size is shorter).
    fit(`❯ src-app  source 1.9.3  15 items  ${v.size}  ${path.join(tmp, v.dir)}/srv/src-app`),
    fit(`Upgrade: no NocoBase code under ${path.join(tmp, v.dir)}/node_modules: run "yarn nocobase upgrade" in the app folder`),
  ].join('\n');

describe('stable screens', () => {
  const a = run({ dir: 'nbtest-world-AbC123', suffix: '0a1b2c3d', port: 41234, size: '123.8 MB', rate: '1.2 MB/s', eta: '3s', spin: '⠋', stamp: '20261124T101500Z', pid: 4242, host: os.hostname() });
  const b = run({ dir: 'nbtest-world-z9Y8x7', suffix: 'ffee0011', port: 5001, size: '7 kB', rate: '980 B/s', eta: '1m05s', spin: '⠼', stamp: '20270101T000000Z', pid: 17, host: os.hostname() });

  it('are the same whatever varies between runs and machines', () => {
    expect(a.split('\n')[4]).toMatch(/…$/);
    expect(b.split('\n')[4]).not.toMatch(/…$/);
    expect(stableScreen(a)).toBe(stableScreen(b));
    expect(stableScreen(a)).not.toContain(tmp === '/tmp' ? 'nbtest-world' : tmp);
  });

  it('still differ when the text a person reads changes', () => {
    expect(stableScreen(a.replace('auth-failed', 'unreachable'))).not.toBe(stableScreen(b));
    expect(stableScreen(a.replace('15 items', '14 items'))).not.toBe(stableScreen(b));
    expect(stableScreen(a.replace('main database', 'main  database'))).not.toBe(stableScreen(b));
  });
});
