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
  const base = process.env.NBBACKUP_RUNTIME_DIR
    ? path.resolve(process.env.NBBACKUP_RUNTIME_DIR)
    : uid === 0
      ? '/run/nbbackup'
      : process.env.XDG_RUNTIME_DIR
        ? path.join(process.env.XDG_RUNTIME_DIR, 'nbbackup')
        : path.join(os.tmpdir(), `nbbackup-${uid}`);
  await makeFolder(base).catch(() => undefined);
  const info = await lstat(base);
  if (!info.isDirectory() || info.uid !== uid || (info.mode & 0o077) !== 0) {
    throw new Error(`${base} is not a private folder of this user (a link, or open to others): remove it and run again`);
  }
  return base;
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
