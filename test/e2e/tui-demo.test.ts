import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../support/run-cli.js';
import { TmuxSession } from '../support/tmux.js';
import { waitFor } from '../support/wait-for.js';

let tui: TmuxSession | undefined;
afterAll(async () => {
  await tui?.kill();
});

describe.each([
  [80, 24],
  [60, 20],
])('the demo install at %i×%i', (columns, rows) => {
  it('backs up and restores with every default, help opened during both, and goes away with --remove', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'nbtest-demo-'));
    const demoDir = path.join(cwd, 'demo');
    const out = path.join(cwd, 'sets');
    const stderr = path.join(cwd, 'stderr.txt');
    writeFileSync(path.join(cwd, '.nbbackuprc'), `backupDir: ${out}\n`);
    tui = await TmuxSession.start(`cd ${cwd} && exec ${process.execPath} ${CLI} demo 2>${stderr}`, { columns, rows, env: { NBBACKUP_DEMO_DIR: demoDir, NBBACKUP_STATE_DIR: `${cwd}/state` } });
    // The menu is drawn at once; the demo's note comes once its PostgreSQL is up.
    const home = (await tui.waitFor(/nocobase-demo[\s\S]*❯ Back up/, 30000)).replace(/\n\s*/g, ' ');
    expect(home).toContain(`This is the demo install, at ${demoDir}/nocobase-demo`);
    // One story on the home screen: no count of installs beside the demo's note.
    expect(home).not.toMatch(/NocoBase install on this machine|No NocoBase install found/);
    await tui.keys('Enter');
    await tui.waitFor(/❯ nocobase-demo\s+create-app 1\.9\.3/);
    await tui.keys('Enter');
    const checklist = await tui.waitFor('tick what to back up');
    expect(checklist).toMatch(/\[x\] main database/);
    expect(checklist).toMatch(/\[x\] Warehouse \(Postgre/);
    expect(checklist).toMatch(/\[x\] Branch office/);
    await tui.keys('Enter');
    await tui.waitFor('[ Start backup of');
    // Start, and help at once: the backup runs on under it.
    await tui.burst('Enter', '?');
    await tui.waitFor('Keys');
    await tui.burst('?');
    const summary = await tui.waitFor(/✔ Verified:[\s\S]*enter do it/, 30000);
    expect(summary).not.toContain('✖');
    const [set] = readdirSync(out);
    const ids = JSON.parse(readFileSync(path.join(out, set, 'manifest.json'), 'utf8')).items.map((i: { id: string; status: string }) => `${i.id}:${i.status}`);
    expect(ids).toEqual(expect.arrayContaining(['main:ok', 'external:warehouse:ok', 'subapp:branch:ok', 'storage:uploads:ok', 'keys:ok']));

    // Restore this set into the demo itself, nothing unticked: the demo's user has an owner's rights.
    await tui.burst('j', 'Enter');
    await tui.waitFor('Restore into which install?');
    await tui.burst('Enter');
    const plan = await tui.waitFor(/All \d+ checks pass[\s\S]*enter go on/, 30000);
    expect(plan).not.toContain('✖');
    await tui.burst('Enter');
    await tui.waitFor("Type the install's name");
    // The name and enter typed ahead in one go, then help while the restore runs.
    await tui.burst('nocobase-demo', 'Enter', '?');
    await tui.waitFor('Keys', 30000);
    await tui.burst('?');
    const restored = await tui.waitFor(/Restored\.[\s\S]*enter do it/, 60000);
    expect(restored).not.toContain('✖');
    expect(readdirSync(out).filter((n) => n.includes('before-restore'))).toHaveLength(1);
    await tui.send('q');
    await tui.ended();
    expect(readFileSync(stderr, 'utf8')).toBe('');

    const removed = await runCli(['demo', '--remove'], { env: { NBBACKUP_DEMO_DIR: demoDir } });
    expect(String(removed.stdout)).toContain(`Removed the demo install at ${demoDir}.`);
    expect(existsSync(demoDir)).toBe(false);
  }, 180_000);
});

describe('a machine with no NocoBase install', () => {
  it('opens on the demo install, saying why', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'nbtest-empty-'));
    const empty = path.join(cwd, 'nothing-here');
    mkdirSync(empty);
    writeFileSync(path.join(cwd, '.nbbackuprc'), `roots:\n  - ${empty}\nbackupDir: ${cwd}/sets\n`);
    const session = await TmuxSession.start(`cd ${cwd} && exec ${process.execPath} ${CLI}`, { env: { NBBACKUP_DEMO_DIR: `${cwd}/demo`, NBBACKUP_STATE_DIR: `${cwd}/state` } });
    // This session's demo server keeps its data under the session's own TMPDIR: other runs' demos are not ours.
    const demoServers = () =>
      readdirSync('/proc')
        .filter((p) => /^\d+$/.test(p))
        .filter((p) => {
          try {
            return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(`${session.child.tmp}/nbbackup-demo-pg-`);
          } catch {
            return false;
          }
        });
    try {
      const home = (await session.waitFor(/nocobase-demo[\s\S]*❯ Back up/, 30000)).replace(/\n\s*/g, ' ');
      expect(home).toMatch(/No NocoBase install was found on this machine, so this is the demo install, at .*nocobase-demo/);
      expect(demoServers()).not.toEqual([]);
    } finally {
      await session.kill();
    }
    // Closing the terminal stops the demo's PostgreSQL too.
    await waitFor(() => demoServers().length === 0, { what: "the demo's PostgreSQL to stop", lastSeen: demoServers });
  });
});
