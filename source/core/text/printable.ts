// Text from outside — a far host, the app's own tables, a tool's stderr — reaches a terminal only
// through these: no escape sequence moves the cursor, clears the screen or sets the title, and no
// bidi control flips what the operator reads.

const CONTROL = /[\0-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]+/g;

/** One printable line: control characters become a space, at most 500 characters. */
export function printable(text: string): string {
  return text.replace(CONTROL, ' ').trim().slice(0, 500);
}

/** Each line of a text kept, with control characters in it shown as `?`. */
export function printableLines(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(CONTROL, (run) => '?'.repeat(run.length)))
    .join('\n');
}

/** A parsed answer with every string in it (keys too) made one printable line; shape kept. */
export function printableDeep<T>(value: T): T {
  if (typeof value === 'string') return printable(value) as T;
  if (Array.isArray(value)) return value.map(printableDeep) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [printable(k), printableDeep(v)])) as T;
  return value;
}
