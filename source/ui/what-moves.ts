import { selectItems } from '../core/inventory/selection.js';
import type { InstallInventory } from '../core/scan/take-inventory.js';
import { plural } from './format.js';

// The wizard's "What moves" field: every item migrate takes by default, or the operator's own ticks.

/** The items a migration takes: `'all'` until the operator ticks their own in the checklist. */
export type MigrationItems = readonly string[] | 'all';

/** "K of N items", counted over the install's N items alike before and after the operator ticks. */
export function whatMoves(inventory: InstallInventory, items: MigrationItems): string {
  const of = `of ${plural(inventory.items.length, 'item')}`;
  return items === 'all' ? `what a backup takes: ${selectItems(inventory, 'all').run.length} ${of}` : `${items.length} ${of}`;
}
