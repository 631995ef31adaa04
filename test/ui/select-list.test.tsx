import { describe, expect, it } from 'vitest';
import { SelectList, type SelectItem } from '../../source/ui/components/select-list.js';
import { burst, renderSettled } from './ui-fixtures.js';

const items: SelectItem<string>[] = [
  { label: 'Back up', value: 'backup' },
  { label: 'Restore', value: 'restore' },
  { label: 'Backup sets', value: 'sets' },
  { label: 'Interrupted set', value: 'broken', disabled: true },
  { label: 'Quit', value: 'quit' },
];

async function setup(height?: number) {
  const picked: string[] = [];
  const ui = await renderSettled(<SelectList items={items} active height={height} onSelect={(i) => picked.push(i.value)} />);
  return { ui, picked, frame: () => ui.lastFrame() ?? '' };
}

describe('select list', () => {
  it('acts on each key of one burst in turn: down, down, enter picks the third item', async () => {
    const { ui, picked, frame } = await setup();
    // tmux send-keys Down Down Enter reaches Ink as one string, before any redraw.
    await burst(ui, '\u001B[B\u001B[B\r');
    expect(picked).toEqual(['sets']);
    expect(frame()).toMatch(/❯ Backup sets/);
  });

  it('moves with j/k, stops at both ends instead of wrapping round', async () => {
    const { ui, picked, frame } = await setup();
    await burst(ui, 'k');
    expect(frame()).toMatch(/^❯ Back up/);
    await burst(ui, 'jjjjjjj\r');
    expect(frame()).toMatch(/❯ Quit/);
    expect(picked).toEqual(['quit']);
  });

  it('lets the cursor rest on a greyed item but never picks it', async () => {
    const { ui, picked, frame } = await setup();
    await burst(ui, 'jjj\r');
    expect(frame()).toMatch(/❯ Interrupted set/);
    expect(picked).toEqual([]);
  });

  it('shows at most `height` lines, scrolls to keep the cursor in view and says where it is', async () => {
    const { ui, frame } = await setup(3);
    expect(frame().split('\n')).toEqual(['❯ Back up', '  Restore', '  1/5 ↓']);
    await burst(ui, 'jjjj');
    expect(frame().split('\n')).toEqual(['  Interrupted set', '❯ Quit', '  5/5 ↑']);
  });

  it('jumps with Home/End (g/G) and pages with PgUp/PgDn', async () => {
    const { ui, picked, frame } = await setup(3);
    await burst(ui, 'G');
    expect(frame()).toMatch(/❯ Quit/);
    // A page is the rows shown less one: two here.
    await burst(ui, 'g\u001B[6~\r');
    expect(frame()).toMatch(/❯ Backup sets/);
    await burst(ui, '\u001B[F\u001B[5~\u001B[5~\r');
    expect(frame()).toMatch(/❯ Back up/);
    expect(picked).toEqual(['sets', 'backup']);
  });
});
