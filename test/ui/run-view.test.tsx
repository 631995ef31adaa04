import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunView } from '../../source/ui/screens/run-screen.js';
import type { ScreenAction } from '../../source/ui/app.js';
import { keepScreen } from '../support/screen-snapshot.js';
import { press, renderSettled, rerenderSettled, runState } from './ui-fixtures.js';

describe('progress panes', () => {
  it('show state, bar, percent, bytes, rate and the object being dumped, and follow updates', async () => {
    const ui = await renderSettled(<RunView state={runState()} active width={79} height={21} onCancel={() => undefined} onAction={() => undefined} />);
    const first = ui.lastFrame() ?? '';
    // What a pane looks like mid-dump, kept beside the tmux screens for reviewers.
    keepScreen(path.resolve(import.meta.dirname, '../e2e/screens'), '05a-progress', first);
    expect(first).toContain('Backing up… /backups/crm-20261124T101500Z');
    // One second in: the rate is shown, an ETA is not (it means nothing before 3 s).
    expect(first).toMatch(/main database\s+█+░+\s+25%\s+500 kB\s+500 kB\/s\n\s+public\.orders/);
    expect(first).toMatch(/· storage\/uploads\s+░+ waiting/);
    expect(first).toMatch(/Overall\s+[█░]+ 0\/2 items/);
    const second = await rerenderSettled(
      ui,
      <RunView
        state={runState({ items: [{ id: 'main', label: 'main database', phase: 'ok', estimate: 2_000_000, rawBytes: 2_000_000, bytes: 400_000, seconds: 2, percent: 100, file: 'main.pgdump.zst' }, { id: 'storage:uploads', label: 'storage/uploads', phase: 'running', estimate: 4000, rawBytes: 2000, bytes: 900, seconds: 1, percent: 50, warning: 'tar: file changed as we read it' }] })}
        active
        width={79}
        height={21}
        onCancel={() => undefined}
        onAction={() => undefined}
      />,
    );
    expect(second).toMatch(/✔ main database\s+█+\s+100%\s+400 kB written in 2s/);
    expect(second).toMatch(/storage\/uploads\s+█+░+\s+50%[^\n]*\n\s+! tar: file changed as we read it/);
    expect(second).toMatch(/1\/2 items · 400 kB written · 2 kB being read/);
  });

  it('c asks before cancelling; n keeps going, y cancels', async () => {
    let cancelled = 0;
    const ui = await renderSettled(<RunView state={runState()} active width={79} height={21} onCancel={() => cancelled++} onAction={() => undefined} />);
    expect(await press(ui, 'c')).toContain('Cancel the backup? Running dumps stop and their partial files are removed. [y/n]');
    expect(await press(ui, 'n')).not.toContain('Cancel the backup?');
    expect(cancelled).toBe(0);
    expect(await press(ui, 'c')).toContain('Cancel the backup?');
    expect(await press(ui, 'y')).not.toContain('Cancel the backup?');
    expect(cancelled).toBe(1);
  });
});

describe('summary', () => {
  it('lists each item ok or failed with its reason, the set, the verify result and what next', async () => {
    const actions: ScreenAction[] = [];
    const verdict = { set: '/backups/crm-20261124T101500Z', ok: true, filesOk: true, items: [{ id: 'main', ok: true }], missing: [] };
    const state = runState({
      finished: true,
      items: [
        { id: 'main', label: 'main database', phase: 'ok', rawBytes: 2_000_000, bytes: 400_000, seconds: 2, file: 'main.pgdump.zst' },
        { id: 'external:shop', label: 'Shop', phase: 'failed', rawBytes: 0, bytes: 0, seconds: 0, error: 'mariadb-dump failed: Access denied for user (check the user and password in the settings)' },
      ],
      result: { dir: '/backups/crm-20261124T101500Z', manifest: {} as never, verdict },
      verdict,
    });
    const ui = await renderSettled(<RunView state={state} active width={79} height={21} onCancel={() => undefined} onAction={(a) => actions.push(a)} />);
    const frame = ui.lastFrame() ?? '';
    expect(frame).toContain('Backup finished with 1 failed item');
    expect(frame).toMatch(/✔ main database\s+400 kB\s+main\.pgdump\.zst/);
    expect(frame).toMatch(/✖ Shop\s+mariadb-dump failed: Access denied/);
    expect(frame).toContain('Set: /backups/crm-20261124T101500Z');
    expect(frame).toContain('✔ Verified: 1 files match the manifest and read back.');
    expect(frame).toMatch(/❯ Verify the set again\n\s+Restore this set into an install…\n\s+Back to the menu\n\s+Quit/);
    expect(await press(ui, 'j')).toMatch(/❯ Restore this set into an install…/);
    await press(ui, '\r');
    expect(await press(ui, 'j')).toMatch(/❯ Back to the menu/);
    await press(ui, '\r');
    expect(actions).toEqual([{ restore: '/backups/crm-20261124T101500Z' }, 'menu']);
  });
});
