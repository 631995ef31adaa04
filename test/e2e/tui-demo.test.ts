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

describe('the demo install', () => {
  it('opens the whole flow for a newcomer, and goes away with --remove', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'nbtest-demo-'));
    const demoDir = path.join(cwd, 'demo');
    const out = path.join(cwd, 'sets');
    writeFileSync(path.join(cwd, '.nbbackuprc'), `backupDir: ${out}\n`);
    tui = await TmuxSession.start(`cd ${cwd} && exec ${process.execPath} ${CLI} demo`, { env: { NBBACKUP_DEMO_DIR: demoDir, NBBACKUP_STATE_DIR: `${cwd}/state` } });
    const home = (await tui.waitFor('❯ Back up', 30000)).replace(/\n\s*/g, ' ');
    expect(home).toContain(`This is the demo install, at ${demoDir}/nocobase-demo`);
    // One story on the home screen: no count of installs beside the demo's note.
    expect(home).not.toMatch(/NocoBase install on this machine|No NocoBase install found/);
    await tui.keys('Enter');
    await tui.waitFor(/❯ nocobase-demo\s+create-app 1\.9\.3/);
    await tui.keys('Enter');
    const checklist = await tui.waitFor('tick what to back up');
    expect(checklist).toMatch(/\[x\] main database\s+sqlite/);
    expect(checklist).toMatch(/\[x\] Warehouse \(PostgreSQL\)\s+postgres/);
    expect(checklist).toMatch(/\[x\] Branch office\s+postgres/);
    await tui.keys('Enter');
    await tui.waitFor('[ Start backup of');
    await tui.keys('Enter');
    // The app is idle (q quits at once) when its footer shows the summary's keys, not "c cancel".
    const summary = await tui.waitFor(/✔ Verified:[\s\S]*↑↓ move · enter do it/, 30000);
    expect(summary).not.toContain('✖');
    expect(summary).toMatch(/✔ main database .*main\.sqlite\.zst/);
    await tui.send('q');
    await tui.ended();

    const [set] = readdirSync(out);
    const ids = JSON.parse(readFileSync(path.join(out, set, 'manifest.json'), 'utf8')).items.map((i: { id: string; status: string }) => `${i.id}:${i.status}`);
    expect(ids).toEqual(expect.arrayContaining(['main:ok', 'external:warehouse:ok', 'subapp:branch:ok', 'storage:uploads:ok', 'keys:ok']));

    const removed = await runCli(['demo', '--remove'], { env: { NBBACKUP_DEMO_DIR: demoDir } });
    expect(String(removed.stdout)).toContain(`Removed the demo install at ${demoDir}.`);
    expect(existsSync(demoDir)).toBe(false);
  });
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
      const home = (await session.waitFor('❯ Back up', 30000)).replace(/\n\s*/g, ' ');
      expect(home).toMatch(/No NocoBase install was found on this machine, so this is the demo install, at .*nocobase-demo/);
      expect(demoServers()).not.toEqual([]);
    } finally {
      await session.kill();
    }
    // Closing the terminal stops the demo's PostgreSQL too.
    await waitFor(() => demoServers().length === 0, { what: "the demo's PostgreSQL to stop", lastSeen: demoServers });
  });
});
