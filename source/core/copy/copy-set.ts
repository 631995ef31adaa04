import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { NbError } from '../errors.js';
import { hashFile, readManifest } from '../set/backup-set.js';
import { MANIFEST_FILE, type Manifest } from '../set/manifest.js';
import { isSetFileName } from '../set/safe-names.js';
import type { SetDestination, SetFileToCopy } from './destination.js';

export type CopyEvent =
  | { readonly type: 'file'; readonly name: string; readonly bytes: number; readonly resumedFrom: number }
  | { readonly type: 'progress'; readonly sent: number; readonly total: number }
  | { readonly type: 'already-there' };

export interface CopyResult {
  readonly set: string;
  readonly to: string;
  /** The set's name there. */
  readonly name: string;
  readonly files: readonly { name: string; bytes: number; resumedFrom: number }[];
  readonly bytes: number;
  /** Bytes sent in this run (a resumed copy sends less than `bytes`). */
  readonly sent: number;
  /** The same set was already complete there: nothing was sent. */
  readonly alreadyThere: boolean;
  readonly seconds: number;
}

/**
 * Copies one set to a destination: its files first, each proven at the far end against the sha256 its
 * manifest records, then the manifest, which makes the set complete there. A copy that stops half-way
 * leaves nothing that looks like a set; the next copy goes on from where it stopped.
 */
export async function copySet(setDir: string, destination: SetDestination, signal: AbortSignal, onEvent: (event: CopyEvent) => void = () => undefined): Promise<CopyResult> {
  const started = Date.now();
  const name = path.basename(path.resolve(setDir));
  if (!isSetFileName(name)) throw new NbError(`${name} is not a name a set can have at a destination`, 'rename the set folder to the name nbbackup gave it');
  const manifest = await readManifest(setDir);
  const files = await setFiles(setDir, manifest);
  const own = await hashFile(path.join(setDir, MANIFEST_FILE));
  const manifestFile: SetFileToCopy = { name: MANIFEST_FILE, path: path.join(setDir, MANIFEST_FILE), ...own };
  const total = [...files, manifestFile].reduce((sum, f) => sum + f.bytes, 0);
  const result = (sent: number, copied: CopyResult['files'], alreadyThere: boolean): CopyResult => ({ set: setDir, to: destination.label, name, files: copied, bytes: total, sent, alreadyThere, seconds: Math.round((Date.now() - started) / 100) / 10 });

  const there = (await destination.listSets(signal)).find((s) => s.name === name);
  if (there?.manifest) {
    if (there.manifestSha256 !== own.sha256) throw new NbError(`${destination.label} already holds a different set named ${name}`, 'nothing was sent; copy it to another destination, or remove that set there first');
    // The same manifest proves nothing of the files beside it: each is checked there again.
    const differing = await destination.differingFiles(name, [...files, manifestFile], signal);
    if (differing.length) throw new NbError(`${destination.label} holds ${name}, but its ${differing.join(', ')} ${differing.length > 1 ? 'differ' : 'differs'} from this set`, 'that copy is damaged: remove it there, then copy again');
    onEvent({ type: 'already-there' });
    return result(0, [], true);
  }
  if (there?.occupied) throw new NbError(`${destination.label} already holds something named ${name} that is not a set nbbackup can read`, 'nothing was sent; move it aside there, or copy to another destination');
  const copied: { name: string; bytes: number; resumedFrom: number }[] = [];
  let done = 0;
  let sent = 0;
  for (const file of [...files, manifestFile]) {
    if (signal.aborted) throw new NbError('interrupted', 'copy again to go on from here', 'interrupted');
    const progress = (at: number) => onEvent({ type: 'progress', sent: done + at, total });
    const outcome = file === manifestFile ? (await destination.commit(name, file, signal), { resumedFrom: 0 }) : await destination.putFile(name, file, progress, signal);
    onEvent({ type: 'file', name: file.name, bytes: file.bytes, resumedFrom: outcome.resumedFrom });
    copied.push({ name: file.name, bytes: file.bytes, resumedFrom: outcome.resumedFrom });
    done += file.bytes;
    sent += file.bytes - outcome.resumedFrom;
    onEvent({ type: 'progress', sent: done, total });
  }
  return result(sent, copied, false);
}

/** The files the manifest vouches for, each checked to be there at its recorded size before anything is sent. */
async function setFiles(setDir: string, manifest: Manifest): Promise<SetFileToCopy[]> {
  const out: SetFileToCopy[] = [];
  for (const item of manifest.items) {
    if (item.status !== 'ok' || !item.file || !item.sha256 || item.bytes === undefined) continue;
    const file = path.join(setDir, item.file);
    const info = await lstat(file).catch(() => undefined);
    if (!info?.isFile()) throw new NbError(`${item.file} of ${path.basename(setDir)} is missing`, 'the set is damaged: run nbbackup verify on it; nothing was sent');
    if (info.size !== item.bytes) throw new NbError(`${item.file} is ${info.size} bytes; its manifest says ${item.bytes}`, 'the set is damaged: run nbbackup verify on it; nothing was sent');
    out.push({ name: item.file, path: file, bytes: item.bytes, sha256: item.sha256 });
  }
  return out;
}
