import { NbError } from '../errors.js';
import type { PutOutcome, SetFileToCopy } from './destination.js';

/** A far end that keeps files as files (a folder here, a folder over SSH): what a resumable copy needs of it. */
export interface AppendTarget {
  /** Bytes of this file there now; 0 when there is none. */
  size(): Promise<number>;
  /** Sends the local file from byte `from` on, appending there; `from` 0 starts the file afresh. */
  append(from: number, onProgress: (sent: number) => void, signal: AbortSignal): Promise<void>;
  /** sha256 and size as the far end reads its own copy back. */
  digest(signal: AbortSignal): Promise<{ sha256: string; bytes: number }>;
}

/**
 * Goes on from what an interrupted copy left (a dropped link leaves a true prefix: bytes arrive in
 * order), then has the far end hash its copy. A copy that does not match is sent once more from the
 * start, since the kept prefix may have been what was wrong; a second mismatch is the set's own file.
 */
export async function appendAndProve(target: AppendTarget, file: SetFileToCopy, onProgress: (sent: number) => void, signal: AbortSignal): Promise<PutOutcome> {
  const there = await target.size();
  const resumedFrom = there <= file.bytes ? there : 0;
  // An empty file is written too: "nothing there" and "an empty file there" look the same by size.
  if (resumedFrom < file.bytes || there > file.bytes || file.bytes === 0) await target.append(resumedFrom, onProgress, signal);
  else onProgress(file.bytes);
  if (matches(await target.digest(signal), file)) return { resumedFrom };
  if (resumedFrom === 0) throw mismatch(file);
  await target.append(0, onProgress, signal);
  if (matches(await target.digest(signal), file)) return { resumedFrom: 0 };
  throw mismatch(file);
}

function matches(far: { sha256: string; bytes: number }, file: SetFileToCopy): boolean {
  return far.bytes === file.bytes && far.sha256 === file.sha256;
}

function mismatch(file: SetFileToCopy): NbError {
  return new NbError(`${file.name} arrived but does not match the sha256 its manifest records`, 'the set itself may be damaged: run nbbackup verify on it; the copy there stays unfinished');
}
