import { readdir, readlink } from 'node:fs/promises';

/**
 * Whether any process we can see holds `files` open (Linux /proc). As root every process is
 * visible; otherwise only our own user's, so callers must not treat "no" as proof then.
 */
export async function heldOpen(files: readonly string[]): Promise<boolean> {
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid);
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      if (files.includes(target)) return true;
    }
  }
  return false;
}
