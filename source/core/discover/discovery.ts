import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { errorLine } from '../errors.js';
import type { Install } from './install.js';
import { COMPOSE_FILE_NAMES, recogniseInstall } from './recognise-install.js';

export const DEFAULT_ROOTS = ['/opt', '/srv', '/var/www', '/home', '/root', '/app'];

/** Folders that never hold an install, or hold thousands of folders we must not walk. */
const SKIP = new Set(['node_modules', '.git', '.hg', '.svn', '.cache', '.npm', '.yarn', '.pnpm-store', '.nvm', 'proc', 'sys', 'dev', 'run', 'snap', 'lost+found', '__pycache__', '.Trash']);
const MAX_DEPTH = 6;
/** A folder holding none of these is not an install (see recogniseInstall). */
const INSTALL_MARKERS = new Set(['package.json', ...COMPOSE_FILE_NAMES]);

export interface DiscoveryOptions {
  readonly roots: readonly string[];
  /** Explicit installs from the config file, with a non-default env file where needed. */
  readonly installs?: readonly { path: string; envFile?: string }[];
  /** Where NocoBase's `nb` CLI records the installs it manages; `false` to skip it. */
  readonly nbCliConfig?: string | false;
  readonly onInstall?: (install: Install) => void;
}

export interface DiscoveryResult {
  readonly installs: Install[];
  readonly warnings: string[];
}

/** Walks the roots breadth-first, never following symlinked folders, and stops at each install it recognises. */
export async function discoverInstalls(options: DiscoveryOptions): Promise<DiscoveryResult> {
  const installs: Install[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  const add = (install: Install) => {
    if (seen.has(install.path)) return;
    seen.add(install.path);
    installs.push(install);
    options.onInstall?.(install);
  };

  for (const entry of options.installs ?? []) {
    const dir = await realpath(entry.path).catch(() => undefined);
    const install = dir && (await recogniseInstall(dir, { envFile: entry.envFile }));
    if (install) add(install);
    else warnings.push(`configured install ${entry.path} is not a NocoBase install`);
  }
  const registry = options.nbCliConfig === false ? undefined : (options.nbCliConfig ?? path.join(os.homedir(), '.nocobase/config.json'));
  for (const candidate of registry ? await nbCliInstallDirs(registry) : []) {
    const install = await recogniseInstall(candidate.dir, candidate);
    if (install) add(install);
  }

  const visited = new Set<string>();
  for (const root of options.roots) {
    let start: string;
    try {
      start = await realpath(root);
      if (!(await stat(start)).isDirectory()) throw new Error('not a folder');
    } catch (error) {
      warnings.push(`scan root ${root} skipped: ${describeFsError(error)}`);
      continue;
    }
    await walk(start, 0, visited, add, warnings, seen);
  }
  return { installs, warnings };
}

async function walk(
  dir: string,
  depth: number,
  visited: Set<string>,
  add: (install: Install) => void,
  warnings: string[],
  seen: Set<string>,
): Promise<void> {
  if (visited.has(dir)) return;
  visited.add(dir);
  if (seen.has(dir)) return;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (depth === 0) warnings.push(`scan root ${dir} not readable: ${describeFsError(error)}`);
    return;
  }
  // One read of the folder says both whether it may be an install and where to go next: no probe
  // for package.json or compose files in each of thousands of folders that have none.
  const children: string[] = [];
  let candidate = false;
  for (const entry of entries) {
    if (!entry.isDirectory()) candidate ||= INSTALL_MARKERS.has(entry.name);
    // Dirent reports symlinks as links, so linked folders (and their loops) are never entered.
    else if (!SKIP.has(entry.name)) children.push(path.join(dir, entry.name));
  }
  const install = candidate ? await recogniseInstall(dir).catch(() => undefined) : undefined;
  if (install) {
    add(install);
    return;
  }
  if (depth >= MAX_DEPTH) return;
  children.sort();
  for (const child of children) await walk(child, depth + 1, visited, add, warnings, seen);
}

interface Candidate {
  readonly dir: string;
  readonly envFile?: string;
  readonly storagePath?: string;
}

/** Installs named in `~/.nocobase/config.json`: an app folder holds `source/`, `storage/` and `.env` side by side. */
async function nbCliInstallDirs(file: string): Promise<Candidate[]> {
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return [];
  }
  const dirs = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string' && path.isAbsolute(value)) {
      const base = /\/(source|storage|\.env)\/?$/.test(value) ? path.dirname(value) : value;
      dirs.add(base);
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(doc);
  const found: Candidate[] = [];
  for (const base of dirs) {
    const source = path.join(base, 'source');
    if (await isDir(source)) {
      found.push({ dir: source, envFile: path.join(base, '.env'), storagePath: path.join(base, 'storage') });
    } else if (await isDir(base)) {
      found.push({ dir: base });
    }
  }
  return found;
}

async function isDir(dir: string): Promise<boolean> {
  return stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return errorLine(error);
}
