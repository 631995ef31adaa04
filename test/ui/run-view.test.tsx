import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunView } from '../../source/ui/screens/run-screen.js';
import type { ScreenAction as SummaryAction } from '../../source/ui/app.js';
import { keepScreen } from '../support/screen-snapshot.js';
import { press, renderSettled, rerenderSettled, runState } from './ui-fixtures.js';

describe('progress panes', () => {
  it('show state, bar, percent, bytes, rate and the object being dumped, and follow updates', async () => {
    const ui = await renderSettled(<RunView state={runState()} active width={79} height={21} onCancel={() => undefined} onAction={() => undefined} />);
    const first = ui.lastFrame() ?? '';
    // What a pane looks like mid-dump, kept beside the tmux screens for reviewers.
    keepScreen(path.resolve(import.meta.dirname, '../e2e/screens'), '05a-progress', first);
    expect(first).toContain('Backing up… /backups/crm-20261124T101500Z');
    expect(first).toMatch(/main database\s+█+░+\s+25%\s+500 kB\s+125 kB\/s ETA 12s\n\s+public\.orders/);
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

  it('keep every row on one line at 60 columns, and 40 items within 20 lines with the failure in view', async () => {
    const narrow = (await renderSettled(<RunView state={runState()} active width={59} height={17} onCancel={() => undefined} onAction={() => undefined} />)).lastFrame() ?? '';
    for (const line of narrow.split('\n')) expect(line.length).toBeLessThanOrEqual(59);
    expect(narrow).toMatch(/main database\s+25%\s+500 kB\s+125 kB\/s ETA 12s/);
    const items = Array.from({ length: 40 }, (_, i) => ({ id: `external:db${i}`, label: `Database ${i}`, phase: 'queued' as const, rawBytes: 0, bytes: 0, seconds: 0 }));
    items[31] = { ...items[31], phase: 'failed' as never, error: 'pg_dump failed: connection refused' } as never;
    const many = (await renderSettled(<RunView state={runState({ items })} active width={79} height={17} onCancel={() => undefined} onAction={() => undefined} />)).lastFrame() ?? '';
    expect(many.split('\n').length).toBeLessThanOrEqual(17);
    expect(many).toMatch(/✖ Database 31[^\n]*\n\s+pg_dump failed: connection refused/);
    expect(many).toMatch(/↑ \d+ more/);
    expect(many).toMatch(/↓ \d+ more/);
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
    const actions: SummaryAction[] = [];
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
    expect(frame).toContain('✔ Verified: 1 file matches the manifest and reads back.');
    expect(frame).toMatch(/❯ Verify the set again\n\s+Restore this set into an install…\n\s+Back to the menu\n\s+Quit/);
    expect(await press(ui, 'j')).toMatch(/❯ Restore this set into an install…/);
    await press(ui, '\r');
    expect(await press(ui, 'j')).toMatch(/❯ Back to the menu/);
    await press(ui, '\r');
    expect(actions).toEqual([{ restore: '/backups/crm-20261124T101500Z' }, 'menu']);
  });

  it('l opens the run\'s log with each warning and failure and its time; l or esc closes it', async () => {
    const log = [
      { at: Date.parse('2026-11-24T10:15:03Z'), id: 'storage:uploads', kind: 'warn' as const, text: 'tar: a.txt: file changed as we read it' },
      { at: Date.parse('2026-11-24T10:15:04Z'), id: 'external:shop', kind: 'fail' as const, text: 'mariadb-dump failed: Access denied' },
    ];
    const state = runState({ finished: true, log, items: [{ id: 'external:shop', label: 'Shop', phase: 'failed', rawBytes: 0, bytes: 0, seconds: 0, error: 'mariadb-dump failed: Access denied' }] });
    const ui = await renderSettled(<RunView state={state} active width={79} height={21} onCancel={() => undefined} onAction={() => undefined} />);
    const opened = await press(ui, 'l');
    expect(opened).toMatch(/10:15:03 ! storage:uploads: tar: a\.txt: file changed as we read it\n10:15:04 ✖ external:shop: mariadb-dump failed: Access denied/);
    expect(await press(ui, '\u001B')).toContain('Backup finished with 1 failed item');
  });
});
