import prettyBytes from 'pretty-bytes';
import { targetPlace } from '../db/db-target.js';
import { MUST_MATCH } from '../inventory/app-settings.js';
import type { InstallInventory } from '../inventory/install-inventory.js';
import type { Item } from '../inventory/item.js';
import { majorOf } from '../process/tool-version.js';
import { compareVersions } from '../restore/preflight.js';
import { appKeyMac, SHOWN_SETTINGS, type FarFacts, type FarItem } from './far-facts.js';

// The side-by-side plan of a migration: what moves where, what the destination lacks and how to fix
// it, and how the two env files differ. Differences are shown, never rewritten: the destination keeps
// its own .env, passwords and all.

export interface PlanRow {
  readonly id: string;
  readonly label: string;
  /** Where it is here, and its size. */
  readonly here: string;
  /** Where it goes there: the destination's own item of that id. */
  readonly there: string;
  readonly sizeBytes?: number;
}

/** Something that stops the migration before anything is dumped or sent. */
export interface PlanProblem {
  readonly id: string;
  readonly reason: string;
  readonly fix: string;
}

export interface EnvRow {
  readonly name: string;
  readonly here: string;
  readonly there: string;
  readonly same: boolean;
}

export interface MigrationPlan {
  readonly from: string;
  /** `host:/path`. */
  readonly to: string;
  readonly farHost: string;
  /** The far install's name, typed to confirm. */
  readonly farName: string;
  readonly rows: readonly PlanRow[];
  readonly problems: readonly PlanProblem[];
  readonly env: readonly EnvRow[];
  readonly notes: readonly string[];
  /** The most the set can take: the sizes of what is selected (dumps are usually smaller). */
  readonly estimateBytes: number;
}

export interface PlanInput {
  readonly source: InstallInventory;
  readonly selected: readonly Item[];
  readonly far: FarFacts;
  readonly to: string;
  readonly nonce: string;
}

