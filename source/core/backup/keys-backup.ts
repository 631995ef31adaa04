import { stat } from 'node:fs/promises';
import path from 'node:path';
import { appKeyFiles } from '../inventory/app-keys.js';
import type { InstallInventory } from '../inventory/install-inventory.js';
import type { ToolFinder } from '../process/tool-finder.js';
import { KEYS_ID, type ManifestItem } from '../set/manifest.js';
import { COMPRESSION_SUFFIX, type Compression } from '../stream/compression.js';
import { runDump } from '../stream/dump-pipeline.js';
import { prepareKeysTar } from '../engines/files/tar-dump.js';
import type { Sealer } from '../crypt/set-crypt.js';

/** The app keys travel with every set: a database restored without them has unreadable secrets. */
export async function backupKeys(inventory: InstallInventory, tools: ToolFinder, dir: string, compression: Compression, signal: AbortSignal, sealer?: Sealer): Promise<ManifestItem | undefined> {
  const { install } = inventory;
  const apps = ['main', ...inventory.items.filter((i) => i.group === 'subapp').map((i) => i.id.slice('subapp:'.length))];
  const inside: string[] = [];
  const outside: { name: string; path: string }[] = [];
  for (const app of apps) {
    for (const file of appKeyFiles(install.env, install.path, install.storagePath, app)) {
      if (!(await stat(file).then((s) => s.isFile(), () => false))) continue;
      const rel = path.relative(install.storagePath, file);
      if (!rel.startsWith('..')) {
        if (!inside.includes(rel)) inside.push(rel);
      } else if (!outside.some((o) => o.path === file)) {
        // A key kept outside storage (APP_AES_SECRET_KEY_PATH) is archived under its own name; the manifest keeps its place.
        outside.push({ name: path.basename(file), path: file });
      }
    }
  }
  if (!inside.length && !outside.length) return undefined;
  const started = Date.now();
  const spec = await prepareKeysTar(install.storagePath, inside, outside.map((o) => o.path), tools);
  const file = `keys.tar${COMPRESSION_SUFFIX[compression]}`;
  const outcome = await runDump({ spec, file: path.join(dir, file), compression, tools, signal, sealer });
  return {
    id: KEYS_ID,
    kind: 'keys',
    label: 'app keys',
    status: 'ok',
    format: 'tar',
    compression,
    file,
    bytes: outcome.bytes,
    rawBytes: outcome.rawBytes,
    sha256: outcome.sha256,
    seconds: Math.round((Date.now() - started) / 10) / 100,
    files: inside,
    externalFiles: outside.length ? outside : undefined,
    storagePath: '.',
  };
}

