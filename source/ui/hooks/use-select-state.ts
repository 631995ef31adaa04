import { useLiveState } from './use-live-state.js';

export interface SelectState {
  /** The row under the cursor, within the list. */
  readonly cursor: number;
  moveUp(): void;
  moveDown(): void;
  /** Moves by `rows` (a page), stopping at the ends. */
  moveBy(rows: number): void;
  moveTo(row: number): void;
  /** The cursor as of the last key, for a handler that runs before the next render. */
  current(): number;
}

/** A cursor over `count` rows that stops at both ends (keys typed ahead never wrap round to Quit). */
export function useSelectState(count: number, initial = 0): SelectState {
  const [cursor, setCursor, getCursor] = useLiveState(initial);
  const clamp = (c: number) => Math.max(0, Math.min(count - 1, c));
  return {
    cursor: clamp(cursor),
    moveUp: () => setCursor((c) => clamp(clamp(c) - 1)),
    moveDown: () => setCursor((c) => clamp(clamp(c) + 1)),
    moveBy: (rows) => setCursor((c) => clamp(clamp(c) + rows)),
    moveTo: (row) => setCursor(clamp(row)),
    current: () => clamp(getCursor()),
  };
}

/** The list keys every cursor answers to: ↑↓ jk, PgUp/PgDn, Home/End (g/G). True when the key moved it. */
export function moveByKey(state: SelectState, page: number, is: (command: 'up' | 'down' | 'pageUp' | 'pageDown' | 'first' | 'last') => boolean): boolean {
  if (is('up')) state.moveUp();
  else if (is('down')) state.moveDown();
  else if (is('pageUp')) state.moveBy(-Math.max(1, page - 1));
  else if (is('pageDown')) state.moveBy(Math.max(1, page - 1));
  else if (is('first')) state.moveTo(0);
  else if (is('last')) state.moveTo(Number.MAX_SAFE_INTEGER);
  else return false;
  return true;
}
