import { readFile, statfs } from 'node:fs/promises';
import path from 'node:path';
import prettyBytes from 'pretty-bytes';
import { NbError } from '../errors.js';

export interface DiskOf {
  /** The mounted device (`/dev/sda1`, `overlay`), from /proc/self/mounts. */
  readonly device: string;
  readonly mount: string;
  readonly freeBytes: number;
}

/** The file system a path lies on, and how much of it is free for us. */
export async function diskOf(file: string): Promise<DiskOf> {
  const fs = await statfs(file).catch(() => statfs(path.dirname(file)));
  const mounts = (await readFile('/proc/self/mounts', 'utf8').catch(() => ''))
    .split('\n')
    .map((line) => line.split(' '))
    .filter((f) => f.length > 2)
    .map(([device, mount]) => ({ device, mount: mount.replace(/\\040/g, ' ') }));
  const resolved = path.resolve(file);
  const best = mounts.filter((m) => resolved === m.mount || resolved.startsWith(m.mount.endsWith('/') ? m.mount : `${m.mount}/`)).sort((a, b) => b.mount.length - a.mount.length)[0];
  return { device: best?.device ?? 'unknown device', mount: best?.mount ?? '/', freeBytes: fs.bavail * fs.bsize };
}

/** Node's `ENOSPC: no space left on device, write` as one line an operator can act on. */
export async function diskFullError(file: string, neededBytes?: number): Promise<NbError> {
  const disk = await diskOf(path.dirname(file)).catch(() => undefined);
  const where = disk ? `${disk.device} (mounted on ${disk.mount}, ${prettyBytes(disk.freeBytes)} free)` : path.dirname(file);
  const need = neededBytes ? `about ${prettyBytes(neededBytes)} more is needed` : 'more space is needed';
  return new NbError(`the disk is full: ${where}; ${need} for ${path.basename(file)}`, 'free space there, or choose another folder with --out', 'disk-full');
}
