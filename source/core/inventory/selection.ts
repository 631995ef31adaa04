import { UsageError } from '../errors.js';
import type { InstallInventory } from './install-inventory.js';
import type { Item } from './item.js';

export interface Selection {
  /** Items to dump. */
  readonly run: Item[];
  /** Items left out because they cannot be backed up here: reported, not failures. */
  readonly skipped: Item[];
  /** Items named explicitly that cannot be backed up here: failures. */
  readonly unavailable: Item[];
}

/** `--all` (every available item of the default selection) or explicit ids (shared/CONTRACT.md). */
export function selectItems(inventory: InstallInventory, wanted: readonly string[] | 'all'): Selection {
  const { items } = inventory;
  if (wanted === 'all') {
    return {
      run: items.filter((i) => i.selected && i.status === 'ok'),
      skipped: items.filter((i) => i.status !== 'ok' && i.kind === 'database'),
      unavailable: [],
    };
  }
  const unknown = wanted.filter((id) => !items.some((i) => i.id === id));
  if (unknown.length) {
    throw new UsageError(`unknown item ${unknown.join(', ')}`, `items of ${inventory.install.name}: ${items.map((i) => i.id).join(', ')}`);
  }
  const chosen = items.filter((i) => wanted.includes(i.id));
  return { run: chosen.filter((i) => i.status === 'ok'), skipped: [], unavailable: chosen.filter((i) => i.status !== 'ok') };
}
