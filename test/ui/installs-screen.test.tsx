import { describe, expect, it } from 'vitest';
import { InstallsScreen } from '../../source/ui/screens/installs-screen.js';
import { shortPath } from '../../source/ui/format.js';
import { inventory, renderSettled } from './ui-fixtures.js';

describe('the installs screen', () => {
  it('cuts a long path in its middle so the install\'s own folder name stays readable, within the width', async () => {
    const deep = { ...inventory, install: { ...inventory.install, path: '/srv/customers/eu-west/production/nocobase/crm-main' } };
    const scan = { scanning: false, inventories: [deep], warnings: ['scan root /nope skipped: does not exist'] };
    const ui = await renderSettled(<InstallsScreen scan={scan} onPick={() => undefined} height={10} width={59} />);
    const lines = (ui.lastFrame() ?? '').split('\n');
    expect(lines[1]).toMatch(/^❯ crm\s+create-app 1\.9\.3\s+5 items\s+\S+ \S+\s+\/srv\/.*….*crm-main$/);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(59);
    expect(lines.at(-1)).toBe('! scan root /nope skipped: does not exist');
  });

  it('shortens in the middle, keeping the start and the end', () => {
    expect(shortPath('/var/backups/nbbackup/crm-20261124T101500Z', 30)).toBe('/var/backup…m-20261124T101500Z');
    expect(shortPath('/short', 30)).toBe('/short');
    expect(shortPath('/a/b/c/d/e/f/g/h', 8).length).toBe(8);
  });
});
