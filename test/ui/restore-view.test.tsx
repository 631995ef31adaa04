import { Box } from 'ink';
import { describe, expect, it } from 'vitest';
import type { ScreenAction, ScreenReport } from '../../source/ui/app.js';
import type { RestoreChoices, RestoreState } from '../../source/ui/hooks/use-restore.js';
import { keyHints } from '../../source/ui/key-hints.js';
import { RestoreView } from '../../source/ui/screens/restore-screen.js';
import { BLOCKED_CHECKS, idle, prepared } from './restore-fixtures.js';
import { burst, inventory, press, renderSettled, rerenderSettled } from './ui-fixtures.js';

async function setup(state: RestoreState, size: { height: number; width: number } = { height: 21, width: 79 }) {
  const calls = { started: [] as RestoreChoices[], stops: 0, rechecks: [] as (readonly string[])[], appStarts: 0, actions: [] as ScreenAction[], typing: [] as boolean[] };
  const reports: ScreenReport[] = [];
  // Inside a box of the screen's width, as the app's frame draws it.
  const view = (s: RestoreState) => (
    <Box width={size.width} flexDirection="column">
    <RestoreView
      state={s}
      target={inventory.install}
      safetyDir="/var/backups/nbbackup/a-rather-long-folder-name-for-the-safety-copies"
      active
      height={size.height}
      width={size.width}
      onTyping={(t) => calls.typing.push(t)}
      onReport={(r) => reports.push(r)}
      onAction={(a) => calls.actions.push(a)}
      onStart={(c) => calls.started.push(c)}
      onStopApp={() => calls.stops++}
      onRecheck={(ids) => calls.rechecks.push(ids)}
      onStartApp={() => calls.appStarts++}
    />
    </Box>
  );
  const ui = await renderSettled(view(state));
  const footer = () => keyHints(reports[reports.length - 1]?.keys ?? [], true).map((h) => `${h.keys} ${h.does}`).join(' · ');
  return { ui, calls, reports, footer, frame: () => ui.lastFrame() ?? '', update: (s: RestoreState) => rerenderSettled(ui, view(s)) };
}

describe('restore wizard: preflight and plan', () => {
  it('says all checks pass, ticks what the plan restores, and offers enter on the button', async () => {
    const { frame, footer } = await setup(idle());
    expect(frame()).toContain('Restore crm (2026-11-24 10:15) into crm');
    expect(frame()).toContain('✔ All 8 checks pass: nothing stands in the way.');
    expect(frame()).toMatch(/\[x\] main\s+← main\.pgdump\.zst 16\.7 kB/);
    expect(frame()).toMatch(/\[ \] storage\s+← storage\.tar\.zst/);
    expect(frame()).toMatch(/\[x\] storage:uploads/);
    expect(frame()).toMatch(/- {2}external:old: crm has no external:old/);
    expect(frame()).toMatch(/❯ \[ Restore and overwrite crm \]/);
    expect(footer()).toBe('↑↓ move · a all · n none · enter go on');
  });

  it('offers space only on a row it ticks, and enter only on the button', async () => {
    const { ui, footer } = await setup(idle());
    await press(ui, 'k');
    expect(footer()).toBe('↑↓ move · space tick · a all · n none');
  });

  it('ticks single items and asks for the checks again for exactly the ticked ones', async () => {
    const { ui, calls, frame } = await setup(idle());
    await press(ui, 'n');
    expect(calls.rechecks.at(-1)).toEqual([]);
    // Up from the button: three options, then the last item (storage:apps), then storage:uploads.
    await press(ui, 'k', 'k', 'k', 'k', 'k', ' ');
    expect(frame()).toMatch(/❯ \[x\] storage:uploads/);
    expect(calls.rechecks.at(-1)).toEqual(['storage:uploads']);
    await press(ui, 'a');
    expect(calls.rechecks.at(-1)).toEqual(['main', 'external:shop', 'storage:uploads', 'storage:apps']);
  });

  it('never ticks the whole storage folder with its parts, and says why', async () => {
    const { ui, calls, frame } = await setup(idle());
    await press(ui, 'k', 'k', 'k', 'k', 'k', 'k', ' ');
    expect(frame()).toMatch(/❯ \[x\] storage\s+←/);
    expect(frame()).toMatch(/\[ \] storage:uploads/);
    expect(frame()).toMatch(/\[ \] storage:apps/);
    expect(frame()).toContain('Unticked storage:uploads, storage:apps: the whole storage folder holds them.');
    expect(calls.rechecks.at(-1)).toEqual(['main', 'external:shop', 'storage']);
    await press(ui, 'j', ' ');
    expect(frame()).toMatch(/\[ \] storage\s+←/);
    expect(frame()).toMatch(/❯ \[x\] storage:uploads/);
    expect(frame()).toContain('Unticked the whole storage folder');
    expect(calls.rechecks.at(-1)).toEqual(['main', 'external:shop', 'storage:uploads']);
  });
});

