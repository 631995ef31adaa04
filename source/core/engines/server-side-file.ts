import { access, chown, constants, open, rm, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { NbError } from '../errors.js';
import type { ToolFinder } from '../process/tool-finder.js';
import { decompressor, type Compression } from '../stream/compression.js';
import { openSetFile } from '../set/set-file.js';
import type { Unlocker } from '../crypt/set-crypt.js';

/**
 * SQL Server's BACKUP and Oracle's Data Pump write on the database server's own disk. nbbackup can
 * bring such a file into the set only where that folder is visible here (same host, or a shared mount).
 */
export async function checkCollectable(folder: string, setting: string, engine: string): Promise<void> {
  try {
    await access(folder, constants.R_OK);
  } catch {
    throw new NbError(`${engine} writes its backup on the server, in ${folder}, which is not readable here`, `run nbbackup on the database host, or set ${setting} in .nbbackuprc to a shared folder the server writes to`, 'unsupported');
  }
}

/** A restore goes the other way: the file is put where the server reads, so that folder must be writable here. */
export async function checkPlaceable(folder: string, setting: string, engine: string): Promise<void> {
  try {
    await access(folder, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch {
    throw new NbError(
      `${engine} reads the restore file from ${folder}, which nbbackup cannot write here`,
      `run nbbackup on the database host as a user that may write ${folder}, or set ${setting} in .nbbackuprc to a folder shared with the server at the same path, writable from here`,
      'unsupported',
    );
  }
}

export interface PlacedFile {
  /** The path, the same for the server and for this host. */
  readonly file: string;
  /** Removes it; safe to call more than once. */
  remove(): Promise<void>;
}

/**
 * Writes the set file, decompressed, into `folder` as `name`: 0600, created new (never over another
 * file). As root, the file is given to the folder's owner — the account the server writes its own
 * backups as — so the server can read it while nobody else can.
 */
export async function placeForServer(setFile: string, compression: Compression, folder: string, name: string, tools: ToolFinder, unlock?: Unlocker): Promise<PlacedFile> {
  const file = path.join(folder, name);
  const remove = () => rm(file, { force: true });
  let handle: FileHandle | undefined;
  try {
    handle = await open(file, 'wx', 0o600);
    const { stream } = await openSetFile(setFile, unlock);
    const codec = await decompressor(compression, tools);
    await Promise.all([pipeline(stream, codec.stream, handle.createWriteStream()), codec.child]);
    const owner = await stat(folder);
    if (process.getuid?.() === 0 && owner.uid !== 0) await chown(file, owner.uid, owner.gid);
  } catch (error) {
    // Only a file this call created is removed: `wx` refused to touch one already there.
    if (handle) {
      await handle.close().catch(() => undefined);
      await remove();
    }
    throw new NbError(`could not place the restore file in ${folder}: ${(error as Error).message.split('\n')[0]}`);
  }
  return { file, remove };
}
