import type { InstallInventory } from '../scan/take-inventory.js';
import type { DatabaseItem, Item } from '../inventory/item.js';
import type { Manifest, ManifestItem } from '../set/manifest.js';
import { filesStep, keysStep } from '../engines/files/files-restore-step.js';
import { mysqlStep } from '../engines/mysql/mysql-restore-step.js';
import { pgDatabaseStep, pgSchemaStep } from '../engines/postgres/pg-restore-step.js';
import type { RestoreStep } from '../engines/restore-step.js';
import { sqliteStep } from '../engines/sqlite/sqlite-restore-step.js';

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
  const entries = manifest.items.filter((e) => e.status === 'ok' && e.kind !== 'keys' && (!wanted || wanted.includes(e.id)));
  const restoring = new Set(entries.map((e) => e.id));
  for (const entry of entries) {
    const counterpart = entry.kind === 'files' ? storageTarget(entry, target) : target.items.find((i) => i.id === entry.id);
    if (!counterpart) {
      skipped.push({ id: entry.id, reason: `${target.install.name} has no ${entry.id}` });
      continue;
    }
    if (counterpart.kind === 'database') {
      const why = mismatch(entry, counterpart);
      if (why) {
        skipped.push({ id: entry.id, reason: why });
        continue;
      }
    }
    items.push({ entry, target: counterpart, step: stepFor(entry, counterpart, target, restoring) });
  }
  const keysEntry = manifest.items.find((e) => e.id === 'keys' && e.status === 'ok');
  const anyDatabase = items.some((i) => i.target.kind === 'database');
  return { items, skipped, keys: keysEntry && anyDatabase ? keysStep(keysEntry, target.install.storagePath) : undefined };
}

function storageTarget(entry: ManifestItem, target: InstallInventory): Item | undefined {
  return target.items.find((i) => i.id === entry.id) ?? {
    id: entry.id,
    group: 'storage',
    kind: 'files',
    label: entry.label ?? entry.id,
    path: target.install.storagePath,
    status: 'ok',
    selected: true,
  };
}

function mismatch(entry: ManifestItem, item: DatabaseItem): string | undefined {
  if (!item.target) return `${item.id} on the target has no database settings`;
  if (!['postgres', 'mysql', 'mariadb', 'sqlite'].includes(item.target.engine)) return `restoring ${item.target.engine} is not available in this version: restore ${entry.file} with the vendor's tool`;
  if (item.target.engine !== 'sqlite' && item.target.docker) return `${item.id} is reachable only inside its compose network: publish its port to this host to restore it (restoring through docker compose exec is not available in this version)`;
  const family = (e: string) => (e === 'mariadb' ? 'mysql' : e);
  if (family(entry.engine ?? '') !== family(item.target.engine)) return `${entry.id} was backed up from ${entry.engine} but is ${item.target.engine} on the target`;
  if (entry.schema && (item.target.engine === 'sqlite' || item.target.schema !== entry.schema)) return `${entry.id} is a schema (${entry.schema}) in the set but not on the target`;
  return undefined;
}

function stepFor(entry: ManifestItem, item: Item, target: InstallInventory, restoring: ReadonlySet<string>): RestoreStep {
  if (item.kind === 'files') return filesStep(entry, target.install.storagePath);
  const t = item.target;
  if (!t) throw new Error(`no target for ${item.id}`);
  if (t.engine === 'sqlite') return sqliteStep(entry, t);
  if (t.engine === 'mysql' || t.engine === 'mariadb') return mysqlStep(entry, t, item);
  if (entry.schema) return pgSchemaStep(entry, t, entry.schema);
  // Schema-mode sub-apps inside this database that are not restored themselves are kept as they are.
  const keep = (item.excludeSchemas ?? []).filter((s) => !restoring.has(`subapp:${s}`));
  return pgDatabaseStep(entry, t, keep);
}
