import { printable } from '../core/migrate/far-agent.js';

// What a far host says (its install's paths and settings, its tools' messages, its restore's reasons)
// can hold anything: every string of it reaches the screen through core's `printable`, so no far text
// ever moves this terminal's cursor, clears its screen or flips its text direction.

/** The value with every string in it made one printable line; numbers, booleans and shape kept. */
export function printableDeep<T>(value: T): T {
  if (typeof value === 'string') return printable(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => printableDeep(v)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, printableDeep(v)])) as T;
  return value;
}

export { printable };

/** Text cut into lines of at most `width` columns at spaces (a long word is cut), for one-line rows. */
export function wrapText(text: string, width: number): string[] {
  const room = Math.max(8, width);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let rest = word;
    while (rest.length > room) {
      if (line) lines.push(line);
      lines.push(rest.slice(0, room));
      rest = rest.slice(room);
      line = '';
    }
    if (!line) line = rest;
    else if (line.length + 1 + rest.length <= room) line += ` ${rest}`;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}
