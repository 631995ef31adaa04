import type { Stats } from 'node:fs';
import { lstat, mkdtemp, readdir, rm } from 'node:fs/promises';
import { makeFolder } from './make-folder.js';
import os from 'node:os';
import path from 'node:path';

/**
 * A private folder for what a run must not leave in a set or the install: the pipes that carry logins,
 * vendor password files. On tmpfs where possible (/run for root), 0700, owned by us, never a link.
 * NBBACKUP_RUNTIME_DIR names it (a unit's RuntimeDirectory, or one per test run).
 */
export async function runtimeBase(): Promise<string> {
  const uid = process.getuid?.() ?? 0;
  const base = runtimeBasePath(uid);
  await makeFolder(base).catch(() => undefined);
  const info = await lstat(base);
  if (!isPrivate(info, uid)) {
    throw new Error(`${base} is not a private folder of this user (a link, or open to others): remove it and run again`);
  }
  return base;
}

function runtimeBasePath(uid: number): string {
  if (process.env.NBBACKUP_RUNTIME_DIR) return path.resolve(process.env.NBBACKUP_RUNTIME_DIR);
  if (uid === 0) return '/run/nbbackup';
  return process.env.XDG_RUNTIME_DIR ? path.join(process.env.XDG_RUNTIME_DIR, 'nbbackup') : path.join(os.tmpdir(), `nbbackup-${uid}`);
}

const isPrivate = (info: Stats, uid: number) => info.isDirectory() && info.uid === uid && (info.mode & 0o077) === 0;

/**
 * Run at every start, whatever the command: a killed run's login files (KingbaseES's .kbpass, Oracle's
 * parameter files) go at once, not only when a later run happens to need a folder. A runtime folder
 * that is missing or not private is left alone here; runtimeBase refuses it when one is needed.
 */
export async function sweepAtStart(): Promise<void> {
  const uid = process.getuid?.() ?? 0;
  const base = runtimeBasePath(uid);
  const info = await lstat(base).catch(() => undefined);
  if (info && isPrivate(info, uid)) await sweepStaleRuns(base).catch(() => undefined);
}

/** A folder for this run, named after the process so a later run can tell it was left behind. */
export async function runDir(): Promise<string> {
  const base = await runtimeBase();
  await sweepStaleRuns(base);
  return mkdtemp(path.join(base, `run-${process.pid}-`));
}

/** Removes the folders of runs whose process is gone (killed, or the machine stopped). */
export async function sweepStaleRuns(base: string): Promise<void> {
  for (const name of await readdir(base).catch(() => [] as string[])) {
    const pid = Number(/^run-(\d+)-/.exec(name)?.[1]);
    if (pid && pid !== process.pid && !alive(pid)) await rm(path.join(base, name), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
