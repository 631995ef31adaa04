import { useMemo, useState } from 'react';
import { tickAll, toggleTick, untickedWhy } from '../../core/inventory/storage-ticks.js';
import type { Item } from '../../core/inventory/item.js';
import { useLiveState } from './use-live-state.js';

export interface ChecklistState {
  readonly cursor: number;
  readonly selected: ReadonlySet<string>;
  readonly totalBytes: number;
  /** Why the last tick took another away: the whole storage folder and its parts exclude each other. */
  readonly why?: string;
  moveUp(): void;
  moveDown(): void;
  toggle(): void;
  selectAll(): void;
  selectNone(): void;
  /** The ticked ids as of the last key, in item order. */
  chosen(): string[];
}

const available = (item: Item) => item.status === 'ok';

/**
 * Cursor and ticks over the items; unavailable items are never under the cursor and never ticked; the
 * whole storage folder and its parts are never ticked together. `ticked`: a choice made before (else
 * the items' own defaults).
 */
export function useChecklistState(items: readonly Item[], ticked?: readonly string[]): ChecklistState {
  const selectable = useMemo(() => items.map((item, index) => (available(item) ? index : -1)).filter((i) => i >= 0), [items]);
  const [position, setPosition, getPosition] = useLiveState(0);
  const [selected, setSelected, getSelected] = useLiveState<ReadonlySet<string>>(() => new Set(items.filter((i) => (ticked ? ticked.includes(i.id) : i.selected) && available(i)).map((i) => i.id)));
  const [why, setWhy] = useState<string>();
  const cursor = selectable[position] ?? -1;
  const totalBytes = items.filter((i) => selected.has(i.id)).reduce((sum, i) => sum + (i.sizeBytes ?? 0), 0);
  return {
    cursor,
    selected,
    totalBytes,
    why,
    moveUp: () => setPosition((p) => Math.max(0, p - 1)),
    moveDown: () => setPosition((p) => Math.min(selectable.length - 1, p + 1)),
    toggle: () => {
      const item = items[selectable[getPosition()] ?? -1];
      if (!item) return;
      const { ticked, unticked } = toggleTick(getSelected(), item.id);
      setSelected(ticked);
      setWhy(untickedWhy(item.id, unticked));
    },
    selectAll: () => {
      setSelected(tickAll(items.filter(available).map((i) => i.id), getSelected()));
      setWhy(undefined);
    },
    selectNone: () => {
      setSelected(new Set());
      setWhy(undefined);
    },
    chosen: () => items.filter((i) => getSelected().has(i.id)).map((i) => i.id),
  };
}