describe('restore wizard: blocked', () => {
  const blocked = () => idle({ prepared: prepared(undefined, BLOCKED_CHECKS) });

  it('says it cannot go on, lists the failed checks first with their fixes, and offers no enter', async () => {
    const { frame, footer } = await setup(blocked());
    const lines = frame().split('\n');
    expect(lines[1]).toBe('✖ Cannot go on: 2 checks failed. Fix each as it says below.');
    expect(lines[2]).toBe('  Or press u to untick what they block: external:shop');
    expect(lines[3]).toBe('  Press s to stop the app now and check again.');
    const at = (pattern: RegExp) => lines.findIndex((l) => pattern.test(l));
    // Failed checks first, each with its fix (and the items unticking would clear); the passed ones,
    // summed up by the status line, come after the items.
    expect(at(/^✖ external:shop rights: shop may not DROP in shop/)).toBeGreaterThan(3);
    expect(lines[at(/^✖ external:shop rights/) + 1]).toBe('    fix: GRANT ALL ON shop.* TO shop — or untick external:shop');
    expect(at(/^✖ app stopped: something answers on port 13000/)).toBe(at(/^✖ external:shop rights/) + 2);
    expect(lines[at(/^✖ app stopped/) + 1]).toMatch(/^ {4}fix: stop it/);
    expect(at(/^Will be overwritten/)).toBe(at(/^✖ app stopped/) + 2);
    expect(frame()).toContain('[ Cannot go on: see the ✖ above ]');
    expect(footer()).toBe('↑↓ move · a all · n none · u untick the blocked items · s stop the app');
  });

  it('u unticks every item a failed check blocks, and s stops the app', async () => {
    const { ui, calls, frame } = await setup(blocked());
    await press(ui, 'u');
    expect(calls.rechecks).toEqual([['main', 'storage:uploads', 'storage:apps']]);
    expect(frame()).toMatch(/\[ \] external:shop/);
    await press(ui, 's');
    expect(calls.stops).toBe(1);
    await press(ui, '\r');
    expect(calls.typing).toEqual([]);
  });

  it('a check left only for unticked items no longer blocks once checked again', async () => {
    const { update, frame, footer } = await setup(blocked());
    await update(idle({ checking: true, prepared: prepared(undefined, BLOCKED_CHECKS) }));
    expect(frame()).toContain('Checking again for the ticked items…');
    expect(frame()).toContain('[ Checking… ]');
    await update(idle({ prepared: prepared(['main', 'storage:uploads', 'storage:apps']) }));
    expect(frame()).toContain('All 8 checks pass');
    expect(footer()).toContain('enter go on');
  });
});

describe('restore wizard: the typed name', () => {
  it('takes the name typed in one burst with enter, with the options chosen', async () => {
    const { ui, calls, frame } = await setup(idle());
    await press(ui, 'k', ' ', 'k', ' ', 'j', 'j', '\r');
    expect(frame()).toContain("Type the install's name (crm) to overwrite it, esc to go back:");
    expect(calls.typing).toEqual([true]);
    await burst(ui, 'cxr\r');
    expect(frame()).toContain('That is not crm.');
    expect(calls.started).toEqual([]);
    await burst(ui, '\u007F\u007F\u007Frm\r');
    expect(calls.started).toEqual([]);
    await burst(ui, '\u007F\u007F', 'crm\r');
    expect(calls.started).toEqual([{ snapshot: true, upgrade: false, startApp: true, safetyDir: '/var/backups/nbbackup/a-rather-long-folder-name-for-the-safety-copies' }]);
    expect(calls.typing).toEqual([true, false]);
  });

  it('esc leaves the field and gives the keys back', async () => {
    const { ui, calls, frame, footer } = await setup(idle());
    await press(ui, '\r');
    expect(footer()).toBe('');
    await press(ui, 'c', '\u001B');
    expect(calls.typing).toEqual([true, false]);
    expect(frame()).not.toContain("Type the install's name");
    expect(footer()).toContain('enter go on');
  });
});

