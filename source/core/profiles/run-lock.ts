import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { NbError } from '../errors.js';
import { makeFolder } from '../process/make-folder.js';

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
/** Bounds the retries when other runs keep replacing the lock or hold the guard. */
const ATTEMPTS = 200;

/** The profile is already running (or, on another host, may be). */
export class LockHeld extends NbError {
  constructor(
    readonly holder: LockHolder,
    file: string,
    unreadable = false,
  ) {
    super(...heldWords(holder, file, unreadable), 'refused');
  }
}

function heldWords(holder: LockHolder, file: string, unreadable: boolean): [message: string, hint: string] {
  const since = `since ${holder.startedAt}`;
  if (unreadable) return [`profile "${holder.profile}" is being started by another run (its lock ${file} is still being written)`, 'try again in a minute; a lock that stays unreadable that long is taken over'];
  if (holder.host !== os.hostname()) {
    return [`profile "${holder.profile}" may be running on ${holder.host} (pid ${holder.pid}, ${since}); this host cannot tell whether it still is`, `wait for it to finish; if ${holder.host} no longer runs it, remove the lock ${file}`];
  }
  return [`profile "${holder.profile}" is already running (pid ${holder.pid} on ${holder.host}, ${since})`, `wait for it to finish; the lock is ${file}`];
}

export interface RunLock {
  readonly file: string;
  release(): Promise<void>;
  /** The holder of the stale lock this run replaced, when it could be read. */
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
    if (seen.holder ? isHolderAlive(seen.holder) : Date.now() - seen.mtime.getTime() < UNREADABLE_STALE_MS) throw new LockHeld(holder, file, !seen.holder);
    const outcome = await takeOver(file, seen.text, text);
    if (outcome === 'won') return held(file, text, seen.holder);
    if (outcome === 'guard busy') await sleep(10 + Math.random() * 20);
  }
  throw new NbError(`the lock ${file} of profile "${profile}" keeps changing hands`, `another run is taking it over; if none is, remove ${file}.takeover`, 'refused');
}

/** Who holds the lock now, for "running now"; undefined when free or unreadable. */
export async function readRunLock(file: string): Promise<LockHolder | undefined> {
  return (await readLock(file))?.holder;
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

/** Fields 3 (state) and 22 (start time) of /proc/<pid>/stat; undefined where there is no /proc. */
function procStat(pid: number): { state: string; start: string } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: the fields after its last ')' do not.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], start: fields[19] };
  } catch {
    return undefined;
  }
}

function procStartOf(pid: number): string | undefined {
  return procStat(pid)?.start;
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

/** The lock as it is now: undefined when there is none, `holder` only when its content is one. */
async function readLock(file: string): Promise<{ text: string; mtime: Date; holder?: LockHolder } | undefined> {
  try {
    const [text, info] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
    return { text, mtime: info.mtime, holder: parseHolder(text) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw lockError(file, error);
  }
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
async function takeOver(file: string, staleText: string, text: string): Promise<'won' | 'changed' | 'guard busy'> {
  const guard = `${file}.takeover`;
  const guardText = `${JSON.stringify({ pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString(), procStart: procStartOf(process.pid), profile: 'takeover' })}\n`;
  if (!(await createExclusive(guard, guardText))) {
    await clearDeadGuard(guard);
    return 'guard busy';
  }
  try {
    if (!(await removeIfUnchanged(file, staleText))) return 'changed';
    return (await createExclusive(file, text)) ? 'won' : 'changed';
  } finally {
    await removeIfUnchanged(guard, guardText);
  }
}

/** A guard left by a run killed in the middle of a takeover would block every later one. */
async function clearDeadGuard(guard: string): Promise<void> {
  const seen = await readLock(guard);
  if (!seen) return;
  const dead = seen.holder ? !isHolderAlive(seen.holder) : Date.now() - seen.mtime.getTime() >= UNREADABLE_STALE_MS;
  if (dead) await removeIfUnchanged(guard, seen.text);
}

/**
 * Removes `file` only if it still holds `expected`. Moving it aside first makes the check and the
 * removal one step: if what was moved is not what was expected, it is put back.
 */
async function removeIfUnchanged(file: string, expected: string): Promise<boolean> {
  const aside = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.gone`;
  try {
    await rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw lockError(file, error);
  }
  const moved = await readFile(aside, 'utf8').catch(() => undefined);
  if (moved !== expected) await link(aside, file).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
  return moved === expected;
}

function lockError(file: string, error: unknown): NbError {
  const code = (error as NodeJS.ErrnoException).code;
  const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EROFS' ? 'read-only file system' : code === 'ENOSPC' ? 'the disk is full' : code;
  return new NbError(`the run lock ${file} cannot be used (${why})`, `run as the user the profile runs as, or free ${path.dirname(file)}`);
}
