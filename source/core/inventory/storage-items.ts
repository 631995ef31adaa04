import { lstat, opendir } from 'node:fs/promises';
import path from 'node:path';
import { folderSize, type FolderSize } from './folder-size.js';
import type { FilesItem } from './item.js';

/** Per first-level folder of storage: kept by default, or left out with the reason an operator sees. */
const DEFAULT_SELECTED = new Set(['uploads', 'plugins', 'apps', '.license', 'environment-variables']);
const LEFT_OUT: Readonly<Record<string, string>> = {
  logs: 'logs are not needed to restore',
  tmp: 'temporary files',
  cache: 'cache, rebuilt by the app',
  '.pm2': 'process manager state, rebuilt at start',
  backups: "the vendor plugins' own dumps",
  'dist-client': 'built client, rebuilt by upgrade',
  '.app-dev': 'generated app code',
  playwright: 'test files',
};
/** Never archived: raw database files are dumped as database items instead. */
export const RAW_DATABASE_FOLDERS = ['db'];

/** `storage` as a whole plus one item per first-level folder; `size` says which ones are measured. */
export async function storageItems(storagePath: string, size: (id: string) => boolean = () => true): Promise<FilesItem[]> {
  const root = await lstat(storagePath).catch(() => undefined);
  if (!root?.isDirectory()) {
    return [
      {
        id: 'storage',
        group: 'storage',
        kind: 'files',
        label: 'storage',
        path: storagePath,
        root: storagePath,
        folder: '.',
        status: 'not-found',
        reason: `storage folder ${storagePath} does not exist`,
        hint: 'check STORAGE_PATH, or the bind mount of /app/nocobase/storage',
        selected: false,
      },
    ];
  }
  const names: string[] = [];
  for await (const entry of await opendir(storagePath)) if (entry.isDirectory()) names.push(entry.name);
  names.sort();
  const parts: FilesItem[] = [];
  for (const name of names) {
    const full = path.join(storagePath, name);
    const raw = RAW_DATABASE_FOLDERS.includes(name);
    const measured: Partial<FolderSize> = size(`storage:${name}`) ? await folderSize(full) : {};
    parts.push({
      id: `storage:${name}`,
      group: 'storage',
      kind: 'files',
      label: `storage/${name}`,
      path: full,
      root: storagePath,
      folder: name,
      sizeBytes: measured.bytes,
      files: measured.files,
      status: raw ? 'unsupported' : 'ok',
      reason: raw ? 'raw database files: never archived, the database items dump them consistently' : undefined,
      selected: !raw && DEFAULT_SELECTED.has(name),
      note: raw ? undefined : LEFT_OUT[name] ?? (DEFAULT_SELECTED.has(name) ? undefined : 'not needed by NocoBase to restore'),
    });
  }
  const loose = size('storage') ? await looseFiles(storagePath) : undefined;
  const whole: FilesItem = {
    id: 'storage',
    group: 'storage',
    kind: 'files',
    label: 'storage (whole folder)',
    path: storagePath,
    root: storagePath,
    folder: '.',
    sizeBytes: loose && parts.reduce((sum, p) => sum + (p.status === 'ok' ? p.sizeBytes ?? 0 : 0), loose.bytes),
    files: loose && parts.reduce((sum, p) => sum + (p.status === 'ok' ? p.files ?? 0 : 0), loose.files),
    status: 'ok',
    selected: false,
    note: 'everything but raw database folders and sockets; tick parts instead to leave logs and caches out',
  };
  return [whole, ...parts];
}

/** Plain files at the top of storage (nocobase.conf and the like); sockets are skipped. */
async function looseFiles(dir: string): Promise<FolderSize> {
  let bytes = 0;
  let files = 0;
  for await (const entry of await opendir(dir)) {
    if (!entry.isFile() && !entry.isSymbolicLink()) continue;
    const info = await lstat(path.join(dir, entry.name)).catch(() => undefined);
    if (info) {
      bytes += info.size;
      files += 1;
    }
  }
  return { bytes, files };
}
