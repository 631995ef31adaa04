import { constants, createReadStream } from 'node:fs';
import { lstat, mkdir, open, opendir, readdir, rename, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { errorLine, NbError } from '../errors.js';
import { makeFolder } from '../process/make-folder.js';
import { MANIFEST_FILE, ManifestSchema, type Manifest } from './manifest.js';

/** `<install>-20261124T101500Z`: sortable, portable, no colons. */
export function setName(installName: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${installName.replace(/[^\w.-]+/g, '_')}-${stamp}`;
}

/** A new set folder, 0700; never reuses an existing one. */
export async function createSetDir(outDir: string, installName: string, at = new Date()): Promise<string> {
  await makeFolder(outDir).catch((error: NodeJS.ErrnoException) => {
    const why = { ENOENT: 'nothing can be made there', EACCES: 'permission denied', EPERM: 'permission denied', EROFS: 'read-only file system', ENOTDIR: 'a file is in the way', ENOSPC: 'the disk is full' }[error.code ?? ''] ?? error.code;
    throw new NbError(`cannot make the backup folder ${outDir} (${why})`, 'choose a folder you may write to: --out, or backupDir in .nbbackuprc');
  });
  for (let n = 0; ; n++) {
    const dir = path.join(outDir, setName(installName, at) + (n ? `-${n}` : ''));
    try {
      await mkdir(dir, { mode: 0o700 });
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/**
 * A profile's run writes who it is here at once, before any dump: an interrupted set has no manifest
 * to say whose it is, and retention prunes only its own owner's sets.
 */
export const PROFILE_MARKER = '.profile';

/** Whose sets retention may prune: one profile of one install on one host (several hosts may share a backup folder). */
export interface SetOwner {
  readonly profile: string;
  /** As the manifest's source.host records it (os.hostname()). */
  readonly host: string;
  /** As the manifest's source.installPath records it. */
  readonly installPath: string;
}

export async function writeProfileMarker(dir: string, owner: SetOwner): Promise<void> {
  const handle = await open(path.join(dir, PROFILE_MARKER), 'wx', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify({ profile: owner.profile, host: owner.host, installPath: owner.installPath })}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Written last, through a partial file and an fsync: its presence is what makes a set complete. */
export async function writeManifest(dir: string, manifest: Manifest): Promise<void> {
  const partial = path.join(dir, `${MANIFEST_FILE}.partial`);
  const handle = await open(partial, 'w', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(manifest, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(partial, path.join(dir, MANIFEST_FILE));
}

/** Far past any real manifest (a few kB, a few MB with thousands of key files): a bigger one is not one nbbackup wrote. */
const MANIFEST_MAX_BYTES = 16 * 1024 * 1024;

/** Never through a link, never a fifo (O_NONBLOCK: the open cannot hang), never a file larger than any manifest. */
async function readManifestText(file: string): Promise<string> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new NbError(`${file} is not a plain file`, 'a set holds plain files only: use another set');
    if (info.size > MANIFEST_MAX_BYTES) throw new NbError(`${file} is ${info.size} bytes, larger than any manifest`, 'the set is damaged or not from nbbackup: use another set');
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

export async function readManifest(dir: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readManifestText(path.join(dir, MANIFEST_FILE));
  } catch (error) {
    if (error instanceof NbError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const folder = await stat(dir).then((s) => (s.isDirectory() ? 'folder' : 'file'), () => 'missing');
    if (folder === 'missing') throw new NbError(`${dir} does not exist`, 'name a backup set folder: nbbackup list shows them');
    if (folder === 'file') throw new NbError(`${dir} is a file, not a backup set folder`, 'name the set folder that holds manifest.json: nbbackup list shows them');
    if (code !== 'ENOENT') throw new NbError(`${path.join(dir, MANIFEST_FILE)} cannot be read (${code})`, 'run as a user who may read the set');
    throw new NbError(`${dir} is not a complete backup set (no ${MANIFEST_FILE})`, 'an interrupted backup leaves no manifest: run the backup again');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new NbError(`${path.join(dir, MANIFEST_FILE)} is not valid JSON`, 'the set is damaged: use another one');
  }
  const result = ManifestSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue ? ` (${issue.path.join('.')}: ${issue.message})` : '';
    throw new NbError(`${path.join(dir, MANIFEST_FILE)} is not a manifest nbbackup can trust${where}`, 'the set is damaged, was changed, or is from another tool: use another set');
  }
  return result.data;
}

export interface SetSummary {
  readonly dir: string;
  readonly complete: boolean;
  readonly manifest?: Manifest;
  /** The manifest's sizes; for a set without one, what its files take on disk. */
  readonly bytes: number;
  /** Why a set without a manifest has none (interrupted, or a manifest that cannot be read). */
  readonly problem?: string;
}

/** Sets directly under `root` (and `root` itself when it is one); folders without a manifest are listed as incomplete. */
export async function listSets(root: string): Promise<SetSummary[]> {
  const dirs: string[] = [];
  if (await isFile(path.join(root, MANIFEST_FILE))) dirs.push(root);
  else {
    let handle;
    try {
      handle = await opendir(root);
    } catch (error) {
      throw unreadableRoot(root, (error as NodeJS.ErrnoException).code);
    }
    for await (const entry of handle) if (entry.isDirectory()) dirs.push(path.join(root, entry.name));
  }
  const out: SetSummary[] = [];
  for (const dir of dirs.sort()) {
    const read = await readManifest(dir).then(
      (manifest) => ({ manifest, problem: undefined }),
      (error: unknown) => ({ manifest: undefined, problem: errorLine(error) }),
    );
    if (read.manifest) out.push({ dir, complete: true, manifest: read.manifest, bytes: read.manifest.items.reduce((s, i) => s + (i.bytes ?? 0), 0) });
    else if (looksLikeSetName(path.basename(dir))) out.push({ dir, complete: false, bytes: await filesSize(dir), problem: read.problem });
  }
  return out;
}

/** Each way a backup folder cannot be listed has its own line: the fix differs. */
function unreadableRoot(root: string, code: string | undefined): NbError {
  const hint = 'pass the folder that holds your sets (--out of the backup, or backupDir in .nbbackuprc)';
  if (code === 'ENOENT') return new NbError(`backup folder ${root} does not exist (no backup was made there yet)`, hint);
  if (code === 'ENOTDIR') return new NbError(`backup folder ${root} is a file, not a folder`, hint);
  if (code === 'EACCES' || code === 'EPERM') return new NbError(`backup folder ${root} cannot be read (permission denied)`, 'run as the user who made the backups');
  return new NbError(`backup folder ${root} cannot be read (${code ?? 'unknown error'})`, hint);
}

/** An interrupted set: our naming (`setName`), no manifest. */
export function looksLikeSetName(name: string): boolean {
  return /-\d{8}T\d{6}Z(-\d+)?$/.test(name);
}

/** What the plain files directly in a folder take: a half-written set's leftovers. */
async function filesSize(dir: string): Promise<number> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const sizes = await Promise.all(names.map((name) => lstat(path.join(dir, name)).then((s) => (s.isFile() ? s.size : 0), () => 0)));
  return sizes.reduce((a, b) => a + b, 0);
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** sha256 and size of a file, streamed. */
export async function hashFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  // 1 MiB reads: a quarter of the time of the default 64 KiB on a set of hundreds of MB.
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}
