import path from 'node:path';
import { Box } from 'ink';
import { describe, expect, it } from 'vitest';
import type { MigrationPlan } from '../../source/core/migrate/migrate-plan.js';
import type { ScreenReport } from '../../source/ui/app.js';
import { MigrationPlanView } from '../../source/ui/components/migration-plan.js';
import { IDLE, reduceMigration, type MigrationState } from '../../source/ui/hooks/migration-state.js';
import { keyHints } from '../../source/ui/key-hints.js';
import { MigrateScreen, MigrationRun } from '../../source/ui/screens/migrate-screen.js';
import { keepScreen } from '../support/screen-snapshot.js';
import { burst, inventory, press, renderSettled, rerenderSettled } from './ui-fixtures.js';

// The wizard's plan and run views alone, on states made by folding core's events: what a far host
// says is never drawn raw, the plan fits 80×24 and 60×20, the typed name guards the start, and c asks;
// and the form's What moves, which opens the backup's own checklist.

const ESC = '\u001B';
/** A far side that tries to drive the terminal: clear the screen, move the cursor, flip the text. */
const EVIL = `${ESC}[2J${ESC}[H\u202E`;

function plan(patch: Partial<MigrationPlan> = {}, evil = EVIL): MigrationPlan {
  return {
    from: '/srv/crm',
    to: 'new-server:/srv/nocobase',
    farHost: `new-server${evil}`,
    farName: 'nocobase',
    rows: [
      { id: 'main', label: 'main database', here: 'postgres crm on 127.0.0.1:5432', there: `postgres crm on db:5433${evil}`, sizeBytes: 2_000_000 },
      { id: 'external:shop', label: 'Shop', here: 'mariadb shop on 127.0.0.1:3306', there: 'mariadb shop on db:3307', sizeBytes: 500_000 },
      { id: 'storage:uploads', label: 'storage/uploads', here: '/srv/crm/storage/uploads', there: '/srv/nocobase/storage/uploads', sizeBytes: 4000 },
    ],
    problems: [],
    env: [
      { name: 'DB_DIALECT', here: 'postgres', there: 'postgres', same: true },
      { name: 'DB_PORT', here: '5432', there: `5433${evil}`, same: false },
      { name: 'APP_KEY', here: 'set', there: 'set, different', same: false },
    ],
    notes: ['APP_KEY differs: sign-ins made here are not valid there, users sign in again'],
    estimateBytes: 2_504_000,
    ...patch,
  };
}

/** The state once core's plan event has arrived and the run waits for the name. */
const planned = (p: MigrationPlan): MigrationState => ({ ...reduceMigration({ ...IDLE, started: true }, { type: 'plan', plan: p, far: {} as never }), asking: true });

async function showPlan(p: MigrationPlan, size = { width: 79, height: 21 }) {
  const state = planned(p);
  const calls = { go: 0, back: 0, typing: [] as boolean[] };
  const reports: ScreenReport[] = [];
  const ui = await renderSettled(
    <Box width={size.width} flexDirection="column">
      <MigrationPlanView plan={state.plan!} farName="nocobase" canGo={!p.problems.length} active {...size} onTyping={(t) => calls.typing.push(t)} onReport={(r) => reports.push(r)} onGo={() => calls.go++} onBack={() => calls.back++} />
    </Box>,
  );
  const footer = () => keyHints(reports.at(-1)?.keys ?? [], true).map((h) => `${h.keys} ${h.does}`).join(' · ');
  return { ui, calls, footer, frame: () => ui.lastFrame() ?? '' };
}

