import type { Key } from 'ink';

// The one table of keys (after gemini-cli's keyBindings): how a command matches, how its keys are
// shown and what it does live together, so a footer or the help can never say other than the code does.

/** Named commands: screens ask for a command, never for a raw key. */
export type Command =
  | 'up'
  | 'down'
  | 'pageUp'
  | 'pageDown'
  | 'first'
  | 'last'
  | 'left'
  | 'right'
  | 'select'
  | 'toggle'
  | 'all'
  | 'none'
  | 'back'
  | 'help'
  | 'quit'
  | 'cancel'
  | 'yes'
  | 'no'
  | 'stopApp'
  | 'refresh'
  | 'filter'
  | 'details'
  | 'verify'
  | 'restore'
  | 'delete'
  | 'log'
  | 'untick'
  | 'edit'
  | 'schedule'
  | 'remove'
  | 'copy';

export interface Binding {
  /** The keys as the footer and the help show them. */
  readonly keys: string;
  /** What the command does, unless a screen says what it does there. */
  readonly does: string;
  readonly matches: (input: string, key: Key) => boolean;
}

export const KEY_BINDINGS: Readonly<Record<Command, Binding>> = {
  up: { keys: '↑/k', does: 'move up', matches: (input, key) => key.upArrow || input === 'k' },
  down: { keys: '↓/j', does: 'move down', matches: (input, key) => key.downArrow || input === 'j' },
  pageUp: { keys: 'pgup', does: 'page up', matches: (_input, key) => key.pageUp },
  pageDown: { keys: 'pgdn', does: 'page down', matches: (_input, key) => key.pageDown },
  first: { keys: 'home/g', does: 'first', matches: (input, key) => key.home || input === 'g' },
  last: { keys: 'end/G', does: 'last', matches: (input, key) => key.end || input === 'G' },
  left: { keys: '←', does: 'previous value', matches: (_input, key) => key.leftArrow },
  right: { keys: '→', does: 'next value', matches: (_input, key) => key.rightArrow },
  select: { keys: 'enter', does: 'choose', matches: (_input, key) => key.return },
  toggle: { keys: 'space', does: 'tick', matches: (input) => input === ' ' },
  all: { keys: 'a', does: 'all', matches: (input) => input === 'a' },
  none: { keys: 'n', does: 'none', matches: (input) => input === 'n' },
  back: { keys: 'esc', does: 'back', matches: (_input, key) => key.escape },
  help: { keys: '?', does: 'help', matches: (input) => input === '?' },
  quit: { keys: 'q', does: 'quit', matches: (input, key) => input === 'q' || (key.ctrl && input === 'c') },
  cancel: { keys: 'c', does: 'cancel', matches: (input, key) => input === 'c' && !key.ctrl },
  yes: { keys: 'y', does: 'yes', matches: (input) => input === 'y' || input === 'Y' },
  no: { keys: 'n', does: 'no (esc too)', matches: (input, key) => input === 'n' || input === 'N' || key.escape },
  stopApp: { keys: 's', does: 'stop the app', matches: (input) => input === 's' },
  refresh: { keys: 'r', does: 'scan again', matches: (input, key) => input === 'r' && !key.ctrl },
  filter: { keys: '/', does: 'filter', matches: (input) => input === '/' },
  details: { keys: '→/tab', does: 'details', matches: (_input, key) => key.rightArrow || key.tab },
  verify: { keys: 'v', does: 'verify', matches: (input) => input === 'v' },
  restore: { keys: 'r', does: 'restore', matches: (input, key) => input === 'r' && !key.ctrl },
  delete: { keys: 'd', does: 'delete', matches: (input) => input === 'd' },
  log: { keys: 'l', does: 'log', matches: (input) => input === 'l' },
  untick: { keys: 'u', does: 'untick the blocked items', matches: (input) => input === 'u' },
  edit: { keys: 'e', does: 'edit', matches: (input) => input === 'e' },
  schedule: { keys: 's', does: 'schedule', matches: (input) => input === 's' },
  remove: { keys: 'x', does: 'remove', matches: (input) => input === 'x' },
  copy: { keys: 'c', does: 'copy off-site', matches: (input, key) => input === 'c' && !key.ctrl },
};

/** Two commands the footer shows as one hint, so a screen's keys fit 80 columns. */
export interface KeyPair {
  readonly first: Command;
  readonly second: Command;
  readonly keys: string;
  readonly does: string;
}

export const KEY_PAIRS: readonly KeyPair[] = [
  { first: 'up', second: 'down', keys: '↑↓', does: 'move' },
  { first: 'pageUp', second: 'pageDown', keys: 'pgup/dn', does: 'page' },
  { first: 'left', second: 'right', keys: '←→', does: 'change' },
];

export function is(command: Command, input: string, key: Key): boolean {
  return KEY_BINDINGS[command].matches(input, key);
}