export function planMigration({ source, selected, far, to, nonce }: PlanInput): MigrationPlan {
  const problems: PlanProblem[] = [];
  const notes: string[] = [];
  const there = far.install;
  const host = far.host;
  if (!there) {
    problems.push({ id: 'far-install', reason: `no NocoBase install at ${to}: ${far.installError?.reason ?? 'not found'}`, fix: `install NocoBase there (version ${source.nocobaseVersion ?? 'of the source'} or newer) with its own database settings in .env, then migrate again` });
  }
  // The helper does not carry sql.js's WebAssembly, which reads SQLite files back there.
  const sqlite = selected.filter((i) => i.kind === 'database' && i.engine === 'sqlite').map((i) => i.id);
  if (sqlite.length || there?.settings.DB_DIALECT === 'sqlite') {
    problems.push({ id: 'sqlite', reason: `SQLite databases are not migrated over ssh (${sqlite.length ? sqlite.join(', ') : `the install at ${to}`})`, fix: 'back up here, send the set with nbbackup copy, and restore it there with nbbackup installed there' });
  }
  const rows = selected.map((item) => row(item, there?.items.find((f) => f.id === item.id), item.kind === 'files' ? there?.storagePath : undefined));
  if (there) {
    for (const item of selected) if (item.kind === 'database') problems.push(...itemProblems(item, there.items.find((f) => f.id === item.id), host));
    const mismatched = MUST_MATCH.filter((k) => (source.install.env[k] ?? '') !== (there.settings[k] ?? ''));
    if (mismatched.length) {
      problems.push({
        id: 'settings-match',
        reason: `naming settings differ: ${mismatched.map((k) => `${k} "${source.install.env[k] ?? ''}" here, "${there.settings[k] ?? ''}" there`).join('; ')}`,
        fix: `set them in ${there.envFile ?? 'the .env there'} as they are here: NocoBase cannot read data written with other naming settings`,
      });
    }
    const from = source.nocobaseVersion;
    if (from && there.nocobaseVersion && compareVersions(from, there.nocobaseVersion) > 0) {
      problems.push({ id: 'nocobase-version', reason: `NocoBase ${there.nocobaseVersion} there is older than ${from} here`, fix: `upgrade the destination to ${from} or newer first; NocoBase does not support downgrades` });
    } else if (from && there.nocobaseVersion && compareVersions(from, there.nocobaseVersion) < 0) {
      notes.push(`NocoBase ${there.nocobaseVersion} there is newer than ${from} here: nocobase upgrade runs there after the restore`);
    }
  }
  for (const tool of far.tools) {
    if (!tool.path) problems.push({ id: `tool:${tool.label}`, reason: `${tool.label} is missing on ${host}`, fix: `install ${tool.label.split(' or ')[0]} there (${installHint(tool.label)})` });
  }
  const pgRestore = far.tools.find((t) => t.label === 'pg_restore');
  for (const item of selected) {
    const sourceMajor = item.kind === 'database' && item.engine === 'postgres' ? majorOf(item.serverVersion) : undefined;
    if (sourceMajor && pgRestore?.major && pgRestore.major < sourceMajor) {
      problems.push({ id: `tool:pg_restore`, reason: `pg_restore ${pgRestore.major} on ${host} cannot read dumps of PostgreSQL ${sourceMajor}`, fix: `install postgresql-client-${sourceMajor} or newer there` });
      break;
    }
  }

  const estimateBytes = selected.reduce((sum, item) => sum + (item.sizeBytes ?? 0), 0);
  const storageBytes = selected.filter((i) => i.kind === 'files').reduce((sum, item) => sum + (item.sizeBytes ?? 0), 0);
  if (far.stage.error) problems.push({ id: 'stage', reason: `the staging folder ${far.stage.path} on ${host} cannot be used: ${far.stage.error}`, fix: 'name another folder there with --stage' });
  // Files do not shrink much in a set; the exact size is checked again once the set is made.
  else if (far.stage.freeBytes !== undefined && far.stage.freeBytes < storageBytes * 1.1) {
    problems.push({ id: 'stage-disk', reason: `${prettyBytes(far.stage.freeBytes)} free where the set lands on ${host} (${far.stage.path}), storage alone needs about ${prettyBytes(storageBytes)}`, fix: 'free space there, or name a folder on a larger disk with --stage' });
  }
  if (there?.storageFreeBytes !== undefined && there.storageFreeBytes < storageBytes * 1.1) {
    problems.push({ id: 'storage-disk', reason: `${prettyBytes(there.storageFreeBytes)} free beside storage on ${host}, about ${prettyBytes(storageBytes)} needed (the old storage is kept there too)`, fix: `free space on the disk holding ${there.storagePath}` });
  }

  const env: EnvRow[] = SHOWN_SETTINGS.map((name) => {
    const a = source.install.env[name] ?? '';
    const b = there?.settings[name] ?? '';
    return { name, here: a, there: b, same: a === b };
  });
  const macHere = appKeyMac(source.install.env.APP_KEY, nonce);
  const sameKey = macHere === there?.appKeyMac;
  env.push({ name: 'APP_KEY', here: macHere ? 'set' : 'not set', there: there?.appKeyMac ? (sameKey ? 'set, the same' : 'set, different') : 'not set', same: sameKey });
  notes.push(...definerNotes(far), ...dataSourceNotes(source, selected, rows));
  if (!sameKey) notes.push('APP_KEY differs: sign-ins made here are not valid there, users sign in again');
  if (env.some((e) => !e.same)) notes.push(`the destination keeps its own .env${there?.envFile ? ` (${there.envFile})` : ''}: nothing in it is rewritten`);
  return { from: source.install.path, to, farHost: host, farName: there?.name ?? to.slice(to.lastIndexOf('/') + 1), rows, problems, env, notes, estimateBytes };
}

/**
 * Room once the set is made: the set itself, plus the far storage its safety copy takes. The safety
 * copy's database dumps are not counted: their size is not known before they are made.
 */
export function roomProblem(setBytes: number, far: FarFacts, replacedIds: readonly string[]): PlanProblem | undefined {
  const replaced = (far.install?.items ?? []).filter((i) => i.kind === 'files' && replacedIds.includes(i.id)).reduce((sum, i) => sum + (i.sizeBytes ?? 0), 0);
  const need = setBytes + replaced;
  if (far.stage.freeBytes === undefined || far.stage.freeBytes >= need) return undefined;
  return { id: 'stage-disk', reason: `${prettyBytes(far.stage.freeBytes)} free where the set lands on ${far.host} (${far.stage.path}); the set (${prettyBytes(setBytes)}) and the safety copy of the storage it replaces need about ${prettyBytes(need)}`, fix: 'free space there, or name a folder on a larger disk with --stage' };
}

function row(item: Item, far: FarItem | undefined, farStorage: string | undefined): PlanRow {
  const here = item.kind === 'database' ? (item.target ? `${item.engine} ${targetPlace(item.target)}` : item.engine) : item.path;
  const there = item.kind === 'files' ? (farStorage ? `${farStorage}${item.folder === '.' ? '' : `/${item.folder}`}` : '—') : far ? `${far.engine ?? ''} ${far.place ?? ''}`.trim() : 'not on the destination';
  return { id: item.id, label: item.label, here, there, sizeBytes: item.sizeBytes };
}

