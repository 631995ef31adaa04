import { Box } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import { useSelectState } from '../hooks/use-select-state.js';
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
}

export function SelectList<V>({ items, onSelect, active, height = items.length }: SelectListProps<V>) {
  const state = useSelectState(items.length);
  useKeys(
    (input, key) => {
      if (is('up', input, key)) state.moveUp();
      else if (is('down', input, key)) state.moveDown();
      else if (is('select', input, key)) {
        const item = items[state.current()];
        if (item && !item.disabled) onSelect(item);
      }
    },
    { isActive: active },
  );
  const { start, end } = visibleWindow(items.length, state.cursor, height);
  return (
    <Box flexDirection="column">
      {items.slice(start, end).map((item, i) => (
        <ListRow key={item.key ?? item.label} here={start + i === state.cursor} dim={item.disabled}>
          {item.label}
        </ListRow>
      ))}
    </Box>
  );
}
