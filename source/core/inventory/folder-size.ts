import { spawn } from 'node:child_process';
import { lstat, opendir } from 'node:fs/promises';
import path from 'node:path';

export interface FolderSize {
  readonly bytes: number;
  readonly files: number;
}

/**
 * Bytes and count of the files and symlinks under `dir` (links counted as links, never followed), as tar
 * will see them. GNU find does the walk at du's speed — a stat per file in C, a number per line for us —
 * where a walk through Node's fs promises is more than ten times slower on 200,000 files; Node's walk
 * remains for machines without GNU find.
 */
export async function folderSize(dir: string): Promise<FolderSize> {
  return (await findSize(path.resolve(dir))) ?? walkSize(dir);
}

/** undefined when GNU find cannot be run here (not installed, or busybox without -printf). */
function findSize(dir: string): Promise<FolderSize | undefined> {
  return new Promise((resolve) => {
    // An absolute start can never be read as one of find's options.
    const child = spawn('find', ['-P', dir, '(', '-type', 'f', '-o', '-type', 'l', ')', '-printf', '%s\n'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let bytes = 0;
    let files = 0;
    let rest = '';
    child.stdout.setEncoding('latin1');
    child.stdout.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        bytes += Number(line);
        files += 1;
      }
    });
    child.once('error', () => resolve(undefined));
    // Exit 1 is an unreadable folder somewhere below: what could be read is counted, as the walk does.
    // (busybox's find also exits 1, having printed nothing, when it has no -printf: then Node walks.)
    child.once('close', (code) => resolve(code === 0 || (code === 1 && files > 0) ? { bytes, files } : undefined));
  });
}

/** Sums a folder without building lists: one open directory at a time, symlinks counted as links. */
export async function walkSize(dir: string): Promise<FolderSize> {
  let bytes = 0;
  let files = 0;
  const stack = [dir];
  while (stack.length) {
    const current = stack.pop() as string;
    let handle;
    try {
      handle = await opendir(current, { bufferSize: 256 });
    } catch {
      continue;
    }
    for await (const entry of handle) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.isFile() || entry.isSymbolicLink()) {
        const info = await lstat(full).catch(() => undefined);
        if (info) {
          bytes += info.size;
          files += 1;
        }
      }
    }
  }
  return { bytes, files };
}
