import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import Conf from 'conf';
import { firstLine, NbError, UsageError } from '../errors.js';
import type { Config } from './config.js';
import { firstIssue, isProfileName, ProfileBodySchema, type Profile, type ProfileBody } from './profile.js';

/**
 * Profiles saved from nbbackup (per user, a 0600 JSON file beside the preferences) merged with those a
 * server's .nbbackuprc ships. A shipped profile is edited in its file: nbbackup never rewrites config files.
 */
type Stored = { profiles?: Record<string, unknown> };

function store(): Conf<Stored> {
  try {
    return new Conf<Stored>({ projectName: 'nbbackup', configName: 'profiles', cwd: process.env.NBBACKUP_STATE_DIR || undefined, projectSuffix: '', configFileMode: 0o600 });
  } catch (error) {
    // conf reads the file as it opens it: a damaged one is named, with what to do.
    const where = process.env.NBBACKUP_STATE_DIR || '~/.config/nbbackup';
    throw new NbError(`profiles.json in ${where} cannot be read (${firstLine((error as Error).message)})`, 'fix it, or move it away and save the profiles again');
  }
}

/** Where a profile keeps its run log, last result and lock: beside the profile file, one folder each. */
export function profileDir(name: string): string {
  return path.join(path.dirname(store().path), 'profiles', name);
}

export function profilesFile(): string {
  return store().path;
}

export function checkProfileName(name: string): void {
  if (!isProfileName(name)) {
    throw new UsageError(`"${name.replace(/[^\x20-\x7e]/g, '?')}" is not a profile name`, 'use letters, digits, dot, dash and underscore (at most 64), starting with a letter or digit');
  }
}

/** Every profile, by name; a damaged entry in the profile file is one line naming the file and the key. */
export function loadProfiles(config: Config): Profile[] {
  const conf = store();
  let raw: Record<string, unknown>;
  try {
    raw = conf.get('profiles') ?? {};
  } catch (error) {
    throw new NbError(`${conf.path}: cannot be read (${(error as Error).message.split('\n')[0]})`, 'fix or delete that file');
  }
  const out = new Map<string, Profile>();
  for (const [name, body] of Object.entries(raw)) {
    if (!isProfileName(name)) throw new NbError(`${conf.path}: profiles: "${name.slice(0, 40)}" is not a profile name`, 'remove that entry from the file');
    const parsed = ProfileBodySchema.safeParse(body);
    if (!parsed.success) throw new NbError(`${conf.path}: profiles.${name}.${firstIssue(parsed.error)}`, 'save the profile again with nbbackup profile save, or fix the file');
    out.set(name, { name, ...parsed.data });
  }
  for (const [name, body] of Object.entries(config.profiles ?? {})) out.set(name, { name, ...body, definedIn: config.file });
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
}

export function findProfile(name: string, config: Config): Profile {
  const profile = loadProfiles(config).find((p) => p.name === name);
  if (!profile) {
    const names = loadProfiles(config).map((p) => p.name);
    throw new UsageError(`no profile named "${name.replace(/[^\x20-\x7e]/g, '?')}"`, names.length ? `profiles: ${names.join(', ')}` : 'save one first: nbbackup profile save NAME --install PATH --all');
  }
  return profile;
}

function refuseShipped(name: string, config: Config, doing: string): void {
  if (config.profiles?.[name]) throw new UsageError(`profile "${name}" comes from ${config.file}; nbbackup cannot ${doing} it`, `edit it in ${config.file}`);
}

/** Saves (or replaces) a profile; returns the file it went to. */
export function saveProfile(name: string, body: ProfileBody, config: Config): string {
  checkProfileName(name);
  refuseShipped(name, config, 'replace');
  const parsed = ProfileBodySchema.safeParse(body);
  if (!parsed.success) throw new UsageError(`profile ${name}: ${firstIssue(parsed.error)}`);
  checkOutDir(parsed.data);
  const conf = store();
  conf.set('profiles', { ...(conf.get('profiles') ?? {}), [name]: parsed.data });
  return conf.path;
}

/** Deletes a profile and its run log and state; its backup sets stay where they are. */
export async function deleteProfile(name: string, config: Config): Promise<void> {
  checkProfileName(name);
  refuseShipped(name, config, 'delete');
  const conf = store();
  const all = { ...(conf.get('profiles') ?? {}) };
  if (!(name in all)) throw new UsageError(`no profile named "${name}"`, 'nbbackup profiles lists them');
  delete all[name];
  conf.set('profiles', all);
  await rm(profileDir(name), { recursive: true, force: true });
}

/** Renames a profile and moves its run log and state with it. */
export async function renameProfile(from: string, to: string, config: Config): Promise<void> {
  checkProfileName(to);
  refuseShipped(from, config, 'rename');
  const conf = store();
  const all = { ...(conf.get('profiles') ?? {}) };
  if (!(from in all)) throw new UsageError(`no profile named "${from}"`, 'nbbackup profiles lists them');
  if (to in all || config.profiles?.[to]) throw new UsageError(`a profile named "${to}" exists already`, 'pick another name');
  await rename(profileDir(from), profileDir(to)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  all[to] = all[from];
  delete all[from];
  conf.set('profiles', all);
}

/**
 * The folder a profile's sets go to: absolute (a scheduled run starts in / or $HOME), and never inside
 * the install, where each set would be archived into the next and dumps would sit in served storage.
 */
export function checkOutDir(body: Pick<ProfileBody, 'install' | 'outDir'>): void {
  if (!body.outDir) return;
  if (!path.isAbsolute(body.outDir)) throw new UsageError(`the backup folder ${body.outDir} is not an absolute path`, 'give the full path, e.g. /var/backups/nocobase');
  const out = path.resolve(body.outDir);
  const install = path.resolve(body.install);
  if (out === path.parse(out).root) throw new UsageError('the backup folder cannot be /', 'pick a folder of its own, e.g. /var/backups/nocobase');
  if (out === install || out.startsWith(install + path.sep)) throw new UsageError(`the backup folder ${out} is inside the install ${install}`, 'pick a folder outside the install, e.g. /var/backups/nocobase');
}
