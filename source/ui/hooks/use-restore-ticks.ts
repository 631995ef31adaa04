import { useMemo, useState } from 'react';
import { tickAll, toggleTick, untickedWhy } from '../../core/inventory/storage-ticks.js';
import type { PreparedRestore } from '../../core/restore/restore-runner.js';
import { useLiveState } from './use-live-state.js';

/** The rows the cursor moves over: the tickable items of the set, the three options, the button. */
export type ReviewRow = { readonly kind: 'item'; readonly id: string } | { readonly kind: 'option'; readonly option: OptionName } | { readonly kind: 'go' };

export type OptionName = 'snapshot' | 'upgrade' | 'startApp';
export const OPTIONS: readonly OptionName[] = ['snapshot', 'upgrade', 'startApp'];

export interface RestoreTicks {
  readonly rows: readonly ReviewRow[];
  readonly cursor: number;
  readonly ticked: ReadonlySet<string>;
  readonly options: Readonly<Record<OptionName, boolean>>;
  /** Why the last tick took another away (the whole storage folder or its parts). */
  readonly why?: string;
  /** The row under the cursor, as of the last key. */
  row(): ReviewRow | undefined;
  move(by: number): void;
  /** Space on the row under the cursor; returns the new ticks when items changed. */
  toggle(): readonly string[] | undefined;
  all(): readonly string[];
  none(): readonly string[];
  /** Unticks these items; returns the ticks left. */
  untick(ids: readonly string[]): readonly string[];
}

/**
 * Ticks and options of the restore review, read live by key handlers. The ticks start as the plan
 * of every item has them; the whole storage folder and its parts are never ticked together.
 */
export function useRestoreTicks(prepared: PreparedRestore): RestoreTicks {
  const ids = useMemo(() => prepared.choices.filter((c) => !c.unavailable).map((c) => c.id), [prepared.choices]);
  const rows = useMemo<ReviewRow[]>(() => [...ids.map((id) => ({ kind: 'item' as const, id })), ...OPTIONS.map((option) => ({ kind: 'option' as const, option })), { kind: 'go' as const }], [ids]);
  // On the button: when all is well, enter goes on at once.
  const [cursor, setCursor, getCursor] = useLiveState(rows.length - 1);
  const [ticked, setTicked, getTicked] = useLiveState<ReadonlySet<string>>(() => new Set(prepared.plan.items.map((i) => i.entry.id)));
  const [options, setOptions, getOptions] = useLiveState<Record<OptionName, boolean>>({ snapshot: true, upgrade: true, startApp: false });
  const [why, setWhy] = useState<string>();
  const inOrder = (set: ReadonlySet<string>) => ids.filter((id) => set.has(id));
  const put = (next: ReadonlySet<string>, because?: string) => {
    setTicked(next);
    setWhy(because);
    return inOrder(next);
  };
  return {
    rows,
    cursor,
    ticked,
    options,
    why,
    row: () => rows[getCursor()],
    move: (by) => setCursor((c) => Math.max(0, Math.min(rows.length - 1, c + by))),
    toggle: () => {
      const row = rows[getCursor()];
      if (row?.kind === 'option') setOptions({ ...getOptions(), [row.option]: !getOptions()[row.option] });
      if (row?.kind !== 'item') return undefined;
      const { ticked: next, unticked } = toggleTick(getTicked(), row.id);
      return put(next, untickedWhy(row.id, unticked));
    },
    all: () => put(tickAll(ids, getTicked())),
    none: () => put(new Set()),
    untick: (gone) => put(new Set([...getTicked()].filter((id) => !gone.includes(id)))),
  };
}