describe('the migration plan', () => {
  it('draws far text without its control characters, and only whether APP_KEY is the same', async () => {
    const { frame } = await showPlan(plan());
    expect(frame()).not.toMatch(/[\u001B\u202E]/);
    expect(frame()).toContain('Plan: /srv/crm → new-server [2J [H:/srv/nocobase');
    expect(frame()).toMatch(/DB_PORT\s+5432 → 5433 \[2J \[H/);
    expect(frame()).toMatch(/APP_KEY\s+different/);
    expect(frame()).toContain('· APP_KEY differs: sign-ins made here are not valid there');
    expect(frame()).toContain('[ Migrate: overwrite nocobase on new-server');
  });

  it('fits 80×24 and 60×20, scrolling what does not fit', async () => {
    const many = plan({ rows: Array.from({ length: 30 }, (_, i) => ({ id: `external:db${i}`, label: `db${i}`, here: `postgres db${i} on 127.0.0.1:5432`, there: `postgres db${i} on db.example.internal:5433`, sizeBytes: 1000 * i })) });
    for (const size of [{ width: 79, height: 21 }, { width: 59, height: 17 }]) {
      const { ui, frame } = await showPlan(many, size);
      const lines = frame().split('\n');
      expect(lines.length).toBeLessThanOrEqual(size.height);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(size.width);
      expect(frame()).toMatch(/↓ \d+ more/);
      expect(frame()).toMatch(/\[ Migrate: overwrite nocobase/);
      await press(ui, '\u001B[6~');
      expect(frame()).toMatch(/↑ \d+ more/);
    }
    const { frame } = await showPlan(plan({}, ''));
    keepScreen(path.resolve(import.meta.dirname, '../e2e/screens'), '13-migrate-plan', frame());
  });

  it('starts only on the far install’s name typed in full; esc leaves the field, then goes back', async () => {
    const { ui, calls, frame, footer } = await showPlan(plan());
    expect(footer()).toBe('enter go on · esc back');
    await press(ui, '\r');
    expect(frame()).toContain("Type the far install's name (nocobase) to overwrite it on new-server");
    expect(calls.typing).toEqual([true]);
    await burst(ui, 'nocobas\r');
    expect(frame()).toContain('That is not nocobase.');
    expect(calls.go).toBe(0);
    await burst(ui, 'e\r');
    expect(calls.go).toBe(1);
    expect(calls.typing).toEqual([true, false]);
    await press(ui, '\r', 'x', ESC);
    expect(calls.typing).toEqual([true, false, true, false]);
    await press(ui, ESC);
    expect(calls.back).toBe(1);
  });

  it('says to leave an item out under What moves, not with the command line’s --exclude', async () => {
    const fix = 'set it up there with its own database, or leave it out (migrate --exclude external:shop)';
    const { frame } = await showPlan(plan({ problems: [{ id: 'external:shop', reason: 'external:shop: the destination has no data source shop', fix }] }));
    expect(frame()).toMatch(/fix: set it up there with its own database, or leave it out \(untick it\s+under What moves\)/);
    expect(frame()).not.toContain('--exclude');
  });

  it('with problems, lists each with its fix and offers only going back', async () => {
    const { ui, calls, frame, footer } = await showPlan(plan({ problems: [{ id: 'tool:zstd', reason: 'zstd is missing on new-server', fix: 'install zstd there (the zstd package)' }] }));
    expect(frame()).toContain('✖ Cannot migrate: 1 problem to fix first, see below.');
    expect(frame()).toMatch(/✖ zstd is missing on new-server\n\s{4}fix: install zstd there \(the zstd package\)/);
    expect(footer()).toBe('esc back');
    await press(ui, '\r');
    expect(calls.typing).toEqual([]);
    await press(ui, ESC);
    expect(calls.back).toBe(1);
  });
});

/** A run sending its set: the backup done, a third sent, one dropped link. */
function sending(): MigrationState {
  let s = planned(plan());
  const fold = (...events: Parameters<typeof reduceMigration>[1][]) => events.forEach((e) => (s = reduceMigration(s, e)));
  fold({ type: 'stage', stage: 'backup' }, { type: 'backup', event: { type: 'set', dir: '/backups/crm-20261124T101500Z' } });
  for (const id of ['main', 'external:shop', 'storage:uploads']) fold({ type: 'backup', event: { type: 'done', id, entry: { id, status: 'ok', bytes: 1000 } as never } });
  fold({ type: 'stage', stage: 'transfer' }, { type: 'transfer', event: { type: 'file', name: 'main.pgdump.zst', bytes: 3000, resumedFrom: 1024 } }, { type: 'transfer', event: { type: 'progress', sent: 1000, total: 3000 } });
  fold({ type: 'retry', attempt: 1, reason: `the connection to new-server was lost${EVIL}` });
  return { ...s, asking: false };
}

describe('the migration run', () => {
  it('shows the stages, the bytes sent with a bar, and the dropped link going on', async () => {
    const ui = await renderSettled(<MigrationRun state={sending()} title="Migrating crm → new-server:/srv/nocobase" active width={79} height={21} onCancel={() => undefined} />);
    const frame = ui.lastFrame() ?? '';
    keepScreen(path.resolve(import.meta.dirname, '../e2e/screens'), '14-migrate-progress', frame);
    expect(frame).toMatch(/✔ back up here\s+▸ send the set\s+· restore there/);
    expect(frame).toContain('✔ Backed up here: 3 items, 3 kB');
    expect(frame).toMatch(/Sending █+░+\s+33%\s+1 kB of 3 kB/);
    expect(frame).toContain('main.pgdump.zst, going on from 1.02 kB');
    expect(frame).toMatch(/! The link dropped \(the connection to new-server was lost \[2J \[H\); going on\n {2}from what arrived \(attempt 2\)\./);
    expect(frame).not.toMatch(/[\u001B\u202E]/);
  });

  it('c and Ctrl+C ask before cancelling; n goes on, y cancels and says both sides are being put back', async () => {
    let cancelled = 0;
    const reports: ScreenReport[] = [];
    const view = (s: MigrationState) => <MigrationRun state={s} title="Migrating" active width={79} height={21} onReport={(r) => reports.push(r)} onCancel={() => cancelled++} />;
    const ui = await renderSettled(view(sending()));
    expect(reports.at(-1)).toEqual({ keys: [['cancel', 'cancel (asks first)']], busy: 'migrate', unsaved: undefined });
    expect(await press(ui, 'c')).toContain('Cancel the migration? Both sides are put back as they were. [y/n]');
    expect(await press(ui, 'n')).not.toContain('Cancel the migration?');
    expect(await press(ui, '\u0003')).toContain('Cancel the migration?');
    await press(ui, 'y');
    expect(cancelled).toBe(1);
    expect(await rerenderSettled(ui, view({ ...sending(), cancelling: true }))).toContain('Putting both sides back as they were…');
    expect(reports.at(-1)?.keys).toEqual([]);
    expect(reports.at(-1)?.busy).toBe('migrate');
  });
});

describe('what moves', () => {
  it('opens the backup’s checklist for the install, ticked as chosen; its ticks come back to the form', async () => {
    const reports: ScreenReport[] = [];
    const ui = await renderSettled(<MigrateScreen inventory={inventory} preferences={{ outDir: '/nowhere', compression: 'zstd', jobs: 1 }} active height={21} width={79} onTyping={() => undefined} onReport={(r) => reports.push(r)} />);
    const frame = () => ui.lastFrame() ?? '';
    // Out of the destination field, which opens first, and down to What moves.
    await press(ui, ESC, 'j');
    expect(frame()).toMatch(/❯ What moves\s+what a backup takes: 3 of 5 items/);
    await press(ui, '\r');
    expect(frame()).toContain('Migrate crm — tick what moves');
    expect(frame()).toMatch(/❯ \[x\] main database[\s\S]*- +ERP[\s\S]*\[x\] Shop[\s\S]*\[ \] storage\/logs[\s\S]*\[x\] storage\/uploads/);
    expect(reports.at(-1)?.keys).toContain('back');
    await press(ui, 'j', ' ', '\r');
    expect(frame()).toMatch(/❯ What moves\s+2 of 5 items/);
    // Opened again it shows the choice; esc leaves it as it was.
    await press(ui, '\r');
    expect(frame()).toMatch(/\[x\] main database[\s\S]*\[ \] Shop/);
    expect(frame()).toContain('Selected: 2 items');
    await press(ui, ' ', ESC);
    expect(frame()).toMatch(/❯ What moves\s+2 of 5 items/);
  });
});
