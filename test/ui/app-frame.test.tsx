import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MachineScan } from '../../source/core/scan/machine-scan.js';
import { ToolFinder } from '../../source/core/process/tool-finder.js';
import { App } from '../../source/ui/app.js';
import { waitFor } from '../support/wait-for.js';
import { inventory, renderSettled } from './ui-fixtures.js';

// The whole app in-process: the frame, the key router, help over a screen, quitting and its exit code.

const scan: MachineScan = {
  walked: Promise.resolve({ installs: [inventory.install], warnings: [] }),
  tools: new ToolFinder(),
  async inventories(_options, events) {
    events?.onEach?.(inventory);
    return [inventory];
  },
};

beforeAll(() => {
  // The app's settings and remembered choices come from the test's own folders, never the user's.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nbtest-frame-'));
  writeFileSync(path.join(dir, 'nbbackup.yaml'), `backupDir: ${JSON.stringify(path.join(dir, 'sets'))}\n`);
  process.env.NBBACKUP_CONFIG = path.join(dir, 'nbbackup.yaml');
  process.env.NBBACKUP_STATE_DIR = path.join(dir, 'state');
});

async function start() {
  const codes: number[] = [];
  const ui = await renderSettled(<App scan={scan} onExitCode={(c) => codes.push(c)} />);
  const frame = () => ui.lastFrame() ?? '';
  const shows = (what: string | RegExp) => waitFor(() => (typeof what === 'string' ? frame().includes(what) : what.test(frame())) && frame(), { what: String(what), lastSeen: frame });
  await shows('❯ Back up');
  return { ui, codes, frame, shows };
}

describe('the app frame', () => {
  it('keeps the header on top and the footer of the keys that work on the last line, within the terminal', async () => {
    const { frame } = await start();
    const lines = frame().split('\n');
    expect(lines[0]).toMatch(/^nbbackup · NocoBase backups/);
    expect(lines.at(-1)).toBe('↑↓ move · enter open · q quit · ? help');
    expect(lines.length).toBeLessThanOrEqual(24);
  });

  it('acts on each key of a burst on the screen the key before it opened', async () => {
    const { ui, shows } = await start();
    // Down ×3, enter: Backup sets. Then esc back and up ×3, enter, enter: the installs, then the checklist.
    ui.stdin.write('jjj\r');
    await shows('Backup sets');
    ui.stdin.write('\u001B');
    await shows('❯ Backup sets');
    ui.stdin.write('kkk\r\r');
    expect(await shows('tick what to back up')).toMatch(/❯ \[x\] main database/);
  });

  it('shows help over a half-ticked checklist and gives it back as it was', async () => {
    const { ui, shows, frame } = await start();
    ui.stdin.write('\r\r');
    await shows('tick what to back up');
    ui.stdin.write('n');
    await shows('Selected: 0 items');
    ui.stdin.write('?');
    expect(await shows('Keys')).toMatch(/space\s+tick/);
    ui.stdin.write('?');
    await shows('Selected: 0 items');
    expect(frame()).toMatch(/❯ \[ \] main database/);
  });

  it('quits with 0 on q and with 130 on Ctrl+C', async () => {
    const first = await start();
    first.ui.stdin.write('q');
    await waitFor(() => first.codes.length > 0);
    expect(first.codes).toEqual([0]);
    const second = await start();
    second.ui.stdin.write('\u0003');
    await waitFor(() => second.codes.length > 0);
    expect(second.codes).toEqual([130]);
  });

  it('asks before Ctrl+C throws away what is being typed in a text field', async () => {
    const { ui, shows, codes } = await start();
    // Settings (which opens on its Save button), up to the backup folder and enter: a text field,
    // where q types a q.
    ui.stdin.write('jjjjj\r');
    await shows('Settings (remembered');
    ui.stdin.write('kkk\r');
    await shows('enter done');
    ui.stdin.write('q');
    ui.stdin.write('\u0003');
    await shows('Quit nbbackup? What you typed is not kept.');
    expect(codes).toEqual([]);
    ui.stdin.write('n');
    await shows('enter done');
    ui.stdin.write('\u0003');
    await shows('Quit nbbackup?');
    ui.stdin.write('y');
    await waitFor(() => codes.length > 0);
    expect(codes).toEqual([130]);
  });
});
