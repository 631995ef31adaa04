import { cleanup, render } from 'ink-testing-library';
import { act, type ReactElement } from 'react';
import { afterEach } from 'vitest';
import type { InstallInventory } from '../../source/core/scan/take-inventory.js';
import type { RunState } from '../../source/ui/hooks/use-backup-run.js';

/** An inventory as core hands it to the screens: available, unavailable and unselected items. */
export const inventory: InstallInventory = {
  install: { path: '/srv/crm', name: 'crm', layout: 'create-app', env: {}, storagePath: '/srv/crm/storage', warnings: [] },
  nocobaseVersion: '1.9.3',
  warnings: [],
  items: [
    { id: 'main', group: 'main', kind: 'database', label: 'main database', engine: 'postgres', status: 'ok', sizeBytes: 2_000_000, selected: true },
    { id: 'external:erp', group: 'external', kind: 'database', label: 'ERP', engine: 'mssql', status: 'missing-tool', reason: 'sqlcmd not found on this machine', selected: false },
    { id: 'external:shop', group: 'external', kind: 'database', label: 'Shop', engine: 'mariadb', status: 'ok', sizeBytes: 500_000, selected: true },
    { id: 'storage:logs', group: 'storage', kind: 'files', label: 'storage/logs', path: '/srv/crm/storage/logs', root: '/srv/crm/storage', folder: 'logs', status: 'ok', sizeBytes: 90_000, files: 3, selected: false },
    { id: 'storage:uploads', group: 'storage', kind: 'files', label: 'storage/uploads', path: '/srv/crm/storage/uploads', root: '/srv/crm/storage', folder: 'uploads', status: 'ok', sizeBytes: 4000, files: 2, selected: true },
  ],
};

export function runState(patch: Partial<RunState> = {}): RunState {
  return {
    items: [
      { id: 'main', label: 'main database', phase: 'running', estimate: 2_000_000, rawBytes: 500_000, bytes: 100_000, seconds: 4, percent: 25, object: 'public.orders' },
      { id: 'storage:uploads', label: 'storage/uploads', phase: 'queued', estimate: 4000, rawBytes: 0, bytes: 0, seconds: 0 },
    ],
    setDir: '/backups/crm-20261124T101500Z',
    log: [],
    finished: false,
    cancelled: false,
    verifying: false,
    startedAt: Date.now() - 1000,
    notes: [],
    ...patch,
  };
}

/**
 * Keys are typed inside React's act(): it returns once React has drawn the frame and run the effects
 * that put the next screen's key handlers in place, so a test never waits for a time that a loaded
 * machine may overrun. (A frame alone is not enough: Ink draws it before those effects run.)
 */
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

// Spinners tick on timers, outside act(): React says so on every tick. That is expected here, and a
// warning still on its way when a file's worker closes failed the run ("Closing rpc while
// onUserConsoleLog was pending"); so those lines are dropped, and every tree is unmounted after its test.
const consoleError = console.error.bind(console);
console.error = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].includes('not wrapped in act(')) return;
  consoleError(...args);
};
afterEach(() => cleanup());

type Rendered = ReturnType<typeof render>;

/** Renders, with the first frame drawn and every key handler in place when it returns. */
export async function renderSettled(tree: ReactElement): Promise<Rendered> {
  let ui: Rendered | undefined;
  await act(async () => {
    ui = render(tree);
  });
  return ui as Rendered;
}

/** Re-renders with new props, settled as renderSettled. */
export async function rerenderSettled(ui: Rendered, tree: ReactElement): Promise<string> {
  await act(async () => ui.rerender(tree));
  return ui.lastFrame() ?? '';
}

/** Types keys one at a time, each once the one before it is drawn and handled; returns the last frame. */
export async function press(ui: Rendered, ...keys: string[]): Promise<string> {
  for (const key of keys) {
    await act(async () => {
      ui.stdin.write(key);
    });
  }
  return ui.lastFrame() ?? '';
}

/** Keys that arrive in one go (typed ahead, pasted, a slow link): nothing is drawn between them. */
export async function burst(ui: Rendered, ...keys: string[]): Promise<string> {
  await act(async () => {
    for (const key of keys) ui.stdin.write(key);
  });
  return ui.lastFrame() ?? '';
}
