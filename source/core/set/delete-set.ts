import type { Dirent, Stats } from 'node:fs';
import { lstat, readdir, realpath, rm, rmdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { NbError } from '../errors.js';
import { looksLikeSetName, PROFILE_MARKER } from './backup-set.js';
import { MANIFEST_FILE } from './manifest.js';
import { isSetFileName } from './safe-names.js';

// Deleting is the one thing nbbackup does to a backup folder that cannot be undone, so it removes a
// folder only when it is certainly a set: directly inside the backup folder, a real folder (never
// through a link), holding nothing a backup run does not write. Every path comes from listing the
// disk; the manifest is never read, so names in it (hostile or not) cannot point anywhere.

/** The backup run's scratch folder; a run killed outright may leave it behind. */
const SCRATCH = '.work';

/** What a run writes before its manifest: `<item>.<engine's extension>[.zst|.gz]`, or half of one. */
const DUMP_FILE = /^[\w@-][\w.@-]*\.(pgdump|pgdir\.tar|tar|kbdump|bak|sql|dmp|sqlite)(\.zst|\.gz)?$/;

/**
 * Removes the set `setDir` from the backup folder `root`, or throws saying why it will not. An
 * engine with a new file extension must add it to DUMP_FILE; until then its interrupted sets are
 * refused, never wrongly deleted.
 */
export async function deleteSet(root: string, setDir: string): Promise<void> {
  const name = path.basename(setDir);
  const rootReal = await realpath(root).catch(() => {
    throw new NbError(`backup folder ${root} cannot be read`, 'nothing was deleted');
  });
  const parentReal = await realpath(path.dirname(path.resolve(setDir))).catch(() => '');
  if (!name || name === '.' || name === '..' || parentReal !== rootReal) throw refuse(setDir, `it is not directly inside the backup folder ${root}`);
  const dir = path.join(rootReal, name);
  const before = await lstat(dir).catch((error: NodeJS.ErrnoException) => {
    throw refuse(setDir, error.code === 'ENOENT' ? 'it is not there any more' : `it cannot be read (${error.code})`);
  });
  if (before.isSymbolicLink()) throw refuse(setDir, 'it is a link; only the folder itself is deleted, never what a link points to');
  if (!before.isDirectory()) throw refuse(setDir, 'it is not a folder');
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    throw refuse(setDir, `it cannot be listed (${error.code})`);
  });
  const why = notASet(name, entries);
  if (why) throw refuse(setDir, why);
  // The folder checked must be the folder emptied: a swap for a link in between is caught here.
  if (!sameFile(before, await lstat(dir).catch(() => undefined))) throw refuse(setDir, 'it changed while it was checked');
  try {
    for (const entry of entries) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) await rm(file, { recursive: true });
      else await unlink(file);
    }
    await rmdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOTEMPTY' ? 'new files appeared in it' : code;
    throw new NbError(`${setDir} was only partly deleted (${why})`, 'run as the user who made the backups, then delete it again');
  }
}

/** Why the listed folder is not a set nbbackup wrote, or undefined when it is one. */
function notASet(name: string, entries: readonly Dirent[]): string | undefined {
  for (const entry of entries) {
    if (entry.name === SCRATCH && entry.isDirectory()) continue;
    if (entry.name === PROFILE_MARKER && entry.isFile()) continue;
    if (!entry.isFile()) return `it holds ${entry.name}, which is ${entry.isSymbolicLink() ? 'a link' : 'not a plain file'}: a backup set never does`;
    if (!isSetFileName(entry.name)) return `it holds ${entry.name}, a name no backup set file has`;
  }
  if (entries.some((e) => e.name === MANIFEST_FILE)) return undefined;
  // No manifest: an interrupted run, known only by the name it gave the folder and the files it writes.
  if (!looksLikeSetName(name)) return `it has no ${MANIFEST_FILE} and is not named like a backup set`;
  const foreign = entries.find((e) => e.isFile() && e.name !== PROFILE_MARKER && !e.name.endsWith('.partial') && !DUMP_FILE.test(e.name));
  return foreign ? `it has no ${MANIFEST_FILE} and holds ${foreign.name}, which a backup run does not write` : undefined;
}

function sameFile(a: Stats, b: Stats | undefined): boolean {
  return b !== undefined && b.isDirectory() && a.dev === b.dev && a.ino === b.ino;
}

function refuse(setDir: string, why: string): NbError {
  return new NbError(`${path.basename(setDir)} was not deleted: ${why}`, 'delete it by hand if it really is to go');
}
