import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { link, lstat, open, rename, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { errorLine, NbError } from '../errors.js';
import { makeFolder } from '../process/make-folder.js';
import { procStartOf, procStat } from '../process/proc-stat.js';

// Two runs of one profile must never overlap: both would write sets and prune each other's. A lock
// file made with O_EXCL says who runs; one left by a killed run is taken over, and when several new
// runs find the same stale lock, a guard file lets exactly one of them replace it.

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
  /** /proc/<pid>/stat field 22 (start time in clock ticks), to tell a reused pid from the holder */
  readonly procStart?: string;
  readonly profile: string;
}

const HolderSchema = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  startedAt: z.string(),
  procStart: z.string().optional(),
  profile: z.string(),
});

/** A writer may be between creating the file and filling it: only an unreadable lock this old is stale. */
const UNREADABLE_STALE_MS = 60_000;
/** A lock is one short JSON line; anything larger is never read into memory, only judged by its age. */
const MAX_LOCK_BYTES = 64 * 1024;
/** Bounds the retries when other runs keep replacing the lock or hold the guard. */
const ATTEMPTS = 200;

/** Why a lock that names no holder is not one: still being written, or something nbbackup never writes. */
type Garbage = 'unreadable' | 'a link' | 'not a plain file' | 'too large';

/** The profile is already running (or, on another host, may be). `holder` is fit to print: see shown(). */
export class LockHeld extends NbError {
  constructor(
    readonly holder: LockHolder,
    file: string,
    profile: string,
    garbage?: Garbage,
  ) {
    super(...heldWords(holder, file, shownText(profile), garbage), 'refused');
  }
}

function heldWords(holder: LockHolder, file: string, profile: string, garbage: Garbage | undefined): [message: string, hint: string] {
  const since = `since ${holder.startedAt}`;
  if (garbage === 'unreadable') return [`profile "${profile}" is being started by another run (its lock ${file} is still being written)`, 'try again in a minute; a lock that stays unreadable that long is taken over'];
  if (garbage) return [`profile "${profile}" cannot start: its lock ${file} is ${garbage}, which nbbackup never writes (last changed ${holder.startedAt})`, `it is taken over a minute after it last changed; or remove ${file} (only that, never what it points to)`];
  if (holder.host !== os.hostname()) {
    return [`profile "${profile}" may be running on ${holder.host} (pid ${holder.pid}, ${since}); this host cannot tell whether it still is`, `wait for it to finish; if ${holder.host} no longer runs it, remove the lock ${file}`];
  }
  return [`profile "${profile}" is already running (pid ${holder.pid} on ${holder.host}, ${since})`, `wait for it to finish; the lock is ${file}`];
}

/** A lock file is anyone's to write: its words reach a terminal and a log only without control characters, and short. */
function shownText(text: string): string {
  const clean = text.replace(/[\p{Cc}\p{Cf}]/gu, '');
  return clean.length > 80 ? `${clean.slice(0, 79)}…` : clean;
}

/** The holder as it may be printed; decisions are made on the holder as read. */
function shown(holder: LockHolder): LockHolder {
  return { ...holder, host: shownText(holder.host), startedAt: shownText(holder.startedAt), profile: shownText(holder.profile), ...(holder.procStart === undefined ? {} : { procStart: shownText(holder.procStart) }) };
}

export interface RunLock {
  readonly file: string;
  release(): Promise<void>;
  /** The holder of the stale lock this run replaced, when it could be read; fit to print. */
  readonly tookOverFrom?: LockHolder;
}

export async function acquireRunLock(file: string, profile: string): Promise<RunLock> {
  await makeFolder(path.dirname(file));
  const me: LockHolder = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString(), procStart: procStartOf(process.pid), profile };
  const text = `${JSON.stringify(me)}\n`;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (await createExclusive(file, text)) return held(file, text);
    const seen = await readLock(file);
    if (seen === undefined) continue;
    const holder = seen.holder ?? { pid: 0, host: os.hostname(), startedAt: seen.mtime.toISOString(), profile };
    if (seen.holder ? isHolderAlive(seen.holder) : Date.now() - seen.mtime.getTime() < UNREADABLE_STALE_MS) throw new LockHeld(shown(holder), file, profile, seen.garbage);
    const outcome = await takeOver(file, seen, text);
    if (outcome === 'won') return held(file, text, seen.holder && shown(seen.holder));
    if (outcome === 'guard busy') await sleep(10 + Math.random() * 20);
  }
  throw await changingHands(file, profile);
}

/** Names only a file that is there to remove: the guard left by a takeover, else the lock itself. */
async function changingHands(file: string, profile: string): Promise<NbError> {
  const guard = `${file}.takeover`;
  const left = (await isThere(guard)) ? guard : (await isThere(file)) ? file : undefined;
  const hint = left ? `another run is taking it over; if none is, remove ${left}` : 'another run is taking it over; try again';
  return new NbError(`the lock ${file} of profile "${shownText(profile)}" keeps changing hands`, hint, 'refused');
}

const isThere = (file: string): Promise<boolean> => lstat(file).then(() => true, () => false);

/** Who holds the lock now, for "running now" (fit to print); undefined when free or unreadable. */
export async function readRunLock(file: string): Promise<LockHolder | undefined> {
  const holder = (await readLock(file))?.holder;
  return holder && shown(holder);
}

