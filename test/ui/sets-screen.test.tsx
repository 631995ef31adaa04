import { chmodSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import type { ScreenAction, ScreenReport } from '../../source/ui/app.js';
import { SetsScreen } from '../../source/ui/screens/sets-screen.js';
import { backupFolder, makeSet } from '../support/made-sets.js';
import { burst, press, renderSettled } from './ui-fixtures.js';

/** Four sets: two complete, one with a failed item, one interrupted; and the folder they are in. */
async function folderOfSets() {
  const root = backupFolder();
  const crm = await makeSet(root, { install: 'crm', at: '2026-11-24T10:15:00.000Z' });
  const erp = await makeSet(root, { install: 'erp', at: '2026-11-25T08:00:05.000Z', version: '1.8.0', failed: ['external:erp'] });
  const cut = await makeSet(root, { install: 'crm', at: '2026-11-26T09:30:07.000Z', interrupted: true });
  const shop = await makeSet(root, { install: 'shop', at: '2026-11-20T23:59:59.000Z', damaged: true });
  return { root, crm, erp, cut, shop };
}

async function setup(dir: string, options: { height?: number; width?: number; pick?: boolean } = {}) {
  const typing: boolean[] = [];
  const actions: ScreenAction[] = [];
  const picked: string[] = [];
  const reports: ScreenReport[] = [];
  const ui = await renderSettled(
    <SetsScreen
      dir={dir}
      active
      height={options.height ?? 21}
      width={options.width ?? 79}
      onTyping={(on) => typing.push(on)}
      onAction={(a) => actions.push(a)}
      onReport={(r) => reports.push(r)}
      onPick={options.pick ? (d) => picked.push(d) : undefined}
    />,
  );
  const frame = () => ui.lastFrame() ?? '';
  /** Waits (in act, polling, at most a minute on a loaded machine) until the screen shows what was read from disk or a verify's outcome. */
  const until = async (pattern: RegExp | string) => {
    for (let i = 0; i < 2400 && !(typeof pattern === 'string' ? frame().includes(pattern) : pattern.test(frame())); i++) {
      await act(async () => new Promise((resolve) => setTimeout(resolve, 25)));
    }
    expect(frame()).toMatch(pattern);
    return frame();
  };
  return { ui, frame, until, typing, actions, picked, reports };
}

describe('backup sets browser', () => {
  it('lists sets newest first with time to the second, install, version, items, size and state', async () => {
    const { root } = await folderOfSets();
    const { until } = await setup(root);
    const rows = (await until('shop')).split('\n');
    expect(rows[0]).toMatch(/^Backup sets in \/tmp\/nbtest-sets-/);
    expect(rows[1]).toMatch(/^ {2}Created \(UTC\)\s+Install\s+NocoBase\s+Items\s+Size\s+State$/);
    expect(rows[2]).toMatch(/^❯ 2026-11-26 09:30:07 {2}crm\s+–\s+\d+ B\s+INCOMPLETE$/);
    expect(rows[3]).toMatch(/^ {2}2026-11-25 08:00:05 {2}erp\s+1\.8\.0\s+1 item\s+\d+(\.\d+)? kB\s+INCOMPLETE$/);
    expect(rows[4]).toMatch(/^ {2}2026-11-24 10:15:00 {2}crm\s+1\.9\.3\s+1 item\s+\d+(\.\d+)? kB\s+ok$/);
    expect(rows[5]).toMatch(/^ {2}2026-11-20 23:59:59 {2}shop\s+1\.9\.3\s+1 item\s+\d+(\.\d+)? kB\s+ok$/);
  });

  it('shows one set in full with → or tab, scrolls it, and goes back with esc or ←', async () => {
    const { root } = await folderOfSets();
    const { ui, until, frame, reports } = await setup(root, { height: 8 });
    await until('erp');
    await press(ui, 'j', '\t');
    expect(frame()).toMatch(/^\nerp-20261125T080005Z\nState {5}INCOMPLETE\nCreated {3}2026-11-25 08:00:05 UTC, finished 08:01:07\nSource {4}db-host-1:\/srv\/erp \(create-app\)\nInstall {3}erp, NocoBase 1\.8\.0\nTool {6}nbbackup 0\.1\.0\n/);
    expect(frame().split('\n')).toHaveLength(8);
    // The screen takes esc here, so the app keeps its own esc (back to the menu) to itself.
    expect(reports.at(-1)?.keys).toContainEqual(['back', 'the list']);
    await press(ui, 'G');
    expect(frame()).toMatch(/✔ storage:uploads\s+files\s+\d+(\.\d+)? kB\s+ok\n\s+tar \(GNU tar\) 1\.35 · storage--uploads\.tar\n✖ external:erp\s+mysql\s+failed: mysqldump not found[^\n]*\nFailures\nexternal:erp: mysqldump not found on this machine\n/);
    await press(ui, '\u001B');
    expect(frame()).toMatch(/❯ 2026-11-25 08:00:05/);
    await press(ui, '\u001B[C');
    expect(frame()).toContain('Source    db-host-1:/srv/erp');
    await press(ui, '\u001B[D');
    expect(frame()).toMatch(/Created \(UTC\)/);
  });

  it('filters by install, date or state as typed; enter keeps the filter, esc clears it', async () => {
    const { root } = await folderOfSets();
    const { ui, until, frame, typing, reports } = await setup(root);
    await until('shop');
    await press(ui, '/', 'e', 'r', 'p');
    expect(frame()).toContain('Filter: erp');
    expect(frame()).not.toMatch(/crm|shop/);
    expect(typing).toEqual([true]);
    await press(ui, '\r');
    expect(typing).toEqual([true, false]);
    expect(frame()).toMatch(/❯ 2026-11-25 08:00:05 {2}erp[^\n]*\nFilter “erp”: 1 set of 4/);
    expect(reports.at(-1)?.keys).toContainEqual(['back', 'clear the filter']);
    await press(ui, '\u001B');
    expect(frame()).toContain('shop');
    await press(ui, '/', ...'incomplete', '\r');
    expect(frame().match(/INCOMPLETE/g)).toHaveLength(2);
    await press(ui, '/', '\u001B', '/', ...'2026-11-24', '\r');
    expect(frame()).toMatch(/❯ 2026-11-24 10:15:00 {2}crm/);
    expect(frame()).not.toContain('erp');
    await press(ui, '/', ...'zzz');
    expect(frame()).toContain('No set matches the filter.');
  });

  it('verifies the set under the cursor with v and shows the verdict, a damaged one too', async () => {
    const { root, shop } = await folderOfSets();
    const { ui, until, frame } = await setup(root);
    await until('shop');
    await press(ui, 'j', 'j', 'v');
    await until('✔ Verified: 1 file match the manifest and read back.');
    expect(frame()).toMatch(/❯ 2026-11-24 10:15:00 {2}crm.*verified/);
    await press(ui, 'j', '\r');
    await until('✖ Verification failed: 1 of 1 file damaged');
    expect(frame()).toMatch(/❯ 2026-11-20 23:59:59 {2}shop.*DAMAGED/);
    await press(ui, '\t');
    expect(frame()).toContain('storage--uploads.tar does not match the manifest (changed or damaged)');
    expect(existsSync(shop)).toBe(true);
    // An interrupted set has nothing to verify and nothing to restore: said, not done.
    await press(ui, '\u001B', 'g', 'v');
    expect(frame()).toContain('An interrupted backup (no manifest) cannot be verified.');
  });

  it('opens the restore on a set with r, never on an interrupted one; picks with enter in a restore', async () => {
    const { root, crm, erp } = await folderOfSets();
    const { ui, until, frame, actions } = await setup(root);
    await until('shop');
    await press(ui, 'r');
    expect(frame()).toContain('An interrupted backup (no manifest) cannot be restored.');
    await press(ui, 'j', 'j', 'r');
    expect(actions).toEqual([{ restore: crm }]);
    const picking = await setup(root, { pick: true });
    await picking.until('shop');
    expect(picking.frame()).toMatch(/^Restore which set\? in/);
    await press(picking.ui, 'j', '\r');
    expect(picking.picked).toEqual([erp]);
  });

  it('deletes a set only once its folder name is typed; a wrong name deletes nothing', async () => {
    const { root, crm, erp, cut, shop } = await folderOfSets();
    const { ui, until, frame, typing } = await setup(root);
    await until('shop');
    await press(ui, 'j', 'j', 'd');
    expect(frame()).toMatch(new RegExp(`Type the folder name to delete this set for good \\(esc keeps it\\):\\n  ${path.basename(crm)}\\n>`));
    await press(ui, ...'crm', '\r');
    expect(frame()).toContain('That is not its name.');
    expect(existsSync(crm)).toBe(true);
    // q and ? are typed here, not obeyed: the app is told a text field has the keys.
    expect(typing).toEqual([true]);
    await press(ui, '\u001B');
    expect(frame()).toContain('Nothing was deleted.');
    expect(typing).toEqual([true, false]);
    await press(ui, 'd', ...path.basename(crm), '\r');
    await until(`Deleted ${path.basename(crm)}.`);
    expect(existsSync(crm)).toBe(false);
    expect(readdirSync(root).sort()).toEqual([cut, erp, shop].map((d) => path.basename(d)).sort());
    expect(readdirSync(erp).sort()).toEqual(['manifest.json', 'storage--uploads.tar']);
    expect(frame()).not.toContain('2026-11-24 10:15:00');
  });

  it('acts on a burst of keys as if they were typed one by one', async () => {
    const { root, erp, crm } = await folderOfSets();
    const { ui, until, frame } = await setup(root);
    await until('shop');
    // Filter, close the field, open the delete prompt, type the name and confirm, all in one go.
    await burst(ui, `/erp\rd${path.basename(erp)}\r`);
    await until(`Deleted ${path.basename(erp)}.`);
    expect(existsSync(erp)).toBe(false);
    expect(existsSync(crm)).toBe(true);
    await burst(ui, '\u001B');
    await burst(ui, 'jj\t');
    expect(frame()).toMatch(/^shop-20261120T235959Z\n/);
  });

  it('never draws more lines than its height, nor a line wider than its width (80×24 and 60×20)', async () => {
    const root = backupFolder();
    for (let i = 0; i < 25; i++) await makeSet(root, { install: `install-with-a-long-name-${i}`, at: new Date(Date.UTC(2026, 10, 1, 0, 0, i)).toISOString(), failed: i % 3 ? [] : ['external:very-long-data-source-name'] });
    for (const [width, height] of [[79, 21], [59, 17]]) {
      const { ui, until, frame } = await setup(root, { width, height });
      const fits = () => {
        const lines = frame().split('\n');
        expect(lines.length, frame()).toBeLessThanOrEqual(height);
        for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(width);
      };
      await until('1/25');
      fits();
      await press(ui, 'G');
      fits();
      await press(ui, 'v');
      await until(/Verified|Incomplete:/);
      fits();
      await press(ui, '\t', 'G');
      fits();
      await press(ui, '\u001B', '/', ...'install-with-a-long-name');
      fits();
      await press(ui, '\r', 'd', ...'x'.repeat(90));
      fits();
      await press(ui, '\r');
      fits();
      ui.unmount();
    }
  });

  it('says in one line why there is nothing: an empty folder, a missing one, one that is a file', async () => {
    const empty = backupFolder();
    const one = async (dir: string, pattern: RegExp) => {
      const { until, frame } = await setup(dir);
      await until(pattern);
      expect(frame().split('\n')).toHaveLength(2);
    };
    await one(empty, /No backup sets in this folder yet\./);
    await one(path.join(empty, 'nothing-here'), /✖ backup folder \S+nothing-here does not exist/);
    writeFileSync(path.join(empty, 'a-file'), '');
    await one(path.join(empty, 'a-file'), /✖ backup folder \S+a-file is a file, not a folder/);
  });

  it.skipIf(process.getuid?.() === 0)('says in one line that a folder cannot be read', async () => {
    const locked = backupFolder();
    chmodSync(locked, 0o000);
    const { until } = await setup(locked);
    await until(/✖ backup folder \S+ cannot be read \(permission denied\)/);
    chmodSync(locked, 0o700);
  });
});

describe('copying a set off-site from the browser', () => {
  it('c asks where, copies the set proven there, and the row and the details show the copy', async () => {
    const { root, crm, shop } = await folderOfSets();
    const far = path.join(backupFolder(), 'offsite');
    const { ui, frame, until, typing } = await setup(root);
    await until('shop');
    await press(ui, 'j', 'j');
    await press(ui, 'c');
    expect(frame()).toContain('Copy to a folder, user@host:path or s3://bucket/prefix');
    expect(typing.at(-1)).toBe(true);
    // Ctrl+U clears what an earlier copy offered; then the far folder is typed in one go, as pasted.
    await burst(ui, '\u0015', ...far.split(''));
    await press(ui, '\r');
    await until(`Copied ${path.basename(crm)} to ${far}, verified`);
    expect(readdirSync(path.join(far, path.basename(crm))).sort()).toEqual(readdirSync(crm).sort());
    const rows = frame().split('\n');
    expect(rows[1]).toMatch(/Off-site\s+State$/);
    expect(rows.find((r) => r.includes('2026-11-24 10:15:00'))).toMatch(/copied\s+ok$/);

    // The damaged set: refused (its file is not the size its manifest says), shown as a failed copy.
    await press(ui, 'j', 'c', '\u0015', ...far.split(''), '\r');
    await until(/✖ Copy to .*storage--uploads\.tar is \d+ bytes/);
    expect(frame().split('\n').find((r) => r.includes('2026-11-20 23:59:59'))).toMatch(/failed\s+ok$/);
    expect(existsSync(path.join(far, path.basename(shop)))).toBe(false);
    await press(ui, '\t');
    expect(frame()).toMatch(/Copies\n✖ \S+offsite\n {4}failed \d{4}-\d\d-\d\d \d\d:\d\d: storage--uploads\.tar is/);
  });

  it('esc keeps the set where it is, and an interrupted set cannot be copied', async () => {
    const { root } = await folderOfSets();
    const { ui, frame, until, typing } = await setup(root);
    await until('shop');
    await press(ui, 'c');
    expect(frame()).toContain('An interrupted backup (no manifest) cannot be copied.');
    await press(ui, 'j', 'c', 'x', '\u001B');
    expect(frame()).toContain('Nothing was copied.');
    expect(typing.at(-1)).toBe(false);
  });
});