function itemProblems(item: Item & { kind: 'database' }, far: FarItem | undefined, host: string): PlanProblem[] {
  if (!far) {
    const what = item.group === 'external' ? `data source "${item.id.slice('external:'.length)}"` : item.group === 'subapp' ? `sub-app "${item.id.slice('subapp:'.length)}"` : 'main database';
    return [{ id: item.id, reason: `${item.id}: the destination has no ${what}`, fix: `set it up there with its own database, or leave it out (migrate --exclude ${item.id})` }];
  }
  if (far.status !== 'ok') return [{ id: item.id, reason: `${item.id} cannot be reached from ${host}: ${far.reason ?? far.status}`, fix: `make it reachable with the settings there, or leave it out (migrate --exclude ${item.id})` }];
  // The same server address from both machines is one server: restoring "there" would empty and
  // reload the source's own live database (a shared database server, or a data source carried over
  // by an earlier migration). Loopback names a different server on each machine.
  const here = item.target && item.target.engine !== 'sqlite' ? item.target : undefined;
  if (here && !here.docker && !/^(localhost|127\.|::1$|\[::1\]$)/.test(here.host) && far.place === targetPlace(here)) {
    return [{ id: item.id, reason: `${item.id} there is the very database it is here (${far.place}): restoring it would empty and reload this install's own`, fix: `point it there at its own database${item.group === 'external' ? ` (NocoBase there: Settings → Data sources)` : ''}, or leave it out (migrate --exclude ${item.id})` }];
  }
  if (far.insideCompose) return [{ id: item.id, reason: `${item.id} is reachable only inside its compose network on ${host} (${far.place ?? ''})`, fix: 'publish its port to that host in the compose file (ports: "127.0.0.1:PORT:PORT") and point DB_HOST/DB_PORT there at it, then migrate again' }];
  // MySQL and MariaDB dumps do not load into each other cleanly (collations, JSON, system tables).
  if (far.engine !== item.engine) return [{ id: item.id, reason: `${item.id} is ${item.engine} here but ${far.engine} there`, fix: 'NocoBase data moves only between servers of one kind: point the destination at the same kind of server' }];
  const [a, b] = [majorOf(item.serverVersion), majorOf(far.serverVersion)];
  if (a && b && b < a) return [{ id: item.id, reason: `${item.id}: ${far.engine} ${far.serverVersion} there is older than ${item.serverVersion} here`, fix: `use a server of version ${a} or newer there; dumps do not load into older servers` }];
  return [];
}

/**
 * A data source's connection lives in the main database's records, which the migration carries over:
 * the app there then connects where this one does, not where its data is restored. Said, not rewritten.
 */
function dataSourceNotes(source: InstallInventory, selected: readonly Item[], rows: readonly PlanRow[]): string[] {
  if (!selected.some((i) => i.id === 'main')) return [];
  const moved = rows
    .filter((r) => r.id.startsWith('external:') && r.there !== 'not on the destination' && r.here !== r.there)
    .map((r) => `${r.id}: its connection is kept in the main database, so after the migration the app there connects to ${r.here}, as here; the data goes into ${r.there}: point data source "${r.id.slice('external:'.length)}" there at it (NocoBase: Settings → Data sources)`);
  const left = source.items
    .filter((i) => i.kind === 'database' && i.group === 'external' && !selected.some((s) => s.id === i.id))
    .map((i) => `${i.id} does not move: after the migration the app there connects to ${i.kind === 'database' && i.target ? `${i.engine} ${targetPlace(i.target)}` : 'it'} as this one does`);
  return [...moved, ...left];
}

/** MySQL/MariaDB objects run as their DEFINER: each account is named, with whether it exists there. */
function definerNotes(far: FarFacts): string[] {
  const notes: string[] = [];
  for (const [id, checks] of Object.entries(far.definers ?? {})) {
    if (typeof checks === 'string') {
      notes.push(`${id}: its views, routines, triggers and events have DEFINER accounts that could not be checked there (${checks})`);
      continue;
    }
    const missing = checks.filter((c) => c.exists === false).map((c) => c.definer);
    const unknown = checks.filter((c) => c.exists === undefined).map((c) => c.definer);
    const present = checks.filter((c) => c.exists).map((c) => c.definer);
    if (present.length) notes.push(`${id}: views, routines, triggers and events run as ${present.join(', ')} (DEFINER), which exists there`);
    if (missing.length) notes.push(`${id}: DEFINER ${missing.join(', ')} does not exist on the server there: those objects fail when used until the account is created (or they are re-created with another DEFINER)`);
    if (unknown.length) notes.push(`${id}: DEFINER ${unknown.join(', ')} could not be checked there (its login may not read mysql.user); loading them needs that account, or SUPER / SET USER for the login`);
  }
  return notes;
}

function installHint(label: string): string {
  if (label.startsWith('pg_')) return 'the postgresql-client package of the server version or newer';
  if (label.startsWith('mariadb') || label.startsWith('mysql')) return 'mariadb-client or mysql-client';
  return `the ${label} package`;
}
