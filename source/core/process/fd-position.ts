import { readFileSync } from 'node:fs';

/**
 * How far reads of an open file have got (Linux /proc/self/fdinfo). A child given this fd as stdin
 * shares its offset, so this is how many bytes of a set file a decompressor or restore tool has read.
 */
export function fdPosition(fd: number): number | undefined {
  try {
    const pos = /^pos:\s+(\d+)/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1];
    return pos === undefined ? undefined : Number(pos);
  } catch {
    return undefined;
  }
}
