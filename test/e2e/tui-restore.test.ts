import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pgFingerprint } from '../support/db-fingerprint.js';
import { buildRichInstall, type RichInstall } from '../support/fixtures.js';
import { CLI, runCli } from '../support/run-cli.js';
import { keepScreen } from '../support/screen-snapshot.js';
import { TmuxSession } from '../support/tmux.js';

const pg = inject('pg');
const maria = inject('maria');
const SCREENS = path.resolve(import.meta.dirname, 'screens');
const made: RichInstall[] = [];
let tui: TmuxSession | undefined;

beforeAll(async () => {
  made.push(await buildRichInstall(pg, maria, '', '', { schemaApp: 'tui_app' }));
  made.push(await buildRichInstall(pg, maria, 'create table only_in_b (id int);', '', { schemaApp: 'tui_app' }));
});
afterAll(async () => {
  await tui?.kill();
  for (const i of made) await i.cleanup();
});

const keep = (name: string, screen: string) => keepScreen(SCREENS, name, screen);

describe('restoring from the interactive tool', () => {
  it('picks a set and a target, shows preflight and plan, asks for the name, restores', async () => {
    const [a, b] = made;
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'nbtest-tui-restore-'));
    const out = path.join(cwd, 'sets');
    const backup = await runCli(['backup', '--install', a.dir, '--all', '--out', out]);
    expect(backup.exitCode, String(backup.stderr)).toBe(0);
    writeFileSync(path.join(cwd, '.nbbackuprc'), `roots:\n  - ${b.dir}\nbackupDir: ${out}\n`);
    tui = await TmuxSession.start(`cd ${cwd} && exec ${process.execPath} ${CLI}`, { env: { NBBACKUP_STATE_DIR: `${cwd}/state` } });
    await tui.waitFor('1 NocoBase install on this machine.');
    await tui.keys('j', 'Enter');
    // The list, not just its heading: enter before it is read would pick nothing.
    keep('07-restore-set', await tui.waitFor(/Restore which set\?[\s\S]*❯ \d{4}-\d{2}-\d{2}/));
    await tui.keys('Enter');
    await tui.waitFor(/Restore into which install\?\n❯ /);
    await tui.keys('Enter');
    // The footer too: it follows the frame that draws the plan (the app redraws at most ten times a second).
    const plan = await tui.waitFor(/\[ Restore and overwrite[\s\S]*enter go on/, 30000);
    // "free disk" is checked whenever storage is restored (it once hung on a progress sample's timing).
    keep('08-restore-preflight', plan);
    expect(plan).toContain('✔ free disk');
    expect(plan).toMatch(/✔ set verifies · ✔ something to restore · ✔ settings match/);
    expect(plan).toMatch(/✔ All \d+ checks pass/);
    expect(plan).not.toContain('✖');
    expect(plan.split('\n')[0]).toContain('nbbackup');
    expect(plan).toMatch(/Will be overwritten \(5 items ticked\)\n\s+\[x\] main\s+← main\.pgdump\.zst/);
    expect(plan).toMatch(/↑↓ move · a all · n none · enter go on/);
    await tui.keys('Enter');
    await tui.waitFor("Type the install's name");
    await tui.keys(...path.basename(b.dir).split(''), 'Enter');
    const done = await tui.waitFor(/(Restored\.|Restore failed)[\s\S]*enter do it/, 60000);
    // The header now names this run with its date, cut at 80 columns before the time: the date goes.
    keep('09-restore-done', done.replace(/^(nbbackup · .*?) \d{4}-\d{2}-\d{2}.*$/m, '$1 …'));
    expect(done).toContain('Restored.');
    expect(done).toMatch(/Safety copy: .*-before-res/);
    expect(done).toMatch(/❯ Start the app\n\s+Open the log of this restore\n\s+Back to the menu\n\s+Quit/);
    // The log of this restore: its steps as they ran.
    await tui.keys('l');
    const log = await tui.waitFor('This restore’s log');
    expect(log).toMatch(/main: restored/);
    expect(log).toMatch(/safety: safety copy made/);
    const [after, source] = [await pgFingerprint(pg, b.pgDb), await pgFingerprint(pg, a.pgDb)];
    expect(after.tables).toEqual(source.tables);
    expect(after.schema).not.toContain('only_in_b');
  });
});
