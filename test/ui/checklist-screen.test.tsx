import { describe, expect, it } from 'vitest';
import { ChecklistScreen } from '../../source/ui/screens/checklist-screen.js';
import { burst, inventory, press, renderSettled } from './ui-fixtures.js';

async function setup() {
  const chosen: string[][] = [];
  const ui = await renderSettled(<ChecklistScreen inventory={inventory} onNext={(ids) => chosen.push(ids)} active height={20} width={79} />);
  return { ui, chosen, press: (...keys: string[]) => press(ui, ...keys), frame: () => ui.lastFrame() ?? '' };
}

describe('checklist', () => {
  it('groups items, ticks the default selection and shows the running total', async () => {
    const { frame } = await setup();
    expect(frame()).toMatch(/Main\n❯ \[x\] main database\s+postgres\s+2 MB/);
    expect(frame()).toMatch(/External data sources\n\s+-\s+ERP\s+mssql\n\s+missing-tool: sqlcmd not found on this machine\n\s+\[x\] Shop/);
    expect(frame()).toMatch(/\[ \] storage\/logs\s+files\s+90 kB/);
    expect(frame()).toContain('Selected: 3 items, 2.5 MB');
  });

  it('toggles with space, moves with j/k and arrows, never onto an unavailable item', async () => {
    const { press, frame } = await setup();
    await press('j');
    expect(frame()).toMatch(/❯ \[x\] Shop/);
    await press(' ');
    expect(frame()).toMatch(/❯ \[ \] Shop/);
    expect(frame()).toContain('Selected: 2 items, 2 MB');
    await press('\u001B[B', ' ');
    expect(frame()).toMatch(/❯ \[x\] storage\/logs/);
    await press('k', 'k', 'k');
    expect(frame()).toMatch(/❯ \[x\] main database/);
  });

  it('acts on every key of a burst typed ahead, as they arrive over a slow link', async () => {
    const { ui, chosen, frame } = await setup();
    // All in one go, before Ink can draw in between: each key must see what the one before it did.
    await burst(ui, 'j', ' ', 'j', ' ', '\r');
    expect(frame()).toMatch(/❯ \[x\] storage\/logs/);
    expect(frame()).toMatch(/\[ \] Shop/);
    expect(chosen).toEqual([['main', 'storage:logs', 'storage:uploads']]);
  });

  it('acts on keys that arrive in one string, as tmux send-keys j j Space Enter sends them', async () => {
    const { ui, chosen } = await setup();
    await burst(ui, 'jj \r');
    // Two rows down is storage/logs (ERP cannot be ticked); space ticks it, enter goes on.
    expect(chosen).toEqual([['main', 'external:shop', 'storage:logs', 'storage:uploads']]);
  });

  it('a ticks every available item and n none; unavailable ones stay unticked', async () => {
    const { press, frame } = await setup();
    await press('a');
    expect(frame()).toContain('Selected: 4 items, 2.59 MB');
    expect(frame()).toMatch(/-\s+ERP/);
    await press('n');
    expect(frame()).toContain('Selected: 0 items, 0 B');
  });

  it('goes on with the ticked ids, and not with none', async () => {
    const { press, chosen } = await setup();
    await press('\r');
    expect(chosen).toEqual([['main', 'external:shop', 'storage:uploads']]);
    await press('n', '\r');
    expect(chosen).toHaveLength(1);
  });
});

describe('checklist: the whole storage folder or its parts', () => {
  const whole = { id: 'storage', group: 'storage' as const, kind: 'files' as const, label: 'storage (whole folder)', path: '/srv/crm/storage', root: '/srv/crm/storage', folder: '.', status: 'ok' as const, sizeBytes: 100_000, selected: false };
  const withWhole = { ...inventory, items: [...inventory.items.slice(0, 3), whole, ...inventory.items.slice(3)] };

  it('ticking the whole folder unticks its parts and ticking a part unticks the whole, saying why', async () => {
    const chosen: string[][] = [];
    const ui = await renderSettled(<ChecklistScreen inventory={withWhole} onNext={(ids) => chosen.push(ids)} active height={20} width={79} />);
    await press(ui, 'j', 'j', ' ');
    expect(ui.lastFrame()).toMatch(/❯ \[x\] storage \(whole folder\)/);
    expect(ui.lastFrame()).toMatch(/\[ \] storage\/uploads/);
    expect(ui.lastFrame()).toContain('Unticked storage:uploads: the whole storage folder holds them.');
    await press(ui, 'j', ' ');
    expect(ui.lastFrame()).toMatch(/\[ \] storage \(whole folder\)/);
    expect(ui.lastFrame()).toMatch(/❯ \[x\] storage\/logs/);
    expect(ui.lastFrame()).toContain('Unticked the whole storage folder: it holds storage:logs too.');
    await press(ui, '\r');
    // uploads went when the whole folder was ticked; logs is the part ticked since.
    expect(chosen).toEqual([['main', 'external:shop', 'storage:logs']]);
  });

  it('a ticks everything but keeps the storage choice: the parts, or the whole folder when it is ticked', async () => {
    const chosen: string[][] = [];
    const ui = await renderSettled(<ChecklistScreen inventory={withWhole} onNext={(ids) => chosen.push(ids)} active height={20} width={79} />);
    await press(ui, 'a', '\r');
    await press(ui, 'j', 'j', ' ', 'a', '\r');
    expect(chosen).toEqual([
      ['main', 'external:shop', 'storage:logs', 'storage:uploads'],
      ['main', 'external:shop', 'storage'],
    ]);
  });
});
