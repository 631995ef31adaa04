import { describe, expect, it } from 'vitest';
import type { PreparedRestore } from '../../source/core/restore/restore-runner.js';
import type { RestoreState } from '../../source/ui/hooks/use-restore.js';
import { RestoreView } from '../../source/ui/screens/restore-screen.js';
import { inventory, press, renderSettled } from './ui-fixtures.js';

const prepared = (ok: boolean): PreparedRestore => ({
  setDir: '/backups/crm-20261124T101500Z',
  target: inventory.install,
  inventory,
  manifest: { format: 'nbbackup-set', formatVersion: 1, tool: { name: 'nbbackup', version: '0.1.0' }, createdAt: '2026-11-24T10:15:00.000Z', finishedAt: '2026-11-24T10:16:00.000Z', source: { host: 'h', installPath: '/srv/crm', installName: 'crm', layout: 'create-app', nocobaseVersion: '1.9.3' }, settings: {}, items: [] },
  plan: {
    items: [{ entry: { id: 'main', kind: 'database', status: 'ok', file: 'main.pgdump.zst' }, target: inventory.items[0], step: {} as never }],
    skipped: [{ id: 'external:old', reason: 'crm has no external:old' }],
  },
  checks: [
    { id: 'set-verifies', name: 'set verifies', ok: true, detail: '3 files match the manifest and read back' },
    { id: 'app-stopped', name: 'app stopped', ok, detail: ok ? 'nothing answers on port 13000' : 'something answers on port 13000', fix: 'stop it: yarn nocobase pm2-stop (or stop the process that runs it)' },
  ],
});

async function setup(state: RestoreState) {
  const started: unknown[] = [];
  const stops: number[] = [];
  const ui = await renderSettled(<RestoreView state={state} target={inventory.install} safetyDir="/backups" active height={21} width={79} onTyping={() => undefined} onStart={(c) => started.push(c)} onStopApp={() => stops.push(1)} />);
  return { ui, started, stops, frame: () => ui.lastFrame() ?? '' };
}

describe('restore wizard', () => {
  it('shows each check with ✔/✖ and its fix, and offers nothing to run while one fails', async () => {
    const { frame } = await setup({ preparing: false, running: false, lines: [], prepared: prepared(false) });
    expect(frame()).toContain('Restore crm (2026-11-24 10:15) into crm');
    expect(frame()).toMatch(/✔ set verifies\n/);
    expect(frame()).toMatch(/✖ app stopped: something answers on port 13000\n\s+fix: stop it: yarn nocobase pm2-stop/);
    expect(frame()).toMatch(/Will be overwritten\n\s+main ← main\.pgdump\.zst\n\s+skipped external:old: crm has no external:old/);
    expect(frame()).not.toContain('[ Restore and overwrite');
  });

  it('offers to stop the app when that is all that is in the way', async () => {
    const { ui, frame, stops } = await setup({ preparing: false, running: false, lines: [], prepared: prepared(false) });
    expect(frame()).toContain('Press s to stop the app now');
    await press(ui, 's');
    expect(stops).toEqual([1]);
  });

  it('goes on only when the install name is typed, with the options chosen', async () => {
    const { ui, frame, started } = await setup({ preparing: false, running: false, lines: [], prepared: prepared(true) });
    expect(frame()).toMatch(/\[x\] safety copy of what is overwritten, into \/backups\n\s*\[x\] run nocobase upgrade afterwards\n\s*\[ \] start the app afterwards and wait for its answer\n❯ \[ Restore and overwrite crm \]/);
    await press(ui, 'k', ' ', 'k', ' ', 'j', 'j', '\r');
    expect(frame()).toContain("Type the install's name (crm) to overwrite it");
    await press(ui, 'c', 'r', 'x', '\r');
    expect(frame()).toContain('That is not crm.');
    expect(started).toEqual([]);
    await press(ui, '\u007F', 'm', '\r');
    expect(started).toEqual([{ snapshot: true, upgrade: false, startApp: true, safetyDir: '/backups' }]);
  });

  it('shows the steps as they run, then the outcome with the rollback', async () => {
    const { frame } = await setup({
      preparing: false,
      running: false,
      prepared: prepared(true),
      lines: [
        { id: 'main', phase: 'start' },
        { id: 'main', phase: 'done' },
        { id: 'external:shop', phase: 'failed', detail: 'loading the dump failed: ERROR 1146' },
        { id: 'main', phase: 'undone' },
      ],
      outcome: { result: 'failed', reason: 'loading the dump failed: ERROR 1146', checks: [], steps: [], notes: ['every restored item was rolled back: the target is as it was'], safetySet: '/backups/crm-before-restore-20261124T101600Z' },
    });
    expect(frame()).toMatch(/↺ main rolled back/);
    expect(frame()).toMatch(/✖ external:shop loading the dump failed: ERROR 1146/);
    expect(frame()).toContain('Restore failed: loading the dump failed: ERROR 1146');
    expect(frame()).toContain('Safety copy: /backups/crm-before-restore-20261124T101600Z');
    expect(frame()).toContain('· every restored item was rolled back: the target is as it was');
  });
});
