import type { Check } from '../../source/core/restore/preflight.js';
import type { PreparedRestore } from '../../source/core/restore/restore-runner.js';
import type { ManifestItem } from '../../source/core/set/manifest.js';
import type { RestoreState } from '../../source/ui/hooks/use-restore.js';
import { inventory } from './ui-fixtures.js';

const entry = (id: string, file: string, bytes: number): ManifestItem => ({ id, kind: id.startsWith('storage') ? 'files' : 'database', status: 'ok', file, bytes, storagePath: id === 'storage' ? '.' : id.startsWith('storage:') ? id.slice(8) : undefined });

export const ENTRIES: readonly ManifestItem[] = [
  entry('main', 'main.pgdump.zst', 16_700),
  entry('external:shop', 'external--shop.sql.zst', 12_400),
  entry('storage', 'storage.tar.zst', 9000),
  entry('storage:uploads', 'storage--uploads.tar.zst', 3380),
  entry('storage:apps', 'storage--apps.tar.zst', 316),
];

const passed = (id: string, name: string): Check => ({ id, name, ok: true, detail: 'fine' });

export const OK_CHECKS: readonly Check[] = [
  passed('set-verifies', 'set verifies'),
  passed('something-to-restore', 'something to restore'),
  passed('settings-match', 'settings match'),
  passed('nocobase-version', 'NocoBase version'),
  passed('reachable:main', 'main reachable'),
  passed('rights:main', 'main rights'),
  passed('tool:pg_restore', 'pg_restore present'),
  passed('app-stopped', 'app stopped'),
];

/** A set with main, a shop database and storage both whole and in parts; `ticked` as the plan has them. */
export function prepared(ticked: readonly string[] = ['main', 'external:shop', 'storage:uploads', 'storage:apps'], checks: readonly Check[] = OK_CHECKS): PreparedRestore {
  const items = ENTRIES.filter((e) => ticked.includes(e.id)).map((e) => ({ entry: e, target: inventory.items[0], step: {} as never }));
  return {
    setDir: '/backups/crm-20261124T101500Z',
    target: inventory.install,
    inventory,
    manifest: { format: 'nbbackup-set', formatVersion: 1, tool: { name: 'nbbackup', version: '0.1.0' }, createdAt: '2026-11-24T10:15:00.000Z', finishedAt: '2026-11-24T10:16:00.000Z', source: { host: 'h', installPath: '/srv/crm', installName: 'crm', layout: 'create-app', nocobaseVersion: '1.9.3' }, settings: {}, items: [...ENTRIES] },
    plan: { items, skipped: [] },
    checks,
    verdict: { set: '/backups/crm-20261124T101500Z', ok: true, filesOk: true, items: [], missing: [] },
    choices: [...ENTRIES.map((e) => ({ id: e.id, label: e.id, file: e.file, bytes: e.bytes })), { id: 'external:old', label: 'old', unavailable: 'crm has no external:old' }],
  };
}

/** Two checks fail: one blocks the shop database only, the other the whole restore (the app answers). */
export const BLOCKED_CHECKS: readonly Check[] = [
  ...OK_CHECKS.filter((c) => c.id !== 'app-stopped'),
  { id: 'rights:external:shop', name: 'external:shop rights', ok: false, detail: 'shop may not DROP in shop', fix: 'GRANT ALL ON shop.* TO shop', items: ['external:shop'] },
  { id: 'app-stopped', name: 'app stopped', ok: false, detail: 'something answers on port 13000', fix: 'stop it: yarn pm2 kill in the app folder' },
];

export const idle = (patch: Partial<RestoreState> = {}): RestoreState => ({ preparing: false, running: false, steps: [], prepared: prepared(), ...patch });
