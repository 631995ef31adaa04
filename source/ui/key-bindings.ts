import type { Key } from 'ink';

/** Named commands and their keys: screens ask for a command, never for a raw key. */
export type Command = 'up' | 'down' | 'select' | 'back' | 'quit' | 'help' | 'toggle' | 'all' | 'none' | 'cancel' | 'yes' | 'no' | 'verify';

const BINDINGS: Readonly<Record<Command, (input: string, key: Key) => boolean>> = {
  up: (input, key) => key.upArrow || input === 'k',
  down: (input, key) => key.downArrow || input === 'j',
  select: (_input, key) => key.return,
  back: (_input, key) => key.escape,
  quit: (input, key) => input === 'q' || (key.ctrl && input === 'c'),
  help: (input) => input === '?',
  toggle: (input) => input === ' ',
  all: (input) => input === 'a',
  none: (input) => input === 'n',
  cancel: (input, key) => input === 'c' && !key.ctrl,
  yes: (input) => input === 'y' || input === 'Y',
  no: (input, key) => input === 'n' || input === 'N' || key.escape,
  verify: (input) => input === 'v',
};

export function is(command: Command, input: string, key: Key): boolean {
  return BINDINGS[command](input, key);
}

/** The keys as the footer and the help overlay show them. */
export const KEY_LABELS: Readonly<Record<Command, string>> = {
  up: '↑/k',
  down: '↓/j',
  select: 'enter',
  back: 'esc',
  quit: 'q / ctrl+c',
  help: '?',
  toggle: 'space',
  all: 'a',
  none: 'n',
  cancel: 'c',
  yes: 'y',
  no: 'n',
  verify: 'v',
};
