import os from 'node:os';
import path from 'node:path';
import { cosmiconfig } from 'cosmiconfig';
import { DEFAULT_ROOTS } from '../discover/discovery.js';
import { NbError } from '../errors.js';
import type { ConfigFile } from './config-schema.js';

export type Config = ConfigFile & { readonly file?: string };

/**
 * `.nbbackuprc` (JSON or YAML), `.nbbackuprc.json|yaml|yml`, `nbbackup.config.js` or a "nbbackup" key in
 * package.json: from the current folder up to the home folder, then ~/.config/nbbackup/.
 * NBBACKUP_CONFIG names one file explicitly.
 */
export async function loadConfig(cwd = process.cwd(), explicit = process.env.NBBACKUP_CONFIG): Promise<Config> {
  const explorer = cosmiconfig('nbbackup', { searchStrategy: 'global' });
  let result;
  try {
    result = explicit ? await explorer.load(explicit) : await explorer.search(cwd);
  } catch (error) {
    if (explicit && (error as NodeJS.ErrnoException).code === 'ENOENT') throw new NbError(`NBBACKUP_CONFIG names ${explicit}, which does not exist`, 'point NBBACKUP_CONFIG at your settings file, or unset it');
    throw new NbError(`cannot read config: ${(error as Error).message.split('\n')[0]}`, 'fix the syntax of your .nbbackuprc');
  }
  if (!result || result.isEmpty) return {};
  // The schema (and zod) is loaded only when there is a file to check: most runs have none.
  const { ConfigSchema } = await import('./config-schema.js');
  const parsed = ConfigSchema.safeParse(result.config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new NbError(`${result.filepath}: ${issue.path.join('.') || 'config'}: ${issue.message}`, 'see .nbbackuprc.example for the settings');
  }
  const dir = path.dirname(result.filepath);
  const expand = (p: string) => path.resolve(dir, p.replace(/^~(?=$|\/)/, os.homedir()));
  return {
    ...parsed.data,
    roots: parsed.data.roots?.map(expand),
    installs: parsed.data.installs?.map((i) => ({ path: expand(i.path), envFile: i.envFile && expand(i.envFile) })),
    backupDir: parsed.data.backupDir && expand(parsed.data.backupDir),
    profiles: parsed.data.profiles && Object.fromEntries(Object.entries(parsed.data.profiles).map(([name, p]) => [name, { ...p, install: expand(p.install), outDir: p.outDir && expand(p.outDir) }])),
    file: result.filepath,
  };
}

/** Roots from the command line, else the config, else the current folder and the usual install places. */
export function scanRoots(cliRoots: readonly string[], config: Config, cwd = process.cwd()): string[] {
  if (cliRoots.length) return cliRoots.map((r) => path.resolve(cwd, r));
  if (config.roots?.length) return config.roots;
  return [...new Set([cwd, ...DEFAULT_ROOTS])];
}
