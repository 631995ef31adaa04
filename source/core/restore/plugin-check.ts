import type { InstallInventory } from '../scan/take-inventory.js';
import type { Manifest } from '../set/manifest.js';
import { pluginOnDisk, pluginPackage } from '../inventory/plugin-packages.js';
import type { Check } from '../engines/check.js';
import type { RestorePlan } from './restore-plan.js';

/**
 * The restored main database enables plugins; NocoBase will not start when one of them is missing.
 * A plugin counts as present when the target's own database knows it, its package is on the target's
 * disk, or it lived in the source's plugin storage and that storage is part of this restore.
 */
export function pluginsCheck(manifest: Manifest, target: InstallInventory, plan: RestorePlan): Check | undefined {
  if (!plan.items.some((i) => i.entry.id === 'main') || !manifest.plugins) return undefined;
  const wanted = manifest.plugins.filter((p) => p.enabled);
  const known = new Set((target.records?.plugins ?? []).map(pluginPackage));
  const storageRestored = plan.items.some((i) => i.entry.id === 'storage' || i.entry.id === 'storage:plugins');
  const missing = wanted.filter((p) => {
    const pkg = pluginPackage(p);
    return !known.has(pkg) && !pluginOnDisk(target.install, pkg) && !(p.inStorage && storageRestored);
  });
  return {
    id: 'plugins',
    name: 'plugins present',
    ok: missing.length === 0,
    detail: missing.length
      ? `missing on the target: ${missing.map((p) => `${pluginPackage(p)}${p.version ? ` ${p.version}` : ''}`).join(', ')}`
      : `${wanted.length} enabled plugins of the set are on the target`,
    fix: missing.some((p) => p.inStorage)
      ? 'restore storage:plugins with the set (it holds them), or add them to the target first'
      : 'add them to the target first (plugin manager, or their package under storage/plugins)',
  };
}
