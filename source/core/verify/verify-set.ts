import path from 'node:path';
import pLimit from 'p-limit';
import { defaultJobs } from '../settings/defaults.js';
import { moduleForFormat } from '../engines/registry.js';
import { errorLine } from '../errors.js';
import type { ToolFinder } from '../process/tool-finder.js';
import { hashFile, readManifest } from '../set/backup-set.js';
import type { ManifestItem } from '../set/manifest.js';
import type { DumpFormat } from '../stream/dump-spec.js';
import { rememberVerdict } from './verified-sets.js';
import type { Unlocker } from '../crypt/set-crypt.js';

export interface ItemVerdict {
  readonly id: string;
  readonly ok: boolean;
  readonly file?: string;
  readonly error?: string;
}

export interface SetVerdict {
  readonly set: string;
  /** Every file reads back and nothing asked for is missing. */
  readonly ok: boolean;
  /** Every file the set holds matches its manifest and reads back. */
  readonly filesOk: boolean;
  readonly items: ItemVerdict[];
  /** Items the backup was asked for but could not write: an incomplete set. */
  readonly missing: { readonly id: string; readonly reason: string }[];
  /** An encrypted set checked without its key: the files match the manifest, but were not decrypted and read. */
  readonly hashesOnly?: boolean;
}

/**
 * Re-hashes every file against the manifest, then reads each dump through the matching tool. An
 * encrypted set's hashes are of its ciphertext: without a key they still catch any changed byte.
 */
export async function verifySet(dir: string, tools: ToolFinder, signal?: AbortSignal, jobs = defaultJobs(), unlock?: Unlocker): Promise<SetVerdict> {
  const manifest = await readManifest(dir);
  const hashesOnly = Boolean(manifest.encryption && !unlock);
  // Files are read back a few at once, as they were written: one reader tool rarely fills a core.
  const limit = pLimit(jobs);
  const read = await Promise.all(manifest.items.filter((i) => i.status === 'ok').map((item) => limit(async () => (signal?.aborted ? undefined : verifyItem(dir, item, tools, hashesOnly ? 'hashes' : unlock)))));
  const items = read.filter((v): v is ItemVerdict => v !== undefined);
  const missing = manifest.items.filter((i) => i.status === 'failed').map((i) => ({ id: i.id, reason: i.error ?? 'failed' }));
  const filesOk = items.every((i) => i.ok);
  const verdict = { set: dir, ok: filesOk && !missing.length, filesOk, items, missing, hashesOnly: hashesOnly || undefined };
  // A read-back cut short proves nothing about the files it did not reach.
  // A hashes-only pass is no read-back: only its failures are worth remembering.
  if (!signal?.aborted && (!hashesOnly || !verdict.ok)) rememberVerdict(verdict);
  return verdict;
}

async function verifyItem(dir: string, item: ManifestItem, tools: ToolFinder, unlock: Unlocker | 'hashes' | undefined): Promise<ItemVerdict> {
  const file = path.join(dir, item.file ?? '');
  try {
    const { sha256, bytes } = await hashFile(file);
    if (bytes !== item.bytes || sha256 !== item.sha256) return { id: item.id, ok: false, file: item.file, error: `${item.file} does not match the manifest (changed or damaged)` };
    if (unlock === 'hashes') return { id: item.id, ok: true, file: item.file };
    const format = item.format ?? '';
    await moduleForFormat(format).verifyDump({ file, format: format as DumpFormat, compression: item.compression ?? 'none', tools, unlock });
    return { id: item.id, ok: true, file: item.file };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { id: item.id, ok: false, file: item.file, error: code === 'ENOENT' ? `${item.file} is missing` : `${item.file}: ${errorLine(error)}` };
  }
}

/** What a verify that found every file good checked, in one line: every front end says it the same way. */
export function checkedFilesLine(verdict: SetVerdict): string {
  const n = verdict.items.length;
  const files = n === 1 ? '1 file matches' : `${n} files match`;
  // An encrypted set verified without its key was re-hashed, not read back: say so.
  return verdict.hashesOnly ? `${files} the manifest (encrypted: hashes only; a key reads ${n === 1 ? 'it' : 'them'} back)` : `${files} the manifest and read${n === 1 ? 's' : ''} back`;
}
