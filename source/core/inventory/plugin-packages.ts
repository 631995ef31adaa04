import { existsSync } from 'node:fs';
import path from 'node:path';
import type { PluginRecord } from './app-records.js';
import type { Install } from '../discover/install.js';

/** The npm package of a plugin row; rows without `packageName` name NocoBase's own `@nocobase/plugin-<name>`. */
export function pluginPackage(plugin: Pick<PluginRecord, 'name' | 'packageName'>): string {
  if (plugin.packageName) return plugin.packageName;
  return plugin.name.startsWith('@') ? plugin.name : `@nocobase/plugin-${plugin.name}`;
}

/** Where plugins added through the plugin manager live (PLUGIN_STORAGE_PATH, default storage/plugins). */
export function pluginStoragePath(install: Install): string {
  const configured = install.env.PLUGIN_STORAGE_PATH;
  // A compose install's value is a path inside the container; its host side is the storage mount.
  if (configured && !install.compose) return path.resolve(install.path, configured);
  return path.join(install.storagePath, 'plugins');
}

const isPackage = (dir: string) => existsSync(path.join(dir, 'package.json'));

/** Whether the package was added through the plugin manager (it then travels with storage). */
export function inPluginStorage(install: Install, packageName: string): boolean {
  return isPackage(path.join(pluginStoragePath(install), packageName));
}

/** Whether the package is on the install's disk: plugin storage, node_modules (preset plugins) or packages/plugins (local ones). */
export function pluginOnDisk(install: Install, packageName: string): boolean {
  if (inPluginStorage(install, packageName)) return true;
  return !install.compose && [path.join(install.path, 'node_modules', packageName), path.join(install.path, 'packages/plugins', packageName)].some(isPackage);
}
