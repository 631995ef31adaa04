import { useLiveState } from './use-live-state.js';

export interface SelectState {
  /** The row under the cursor, within the list. */
  readonly cursor: number;
  moveUp(): void;
  moveDown(): void;
  /** The cursor as of the last key, for a handler that runs before the next render. */
  current(): number;
}

/** A cursor over `count` rows that stops at both ends (keys typed ahead never wrap round to Quit). */
export function useSelectState(count: number): SelectState {
  const [cursor, setCursor, getCursor] = useLiveState(0);
  const clamp = (c: number) => Math.max(0, Math.min(count - 1, c));
  return {
    cursor: clamp(cursor),
    moveUp: () => setCursor((c) => clamp(c - 1)),
    moveDown: () => setCursor((c) => clamp(c + 1)),
    current: () => clamp(getCursor()),
  };
}
