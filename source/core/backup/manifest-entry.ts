import os from 'node:os';
import { RECORDED_SETTINGS } from '../inventory/app-settings.js';
import type { InstallInventory } from '../inventory/install-inventory.js';
import type { Item } from '../inventory/item.js';
import { inPluginStorage, pluginPackage } from '../inventory/plugin-packages.js';
import { TOOL_VERSION } from '../process/tool-meta.js';
import type { Manifest, ManifestItem } from '../set/manifest.js';

/** What the manifest says of an item before its dump: where it came from, so a restore can find its counterpart. */
export function manifestEntryOf(item: Item): Pick<ManifestItem, 'id' | 'kind' | 'label' | 'engine' | 'serverVersion' | 'database' | 'schema' | 'excludeSchemas' | 'storagePath'> {
  if (item.kind === 'files') return { id: item.id, kind: 'files', label: item.label, storagePath: item.folder };
  const t = item.target;
  return {
    id: item.id,
    kind: 'database',
    label: item.label,
    engine: item.engine,
    serverVersion: item.serverVersion,
    database: t && t.engine !== 'sqlite' ? t.database : undefined,
    schema: t && t.engine !== 'sqlite' && item.group === 'subapp' ? t.schema : undefined,
    excludeSchemas: item.excludeSchemas?.length ? [...item.excludeSchemas] : undefined,
  };
}

/** The manifest of a finished run: the source, its settings and plugins, and every entry. */
export function buildManifest(inventory: InstallInventory, items: ManifestItem[], createdAt: Date, profile?: string): Manifest {
  const { install } = inventory;
  const settings: Record<string, string> = {};
  for (const key of RECORDED_SETTINGS) if (install.env[key] !== undefined) settings[key] = install.env[key];
  return {
    format: 'nbbackup-set',
    formatVersion: 1,
    tool: { name: 'nbbackup', version: TOOL_VERSION },
    createdAt: createdAt.toISOString(),
    finishedAt: new Date().toISOString(),
    source: { host: os.hostname(), installPath: install.path, installName: install.name, layout: install.layout, nocobaseVersion: inventory.nocobaseVersion },
    settings,
    plugins: inventory.records?.plugins?.map((p) => {
      const packageName = pluginPackage(p);
      return { name: p.name, packageName, version: p.version, enabled: p.enabled, inStorage: inPluginStorage(install, packageName) };
    }),
    items,
    ...(profile ? { profile } : {}),
  };
}

