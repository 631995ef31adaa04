import { access, constants, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { toolInfo } from './tool-version.js';

/** Finds executables on PATH and in the usual versioned client folders (PostgreSQL keeps one per major). */
export class ToolFinder {
  private readonly cache = new Map<string, Promise<string[]>>();

  constructor(private readonly searchPath: string = process.env.PATH ?? '') {}

  /** Every copy of `name` found, PATH first. */
  all(name: string): Promise<string[]> {
    let found = this.cache.get(name);
    if (!found) {
      found = this.scan(name);
      this.cache.set(name, found);
    }
    return found;
  }

  /**
   * Looks up `names` and reads every copy's version now, all at once and in the background, so a dump
   * that needs them later finds the answers waiting instead of probing one tool after another.
   */
  warm(names: readonly string[]): void {
    for (const name of names) void this.all(name).then((paths) => Promise.all(paths.map((p) => toolInfo(p).catch(() => undefined))), () => undefined);
  }

  async first(names: readonly string[]): Promise<string | undefined> {
    for (const name of names) {
      const [hit] = await this.all(name);
      if (hit) return hit;
    }
    return undefined;
  }

  private async scan(name: string): Promise<string[]> {
    const dirs = this.searchPath.split(path.delimiter).filter(Boolean);
    if (name.startsWith('pg_') || name === 'psql') dirs.push(...(await versionedDirs('/usr/lib/postgresql', 'bin')));
    const hits: string[] = [];
    for (const dir of dirs) {
      const file = path.join(dir, name);
      if (!hits.includes(file) && (await isExecutable(file))) hits.push(file);
    }
    return withoutPgWrapper(hits);
  }
}

/**
 * Debian's /usr/bin/pg_dump is a Perl wrapper that picks a version from cluster settings and adds
 * 0.1–0.3 s to every start; nbbackup picks the version itself, so it runs the binaries behind it.
 */
async function withoutPgWrapper(hits: readonly string[]): Promise<string[]> {
  const real = await Promise.all(hits.map((file) => realpath(file).catch(() => file)));
  const direct = hits.filter((_, i) => path.basename(real[i]) !== 'pg_wrapper');
  return direct.length ? direct : [...hits];
}

/** `/usr/lib/postgresql/<major>/bin`, newest major first. */
async function versionedDirs(parent: string, sub: string): Promise<string[]> {
  const entries = await readdir(parent).catch(() => [] as string[]);
  return entries
    .filter((e) => /^\d+(\.\d+)?$/.test(e))
    .sort((a, b) => Number(b) - Number(a))
    .map((e) => path.join(parent, e, sub));
}

async function isExecutable(file: string): Promise<boolean> {
  return access(file, constants.X_OK).then(
    () => true,
    () => false,
  );
}