/** Whether the holder still runs. One on another host is taken to: this host cannot look. */
export function isHolderAlive(holder: LockHolder): boolean {
  if (holder.host !== os.hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = procStat(holder.pid);
  // A zombie never runs again; a pid whose start time differs is a new process that reused it.
  if (stat?.state === 'Z') return false;
  return holder.procStart === undefined || stat === undefined || stat.start === holder.procStart;
}

function held(file: string, text: string, tookOverFrom?: LockHolder): RunLock {
  return {
    file,
    tookOverFrom,
    // Never removes a lock that is no longer ours (taken over while we were thought dead).
    release: async () => void (await removeIfUnchanged(file, text)),
  };
}

/** Creates `file` only if there is none, filled and synced; false when one exists. */
async function createExclusive(file: string, text: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw lockError(file, error);
  }
  try {
    await handle.writeFile(text);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(file).catch(() => undefined);
    throw lockError(file, error);
  }
  await handle.close();
  return true;
}

/** What a file was when looked at: a move or a rewrite since changes one of these. */
interface FileId {
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
}

interface SeenLock {
  /** The content; only for a plain file small enough to be a lock. */
  readonly text?: string;
  readonly id: FileId;
  readonly mtime: Date;
  readonly holder?: LockHolder;
  readonly garbage?: Garbage;
}

/**
 * The lock as it is now: undefined when there is none, `holder` only when its content is one. Looked
 * at by lstat and opened with O_NOFOLLOW: a link is judged as itself (never what it points to), and
 * a file too large to be a lock is judged by its age without being read.
 */
async function readLock(file: string): Promise<SeenLock | undefined> {
  let info: Stats;
  try {
    info = await lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw lockError(file, error);
  }
  const seen = { id: fileId(info), mtime: info.mtime };
  if (info.isSymbolicLink()) return { ...seen, garbage: 'a link' };
  if (!info.isFile()) return { ...seen, garbage: 'not a plain file' };
  if (info.size > MAX_LOCK_BYTES) return { ...seen, garbage: 'too large' };
  let text: string | undefined;
  try {
    text = await readSmall(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP') return { ...seen, garbage: 'a link' };
    throw lockError(file, error);
  }
  if (text === undefined) return { ...seen, garbage: 'too large' };
  const holder = parseHolder(text);
  return { ...seen, text, holder, garbage: holder ? undefined : 'unreadable' };
}

/** The file's text, never following a link; undefined when it holds more than a lock can. */
async function readSmall(file: string): Promise<string | undefined> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const buffer = Buffer.alloc(MAX_LOCK_BYTES + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read) read = (await handle.read(buffer, length, buffer.length - length, null)).bytesRead;
    return length > MAX_LOCK_BYTES ? undefined : buffer.toString('utf8', 0, length);
  } finally {
    await handle.close();
  }
}

function fileId(info: Stats): FileId {
  return { dev: info.dev, ino: info.ino, size: info.size, mtimeMs: info.mtimeMs };
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const result = HolderSchema.safeParse(JSON.parse(text));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Replaces the stale lock whose content was `staleText`, holding `<file>.takeover` meanwhile. Under
 * the guard the lock is removed only while it still reads the same: a run that took over first has
 * changed it, and a new run that finds no lock at all wins with O_EXCL before us.
 */
async function takeOver(file: string, stale: SeenLock, text: string): Promise<'won' | 'changed' | 'guard busy'> {
  const guard = `${file}.takeover`;
  const guardText = `${JSON.stringify({ pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString(), procStart: procStartOf(process.pid), profile: 'takeover' })}\n`;
  if (!(await createExclusive(guard, guardText))) {
    await clearDeadGuard(guard);
    return 'guard busy';
  }
  try {
    // Replaced in one rename, never removed first: a lock briefly absent lets a racer's O_EXCL create win too.
    const expected = stale.text ?? stale.id;
    const now = typeof expected === 'string' ? (await readSmall(file).catch(() => undefined)) === expected : sameFile(await lstat(file).catch(() => undefined), expected);
    if (!now) return 'changed';
    const fresh = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.new`;
    if (!(await createExclusive(fresh, text))) return 'changed';
    await rename(fresh, file).catch(async (error: unknown) => {
      await unlink(fresh).catch(() => undefined);
      throw lockError(file, error);
    });
    return 'won';
  } finally {
    await removeIfUnchanged(guard, guardText);
  }
}

/** A guard left by a run killed in the middle of a takeover would block every later one. */
async function clearDeadGuard(guard: string): Promise<void> {
  const seen = await readLock(guard);
  if (!seen) return;
  const dead = seen.holder ? !isHolderAlive(seen.holder) : Date.now() - seen.mtime.getTime() >= UNREADABLE_STALE_MS;
  if (dead) await removeIfUnchanged(guard, seen.text ?? seen.id);
}

/**
 * Removes `file` only if it still holds `expected` (its text, or for a lock never read, the same file
 * unchanged). Moving it aside first makes the check and the removal one step: if what was moved is
 * not what was expected, it is put back. A link is moved and removed as itself.
 */
async function removeIfUnchanged(file: string, expected: string | FileId): Promise<boolean> {
  const aside = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.gone`;
  try {
    await rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw lockError(file, error);
  }
  const same = typeof expected === 'string' ? (await readSmall(aside).catch(() => undefined)) === expected : sameFile(await lstat(aside).catch(() => undefined), expected);
  if (!same) await link(aside, file).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
  return same;
}

function sameFile(info: Stats | undefined, id: FileId): boolean {
  return info !== undefined && info.dev === id.dev && info.ino === id.ino && info.size === id.size && info.mtimeMs === id.mtimeMs;
}

function lockError(file: string, error: unknown): NbError {
  const code = (error as NodeJS.ErrnoException).code;
  const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EROFS' ? 'read-only file system' : code === 'ENOSPC' ? 'the disk is full' : (code ?? (errorLine(error) || 'unknown error'));
  return new NbError(`the run lock ${file} cannot be used (${why})`, `run as the user the profile runs as, or free ${path.dirname(file)}`);
}
