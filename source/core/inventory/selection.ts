import { UsageError } from '../errors.js';
import type { InstallInventory } from './install-inventory.js';
import type { Item } from './item.js';

export interface Selection {
  /** Items to dump. */
  readonly run: Item[];
  /** Items left out that hold nothing to back up here, or were left out on purpose: reported, not failures. */
  readonly skipped: Item[];
  /** Items that exist but cannot be dumped here (unreachable, login refused, tool missing): failures. */
  readonly unavailable: Item[];
}

/** What an item's status means for a run that asked for it (shared/CONTRACT.md). */
function failsTheRun(item: Item): boolean {
  if (item.status === 'ok') return false;
  if (item.id === 'main') return true;
  return item.status === 'unreachable' || item.status === 'auth-failed' || item.status === 'missing-tool';
}

/**
 * `--all` (every available item of the default selection) or explicit ids, less `exclude`. The whole
 * storage folder already holds its parts: a part chosen beside it is left out, so the set restores.
 */
export function selectItems(inventory: InstallInventory, wanted: readonly string[] | 'all', exclude: readonly string[] = []): Selection {
  const { items } = inventory;
  const unknown = [...(wanted === 'all' ? [] : wanted), ...exclude].filter((id) => !items.some((i) => i.id === id));
  if (unknown.length) {
    throw new UsageError(`unknown item ${unknown.join(', ')}`, `items of ${inventory.install.name}: ${items.map((i) => i.id).join(', ')}`);
  }
  const asked = items.filter((i) => !exclude.includes(i.id) && (wanted === 'all' ? i.selected || (i.kind === 'database' && i.status !== 'ok') || i.note === 'disabled in NocoBase' : wanted.includes(i.id)));
  const whole = asked.some((i) => i.kind === 'files' && i.folder === '.' && i.status === 'ok');
  const inWhole = (i: Item) => whole && i.kind === 'files' && i.folder !== '.';
  const runnable = (i: Item) => i.status === 'ok' && !inWhole(i) && (wanted !== 'all' || i.selected);
  return {
    run: asked.filter(runnable),
    skipped: asked.filter((i) => !runnable(i) && !failsTheRun(i)).map((i) => (inWhole(i) ? { ...i, status: 'ok' as const, reason: 'inside the whole storage folder, which is backed up' } : i)),
    unavailable: asked.filter(failsTheRun),
  };
}
