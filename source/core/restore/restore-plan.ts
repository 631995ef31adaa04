import { realpathSync } from 'node:fs';
import path from 'node:path';
import { inside } from '../set/safe-names.js';
import { engineModule, moduleForItem } from '../engines/registry.js';
import type { RestoreStep } from '../engines/restore-step.js';
import type { InstallInventory } from '../inventory/install-inventory.js';
import type { DatabaseItem, Item } from '../inventory/item.js';
import { UsageError } from '../errors.js';
import { dataEntries, keysEntry, type Manifest, type ManifestItem } from '../set/manifest.js';

export interface PlannedItem {
  readonly entry: ManifestItem;
  /** The target's item this entry overwrites. */
  readonly target: Item;
  readonly step: RestoreStep;
}

export interface RestorePlan {
  readonly items: PlannedItem[];
  /** Set entries with no counterpart on the target, or of a kind that cannot go there: shown, never guessed. */
  readonly skipped: { id: string; reason: string }[];
  readonly keys?: RestoreStep;
}

/**
 * Maps each backed-up item to the target's item of the same id (main → main, external:KEY → the data
 * source KEY, subapp:NAME → sub-app NAME, storage parts → the target's storage), read before anything
 * is overwritten.
 */
export function planRestore(manifest: Manifest, target: InstallInventory, wanted?: readonly string[]): RestorePlan {
  const items: PlannedItem[] = [];
  const skipped: RestorePlan['skipped'] = [];
  const all = dataEntries(manifest);
  const unknown = (wanted ?? []).filter((id) => !all.some((e) => e.id === id));
  if (unknown.length) throw new UsageError(`unknown item ${unknown.join(', ')}`, `items of this set: ${all.map((e) => e.id).join(', ')}`);
  // An incomplete set: what failed or was skipped at backup time is said, never silently left out.
  for (const e of all) if (e.status !== 'ok' && (!wanted || wanted.includes(e.id))) skipped.push({ id: e.id, reason: `not in this set: ${e.status} at backup (${e.error ?? e.reason ?? 'no reason given'})` });
  const asked = all.filter((e) => e.status === 'ok' && (!wanted || wanted.includes(e.id)));
  // The whole storage folder holds its parts: restoring both would replace the parts twice.
  const whole = asked.some((e) => e.kind === 'files' && e.storagePath === '.');
  const entries = asked.filter((e) => !(whole && e.kind === 'files' && e.storagePath !== '.'));
  for (const e of asked) if (!entries.includes(e)) skipped.push({ id: e.id, reason: 'restored with the whole storage folder' });
  const restoring = entries;
  for (const entry of entries) {
    const counterpart = entry.kind === 'files' ? storageTarget(entry, target) : target.items.find((i) => i.id === entry.id);
    if (!counterpart) {
      skipped.push({ id: entry.id, reason: `${target.install.name} has no ${entry.id}` });
      continue;
    }
    const why = counterpart.kind === 'database' ? mismatch(entry, counterpart) ?? fileOutsideInstall(counterpart, target) : undefined;
    if (why) {
      skipped.push({ id: entry.id, reason: why });
      continue;
    }
    const storagePath = target.install.storagePath;
    items.push({ entry, target: counterpart, step: moduleForItem(counterpart).restoreStep({ entry, item: counterpart, restoring, storagePath }) });
  }
  const keys = keysEntry(manifest);
  const anyDatabase = items.some((i) => i.target.kind === 'database');
  const storage = storageTarget(keys, target);
  return { items, skipped, keys: keys && anyDatabase && storage ? moduleForItem(storage).restoreStep({ entry: keys, item: storage, restoring, storagePath: target.install.storagePath }) : undefined };
}

/** The target's storage part of the same id, or the place inside its storage where the part will go. */
function storageTarget(entry: ManifestItem | undefined, target: InstallInventory): Item | undefined {
  if (!entry) return undefined;
  const storagePath = target.install.storagePath;
  const folder = entry.storagePath ?? '.';
  return target.items.find((i) => i.id === entry.id) ?? { id: entry.id, group: 'storage', kind: 'files', label: entry.label ?? entry.id, path: storagePath, root: storagePath, folder, status: 'ok', selected: true };
}

/** The module that wrote an entry; a manifest naming an engine this version does not know has none. */
function writerOf(entry: ManifestItem) {
  try {
    return engineModule(entry.engine ?? '');
  } catch {
    return undefined;
  }
}

/** Why this database entry cannot go onto that item: said plainly, never guessed around. */
function mismatch(entry: ManifestItem, item: DatabaseItem): string | undefined {
  if (!item.target) return `${item.id} on the target has no database settings`;
  if (item.target.engine !== 'sqlite' && item.target.docker) return `${item.id} is reachable only inside its compose network: publish its port to this host to restore it (restoring through docker compose exec is not available in this version)`;
  const module = moduleForItem(item);
  if (writerOf(entry) !== module) return `${entry.id} was backed up from ${entry.engine} but is ${item.target.engine} on the target`;
  if (entry.schema && item.target.engine === 'sqlite') return `${entry.id} is a schema (${entry.schema}) in the set but not on the target`;
  return module.restoreBlocker(entry, item);
}

/**
 * A SQLite file is replaced by renames, so its place is checked: a sub-app's row (written by app
 * admins) may name any path, and only files inside storage or beside the main database file are ours.
 */
function fileOutsideInstall(item: DatabaseItem, target: InstallInventory): string | undefined {
  if (item.target?.engine !== 'sqlite') return undefined;
  const main = target.items.find((i) => i.id === 'main');
  const folders = [target.install.storagePath, ...(main?.kind === 'database' && main.target?.engine === 'sqlite' ? [path.dirname(main.target.file)] : [])];
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  const place = path.join(real(path.dirname(item.target.file)), path.basename(item.target.file));
  if (folders.some((f) => inside(place, real(f)))) return undefined;
  return `${item.id}'s file ${item.target.file} is outside the install's storage: restore it by hand if it really belongs to the app`;
}