describe('restore wizard: running and result', () => {
  it('shows the safety copy and each item with bytes, rate and an ETA once it means something', async () => {
    const { frame, reports } = await setup(
      idle({
        running: true,
        safetySet: '/backups/crm-before-restore-20261124T101600Z',
        steps: [{ id: 'main', phase: 'start' }, { id: 'main', phase: 'done' }, { id: 'external:shop', phase: 'start' }],
        progress: { safety: { bytes: 2_000_000, total: 2_000_000, seconds: 2 }, main: { bytes: 16_700, total: 16_700, seconds: 1 }, 'external:shop': { bytes: 4_000_000, total: 10_000_000, seconds: 4 } },
      }),
    );
    expect(frame()).toContain('Restoring: it cannot be stopped halfway');
    expect(frame()).toMatch(/✔ safety copy\s+done · 2 MB in 2s/);
    expect(frame()).toMatch(/✔ main\s+done · 16\.7 kB in 1s/);
    expect(frame()).toMatch(/external:shop\s+█+░+\s+40%\s+4 MB of 10 MB\s+1 MB\/s\s+ETA 6s/);
    expect(frame()).toMatch(/· storage:uploads\s+waiting/);
    expect(reports.at(-1)).toEqual({ keys: [], busy: 'restore' });
  });

  it('shows no ETA in the first seconds', async () => {
    const { frame } = await setup(idle({ running: true, steps: [], progress: { safety: { bytes: 500_000, total: 2_000_000, seconds: 1 } } }));
    expect(frame()).toMatch(/safety copy\s+█+░+\s+25%\s+500 kB of 2 MB\s+500 kB\/s\n/);
    expect(frame()).not.toContain('ETA');
  });

  it('says plainly it was restored, and offers to start the app, the log, the menu and quit', async () => {
    const outcome = { result: 'restored' as const, checks: [], steps: [{ id: 'main', status: 'restored' as const }], notes: ['what storage held before is kept in /srv/crm/storage-bak-20261124'], safetySet: '/backups/crm-before-restore-20261124T101600Z' };
    const log = [{ at: Date.UTC(2026, 10, 24, 10, 16), id: 'main', kind: 'ok' as const, text: 'restored: pg_restore: warning: errors ignored on restore: 0' }];
    const { ui, frame, calls, footer, update } = await setup(idle({ outcome, log, steps: [{ id: 'main', phase: 'done' }] }));
    expect(frame().split('\n')[0]).toBe('Restored.');
    expect(frame()).toContain('Safety copy: /backups/crm-before-restore-20261124T101600Z');
    expect(frame()).toMatch(/❯ Start the app\n\s+Open the log of this restore\n\s+Back to the menu\n\s+Quit/);
    expect(footer()).toBe('↑↓ move · enter do it · l the log · esc menu');
    await press(ui, '\r');
    expect(calls.appStarts).toBe(1);
    await update(idle({ outcome, log, starting: true }));
    expect(frame()).toContain('Starting the app…');
    await update(idle({ outcome, log, started: { ok: true, detail: 'started; NocoBase answers its health check on port 13000' } }));
    expect(frame()).toContain('✔ App: started; NocoBase answers');
    expect(frame()).not.toContain('Start the app');
    await update(idle({ outcome, log, started: { ok: false, detail: 'nbbackup cannot start this install: start it yourself' } }));
    expect(frame()).toContain('✖ App: nbbackup cannot start this install: start it yourself');
    expect(frame()).not.toContain('Start the app');
    expect(frame()).toMatch(/❯ Open the log of this restore/);
    await press(ui, '\r');
    expect(frame()).toContain('This restore’s log');
    expect(frame()).toContain('pg_restore: warning: errors ignored on restore: 0');
    expect(footer()).toContain('l close the log');
    await press(ui, 'l', 'j', '\r');
    expect(calls.actions).toEqual(['menu']);
  });

  it('says a failure was rolled back, the failed item first in view, and offers no start', async () => {
    const { frame } = await setup(
      idle({
        outcome: {
          result: 'failed',
          reason: 'loading the dump failed: ERROR 1146',
          checks: [],
          steps: [{ id: 'main', status: 'rolled-back' }, { id: 'external:shop', status: 'failed', error: 'loading the dump failed: ERROR 1146' }],
          notes: ['every restored item was rolled back: the target is as it was'],
          safetySet: '/backups/crm-before-restore-20261124T101600Z',
        },
      }),
    );
    expect(frame().split('\n')[0]).toBe('Restore failed and rolled back: loading the dump failed: ERROR 1146');
    expect(frame()).toMatch(/↺ main rolled back/);
    expect(frame()).toMatch(/✖ external:shop loading the dump failed: ERROR 1146/);
    expect(frame()).toContain('· every restored item was rolled back: the target is as it was');
    expect(frame()).not.toContain('Start the app');
    expect(frame()).toMatch(/❯ Open the log of this restore/);
  });
});

describe('restore wizard: fits the terminal', () => {
  const many = () => {
    const base = prepared(undefined, BLOCKED_CHECKS);
    const extra = Array.from({ length: 12 }, (_, i) => ({ id: `subapp:app${i}`, label: `app${i}`, file: `subapp--app${i}-with-a-long-file-name-of-its-own.pgdump.zst`, bytes: 1000 }));
    return { ...base, choices: [...base.choices, ...extra] };
  };
  for (const size of [{ height: 21, width: 79 }, { height: 17, width: 59 }]) {
    it(`keeps the options and the button in view at ${size.width + 1}×${size.height + 3}, and the cursor when it moves`, async () => {
      const { ui, frame } = await setup(idle({ prepared: many() }), size);
      const lines = () => frame().split('\n');
      expect(lines().length).toBeLessThanOrEqual(size.height);
      expect(lines().every((l) => [...l].length <= size.width)).toBe(true);
      expect(frame()).toContain('[ Cannot go on: see the ✖ above ]');
      expect(frame()).toContain('start the app afterwards');
      expect(frame()).toMatch(/into \/var.*…[a-z-]*copies\n/);
      await press(ui, ...Array<string>(8).fill('k'));
      expect(frame()).toMatch(/❯ \[ \] subapp:app7/);
      expect(lines().length).toBeLessThanOrEqual(size.height);
      expect(frame()).toContain('[ Cannot go on: see the ✖ above ]');
    });
  }
});
