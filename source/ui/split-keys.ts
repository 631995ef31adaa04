import type { Key } from 'ink';

// Ink splits a burst only at escape sequences: "jj \r" (tmux send-keys j j Space Enter, or keys typed
// ahead over a slow link) reaches useInput as one input that matches no command. This splits it back.

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/** One character as Ink reports it when it arrives alone. */
function keyOf(char: string): [string, Key] {
  const code = char.charCodeAt(0);
  if (char === '\r') return ['', { ...NO_KEY, return: true }];
  if (char === '\t') return ['', { ...NO_KEY, tab: true }];
  if (char === '\b') return ['', { ...NO_KEY, backspace: true }];
  if (char === '\x7f') return ['', { ...NO_KEY, delete: true }];
  if (code >= 1 && code <= 26) return [String.fromCharCode(code + 96), { ...NO_KEY, ctrl: true }];
  return [char, { ...NO_KEY, shift: /^[A-Z]$/.test(char) }];
}

/**
 * The keys in one input: itself when Ink already parsed it as one key, else one per character. Esc
 * typed just before another key reaches Ink as one "Alt+key": nothing here uses Alt, so it is split
 * back into the Esc and the key.
 */
export function splitKeys(input: string, key: Key): [string, Key][] {
  const chars = Array.from(input);
  const arrow = key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown || key.home || key.end;
  if (key.meta && !key.escape && !arrow && chars.length && !key.ctrl) return [['', { ...NO_KEY, escape: true, meta: true }], ...chars.map(keyOf)];
  const parsed = key.escape || key.meta || arrow;
  return chars.length < 2 || parsed ? [[input, key]] : chars.map(keyOf);
}
