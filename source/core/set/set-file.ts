import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { Unlocker } from '../crypt/set-crypt.js';

/**
 * A set file's bytes as its dump tool wrote them: decrypted on the way when the set is encrypted.
 * Tools fed straight from the file (feedDump) take the same Unlocker; nothing else reads set files.
 */
export async function openSetFile(file: string, unlock?: Unlocker): Promise<{ stream: Readable; bytesRead: () => number }> {
  const raw = createReadStream(file);
  const stream = unlock ? await unlock.open(raw) : raw;
  return { stream, bytesRead: () => raw.bytesRead };
}
