import type { Key } from 'ink';

// One line of typed text as a pure step per key, so the screen that owns the keyboard routes every
// key of a burst itself: "/crm⏎j" filters, closes the field and moves, as if typed slowly. (@inkjs/ui's
// TextInput takes a burst as one insert, "crm\r" included.)

export type Edit = { readonly value: string } | 'submit' | 'cancel';

/** What a key does to the text: a new value, submit, cancel, or nothing (undefined). */
export function editText(value: string, input: string, key: Key): Edit | undefined {
  if (key.return) return 'submit';
  if (key.escape || (key.ctrl && input === 'c')) return 'cancel';
  if (key.backspace || key.delete) return { value: Array.from(value).slice(0, -1).join('') };
  if (key.ctrl && input === 'u') return { value: '' };
  if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown || key.home || key.end) return undefined;
  // Control characters would move the terminal's cursor; they never reach the text.
  const printable = input.replace(/\p{Cc}/gu, '');
  return printable ? { value: value + printable } : undefined;
}
