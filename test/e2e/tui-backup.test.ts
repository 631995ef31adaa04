import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildWorld, type World } from '../support/fixtures.js';
import { CLI, runCli } from '../support/run-cli.js';
import { keepScreen } from '../support/screen-snapshot.js';
import { TmuxSession } from '../support/tmux.js';

const pg = inject('pg');
const maria = inject('maria');
const SCREENS = path.resolve(import.meta.dirname, 'screens');
let world: World;
let tui: TmuxSession | undefined;

beforeAll(async () => {
  world = await buildWorld(pg, maria);
});
afterAll(async () => {
  await tui?.kill();
  await world?.cleanup();
});

const keep = (name: string, screen: string) => keepScreen(SCREENS, name, screen);

describe('the interactive tool in an 80×24 terminal', () => {
  it('draws in colour, and without any with NO_COLOR', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'nbtest-tui-'));
    writeFileSync(path.join(cwd, '.nbbackuprc'), `roots:\n  - ${world.paths.source}\nbackupDir: ${cwd}/sets\n`);
    const colour = /\u001b\[3\dm/;
    for (const [noColor, expected] of [[undefined, true], ['1', false]] as const) {
      const session = await TmuxSession.start(`cd ${cwd} && exec ${process.execPath} ${CLI}`, { env: { NO_COLOR: noColor, NBBACKUP_STATE_DIR: `${cwd}/state` } });
      try {
        await session.waitFor('1 NocoBase install on this machine.');
        expect(colour.test(await session.screen(true)), noColor ? 'NO_COLOR=1' : 'default').toBe(expected);
      } finally {
        await session.kill();
      }
    }
  });

  it('scans, picks an install, ticks main + one external + uploads, runs, and shows a verified summary', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'nbtest-tui-'));
    const out = path.join(cwd, 'sets');
    mkdirSync(out);
    writeFileSync(path.join(cwd, '.nbbackuprc'), `roots:\n  - ${world.paths.source}\nbackupDir: ${out}\njobs: 2\n`);
    tui = await TmuxSession.start(`cd ${cwd} && TERM=screen exec ${process.execPath} ${CLI}`, { env: { NBBACKUP_STATE_DIR: `${cwd}/state` } });

    keep('01-home', await tui.waitFor('1 NocoBase install on this machine.'));
    await tui.keys('Enter');
    keep('02-installs', await tui.waitFor(/❯ src-app\s+source 1\.9\.3\s+15 items[\s\S]*enter pick/));
    await tui.keys('Enter');
    await tui.waitFor('tick what to back up');
    // None, then main (first), Warehouse (next), and storage/uploads (the last selectable row).
    await tui.keys('n', 'Space', 'j', 'Space', 'j', 'j', 'j', 'j', 'j', 'j', 'j', 'j', 'j', 'Space');
    const checklist = await tui.waitFor('Selected: 3 items');
    keep('03-checklist', checklist);
    expect(checklist).toMatch(/❯ \[x\] storage\/uploads/);
    await tui.keys('Enter');
    keep('04-options', await tui.waitFor(/\[ Start backup of 3 items \][\s\S]*enter edit \/ start/));
    expect(await tui.screen()).toContain(`Backup folder ${out}`);
    await tui.keys('Enter');
    // The footer changes once the app knows the run is over, a frame after the summary is drawn.
    const summary = await tui.waitFor(/✔ Verified:[\s\S]*↑↓ move · enter do it/);
    keep('05-summary', summary);
    expect(summary).toContain('Backup finished');
    expect(summary).toMatch(/✔ main database\s+[\d.]+ k?B\s+main\.pgdump\.zst/);
    expect(summary).toMatch(/✔ Warehouse\s+[\d.]+ k?B\s+external--ext_pg\.pgdump\.zst/);
    expect(summary).toMatch(/✔ storage\/uploads\s+[\d.]+ k?B\s+storage--uploads\.tar\.zst/);
    expect(summary).not.toContain('✖');

    const [set] = readdirSync(out);
    const manifest = JSON.parse(readFileSync(path.join(out, set, 'manifest.json'), 'utf8'));
    expect(manifest.items.map((i: { id: string }) => i.id)).toEqual(['main', 'external:ext_pg', 'storage:uploads', 'keys']);
    expect((await runCli(['verify', path.join(out, set)])).exitCode).toBe(0);

    await tui.keys('?');
    keep('06-help', await tui.waitFor('Keys'));
    await tui.keys('?');
    // q quits at once only once the app itself is idle, which its footer shows: the summary's keys
    // instead of "c cancel". The summary is drawn one render before that. (Today closing the help
    // remounts the run screen, which starts a second backup: that one must finish too. Reported.)
    await tui.waitFor(/Verify the set again[\s\S]*↑↓ move · enter do it/, 30_000);
    await tui.send('q');
    await tui.ended();
  });
});
