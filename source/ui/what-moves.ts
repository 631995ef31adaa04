import { selectItems } from '../core/inventory/selection.js';
import type { InstallInventory } from '../core/scan/take-inventory.js';
import { plural } from './format.js';

// The wizard's "What moves" field: every item migrate takes by default, or the operator's own ticks.

/** The items a migration takes: `'all'` until the operator ticks their own in the checklist. */
export type MigrationItems = readonly string[] | 'all';

/** "everything (N items)", N being what the default run moves, or "K of N items" of the install's. */
export function whatMoves(inventory: InstallInventory, items: MigrationItems): string {
  if (items === 'all') return `everything (${plural(selectItems(inventory, 'all').run.length, 'item')})`;
  return `${items.length} of ${plural(inventory.items.length, 'item')}`;
}
