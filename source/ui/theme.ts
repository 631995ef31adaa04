import type { TextProps } from 'ink';

// Semantic colours and marks (after @inkjs/ui's theme and gemini-cli's semantic colours): screens say
// what a text means, and what it looks like is decided here, once.
// NO_COLOR needs nothing here: terminal-env sets FORCE_COLOR=0 before Ink loads, and chalk then
// draws no colour or style at all; the marks keep every meaning readable without them.

export type Tone = 'ok' | 'fail' | 'warn' | 'cursor' | 'accent' | 'dim';

export const theme: Readonly<Record<Tone, TextProps>> = {
  ok: { color: 'green' },
  fail: { color: 'red' },
  warn: { color: 'yellow' },
  cursor: { color: 'cyan' },
  accent: { color: 'cyan' },
  dim: { dimColor: true },
};

/** A tone's props, or none: `<Text {...tone(here && 'cursor')}>`. */
export const tone = (t: Tone | false | undefined): TextProps => (t ? theme[t] : {});

export type MarkKind = 'ok' | 'fail' | 'warn' | 'undone' | 'skipped' | 'waiting';

/** The characters in front of a line, and the tone each is drawn in. */
export const MARKS: Readonly<Record<MarkKind, { readonly char: string; readonly tone?: Tone }>> = {
  ok: { char: '✔', tone: 'ok' },
  fail: { char: '✖', tone: 'fail' },
  warn: { char: '!', tone: 'warn' },
  undone: { char: '↺', tone: 'warn' },
  skipped: { char: '-', tone: 'dim' },
  waiting: { char: '·' },
};

/** The cursor in lists and forms. */
export const CURSOR = '❯';
