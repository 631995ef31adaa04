import { Box, Text } from 'ink';
import { theme } from '../theme.js';
import { useKeys } from '../hooks/use-keys.js';
import { moveByKey, useSelectState } from '../hooks/use-select-state.js';
import { is } from '../key-bindings.js';
import { visibleWindow } from '../visible-window.js';
import { ListRow } from './list-row.js';

// The one single-choice list (menus, installs, sets, next actions). Not ink-select-input: its key
// handler reads the cursor from the last render, so keys that arrive in one burst ("↓↓⏎" from tmux
// or a slow SSH link) all start from the old row and enter picks the first item, not the third.

export interface SelectItem<V> {
  /** React key; the label when not given. */
  readonly key?: string;
  readonly label: string;
  readonly value: V;
  /** Shown greyed; the cursor may rest on it but enter does nothing. */
  readonly disabled?: boolean;
}

export interface SelectListProps<V> {
  readonly items: readonly SelectItem<V>[];
  readonly onSelect: (item: SelectItem<V>) => void;
  /** Whether this list has the keyboard. */
  readonly active: boolean;
  /** Rows to show at most; the list scrolls to keep the cursor in view. */
  readonly height?: number;
  /** Told where the cursor is, for a details pane or keys of the screen that act on that row. */
  readonly onCursor?: (index: number) => void;
  /** The row the cursor starts on (where it was when the operator left the screen). */
  readonly initial?: number;
}

export function SelectList<V>({ items, onSelect, active, height = items.length, onCursor, initial = 0 }: SelectListProps<V>) {
  const state = useSelectState(items.length, initial);
  useKeys(
    (input, key) => {
      if (moveByKey(state, height, (command) => is(command, input, key))) onCursor?.(state.current());
      else if (is('select', input, key)) {
        const item = items[state.current()];
        if (item && !item.disabled) onSelect(item);
      }
    },
    { isActive: active },
  );
  // A list taller than its room gives one line to where the cursor is: "12/40 ↑↓".
  const scrolls = items.length > Math.max(1, height);
  const { start, end } = visibleWindow(items.length, state.cursor, scrolls ? Math.max(1, height - 1) : height);
  return (
    <Box flexDirection="column">
      {items.slice(start, end).map((item, i) => (
        <ListRow key={item.key ?? item.label} here={start + i === state.cursor} dim={item.disabled}>
          {item.label}
        </ListRow>
      ))}
      {scrolls ? <Text {...theme.dim}>{`  ${state.cursor + 1}/${items.length}${start > 0 ? ' ↑' : ''}${end < items.length ? ' ↓' : ''}`}</Text> : null}
    </Box>
  );
}
