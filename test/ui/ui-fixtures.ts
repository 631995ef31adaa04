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
      { id: 'main', label: 'main database', phase: 'running', estimate: 2_000_000, rawBytes: 500_000, bytes: 100_000, seconds: 1, percent: 25, object: 'public.orders' },
      { id: 'storage:uploads', label: 'storage/uploads', phase: 'queued', estimate: 4000, rawBytes: 0, bytes: 0, seconds: 0 },
    ],
    setDir: '/backups/crm-20261124T101500Z',
    finished: false,
    cancelled: false,
    verifying: false,
    startedAt: Date.now() - 1000,
    ...patch,
  };
}

// Ink handles each keypress on its own tick; a pause per key keeps a loaded machine from merging them.
export const tick = () => new Promise((resolve) => setTimeout(resolve, 80));
