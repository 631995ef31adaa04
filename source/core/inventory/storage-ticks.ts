/**
 * The whole storage folder already holds its parts: a set or a restore with both would write the
 * parts twice. Every front end ticks through these rules, so the two can never be chosen together.
 */

export const WHOLE_STORAGE = 'storage';

export const isStoragePart = (id: string): boolean => id.startsWith('storage:');

export interface Ticked {
  readonly ticked: ReadonlySet<string>;
  /** What this change unticked to keep the whole folder and its parts apart. */
  readonly unticked: readonly string[];
}

/** Ticks or unticks `id`; ticking the whole folder unticks every part, ticking a part unticks the whole. */
export function toggleTick(ticked: ReadonlySet<string>, id: string): Ticked {
  const next = new Set(ticked);
  if (next.has(id)) {
    next.delete(id);
    return { ticked: next, unticked: [] };
  }
  next.add(id);
  const clash = (other: string) => (id === WHOLE_STORAGE ? isStoragePart(other) : isStoragePart(id) && other === WHOLE_STORAGE);
  const unticked = [...next].filter(clash);
  for (const other of unticked) next.delete(other);
  return { ticked: next, unticked };
}

/** Every id ticked, keeping the storage form ticked now: the whole folder if it is, else the parts. */
export function tickAll(ids: readonly string[], ticked: ReadonlySet<string>): Set<string> {
  const parts = ids.some(isStoragePart);
  const whole = ticked.has(WHOLE_STORAGE) || !parts;
  return new Set(ids.filter((id) => (whole ? !isStoragePart(id) : id !== WHOLE_STORAGE)));
}

/** The line that says why ticking one storage choice took the other away. */
export function untickedWhy(id: string, unticked: readonly string[]): string | undefined {
  if (!unticked.length) return undefined;
  if (id === WHOLE_STORAGE) return `Unticked ${unticked.join(', ')}: the whole storage folder holds them.`;
  return `Unticked the whole storage folder: it holds ${id} too.`;
}
