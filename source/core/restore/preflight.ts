import { readdir, statfs } from 'node:fs/promises';
import path from 'node:path';
import type { InstallInventory } from '../scan/take-inventory.js';
import { tcpOpen } from '../process/tcp-probe.js';
import { appPort } from './app-control.js';
import type { Manifest } from '../set/manifest.js';
import type { ToolFinder } from '../process/tool-finder.js';
import { checkedFilesLine, type SetVerdict } from '../verify/verify-set.js';
import type { Check } from '../engines/check.js';
import { pluginsCheck } from './plugin-check.js';
import type { RestorePlan } from './restore-plan.js';
import { moduleForItem } from '../engines/registry.js';
import { targetPlace } from '../db/db-target.js';
import { MUST_MATCH } from '../inventory/app-settings.js';

export type { Check } from '../engines/check.js';

/** The check a front end offers to act on (stop the app, or restore with --stop-app). */
export const APP_STOPPED = 'app-stopped';

export interface PreflightInput {
  readonly manifest: Manifest;
  readonly verdict: SetVerdict;
  readonly target: InstallInventory;
  readonly plan: RestorePlan;
  readonly tools: ToolFinder;
}

/** Every check, each a line with ✔/✖ and a fix; restore goes on only when all pass. */
export async function preflight({ manifest, verdict, target, plan, tools }: PreflightInput): Promise<Check[]> {
  const checks: Check[] = [];
  const bad = verdict.items.filter((i) => !i.ok);
  // A damaged file blocks only its own item: left unticked (or not restorable here) it is not read.
  // The app keys travel with every database, so damaged keys block whatever they travel with.
  const planned = new Set([...plan.items.map((i) => i.entry.id), ...(plan.keys ? [plan.keys.entry.id] : [])]);
  const ofItems = bad.every((b) => manifest.items.some((m) => m.id === b.id));
  const badPlanned = bad.filter((b) => planned.has(b.id));
  const setOk = verdict.filesOk || (ofItems && badPlanned.length === 0);
  const unread = bad.filter((b) => !planned.has(b.id)).map((b) => b.id);
  // What unticking would clear: the damaged items themselves (not the keys, which cannot be unticked).
  const blocks = ofItems ? badPlanned.filter((b) => b.id !== plan.keys?.entry.id).map((b) => b.id) : [];
  checks.push({
    id: 'set-verifies',
    name: 'set verifies',
    ok: setOk,
    detail: verdict.filesOk
      ? checkedFilesLine(verdict)
      : setOk
        ? `the files to restore match the manifest; damaged, and left out: ${unread.join(', ')}`
        : (ofItems ? badPlanned : bad).map((b) => b.error).join('; '),
    fix: 'the set is damaged or was changed: untick what it names, or use another set',
    items: blocks.length ? blocks : undefined,
  });
  checks.push({ id: 'something-to-restore', name: 'something to restore', ok: plan.items.length > 0, detail: plan.items.length ? `${plan.items.length} items` : 'no item of the set has a counterpart on the target', fix: 'pick items the target has (nbbackup scan lists them)' });

  const mismatched = MUST_MATCH.filter((k) => (manifest.settings[k] ?? '') !== (target.install.env[k] ?? ''));
  checks.push({
    id: 'settings-match',
    name: 'settings match',
    ok: mismatched.length === 0,
    detail: mismatched.length ? mismatched.map((k) => `${k}: set "${manifest.settings[k] ?? ''}", target "${target.install.env[k] ?? ''}"`).join('; ') : MUST_MATCH.join(', '),
    fix: 'NocoBase cannot read data written with other naming settings: set them on the target as the set has them',
  });

  const from = manifest.source.nocobaseVersion;
  const to = target.nocobaseVersion;
  const order = from && to ? compareVersions(from, to) : 0;
  checks.push({
    id: 'nocobase-version',
    name: 'NocoBase version',
    ok: order <= 0,
    detail: from && to ? `set ${from}, target ${to}${order < 0 ? ' (upgrade runs after the restore)' : ''}` : `set ${from ?? 'unknown'}, target ${to ?? 'unknown'}`,
    fix: `the set comes from a newer NocoBase (${from}): upgrade the target to ${from} or newer first; NocoBase does not support downgrades`,
  });

  for (const { entry, target: item } of plan.items) {
    if (item.kind !== 'database') continue;
    checks.push({ id: `reachable:${item.id}`, name: `${item.id} reachable`, ok: item.status === 'ok', detail: item.status === 'ok' && item.target ? targetPlace(item.target) : `${item.status}: ${item.reason ?? ''}`, fix: item.hint ?? 'make the target database reachable with its settings', items: [entry.id] });
    const rights = item.status === 'ok' ? await moduleForItem(item).rightsCheck(item, entry) : undefined;
    if (rights) checks.push({ ...rights, items: [entry.id] });
  }
  const plugins = pluginsCheck(manifest, target, plan);
  if (plugins) checks.push({ ...plugins, items: ['main'] });

  // Each engine's own restore tools; alternatives (mariadb or mysql) count as one.
  const needed = new Map<string, { names: readonly string[]; items: string[] }>();
  const need = (names: readonly string[], id: string) => {
    const label = names.join(' or ');
    needed.set(label, { names, items: [...(needed.get(label)?.items ?? []), id] });
  };
  for (const { entry, target: item } of plan.items) {
    const names = moduleForItem(item).tools(item.kind === 'database' ? (item.engine as never) : undefined).restore;
    if (names.length) need(names, entry.id);
  }
  for (const { entry } of plan.items) if (entry.compression === 'zstd') need(['zstd'], entry.id);
  // The key files travel with any database restored: a missing zstd for them blocks the restore itself.
  if (plan.keys?.entry.compression === 'zstd' && !needed.has('zstd')) needed.set('zstd', { names: ['zstd'], items: [] });
  for (const [label, { names, items }] of needed) {
    const found = await tools.first(names);
    checks.push({ id: `tool:${names[0]}`, name: `${label} present`, ok: Boolean(found), detail: found ?? 'not found', fix: `install ${names[0]}`, items: items.length ? items : undefined });
  }

  // rawBytes is sampled while zstd runs, so a quick dump may lack it: the archive's own size is the floor.
  const files = plan.items.filter((i) => i.target.kind === 'files');
  const storageBytes = files.reduce((s, i) => s + Math.max(i.entry.rawBytes ?? 0, i.entry.bytes ?? 0), 0);
  if (files.length) {
    const fs = await statfs(path.dirname(target.install.storagePath)).catch(() => undefined);
    const free = fs ? fs.bavail * fs.bsize : 0;
    checks.push({ id: 'free-disk', name: 'free disk', ok: free > storageBytes * 1.1, detail: `${Math.round(free / 1048576)} MiB free beside storage, about ${Math.round(storageBytes / 1048576)} MiB needed`, fix: 'free space beside the storage folder (the old storage is kept there too)', items: plan.items.filter((i) => i.target.kind === 'files').map((i) => i.entry.id) });
  }

  const earlier = await earlierRestore(target.install.storagePath);
  if (earlier) checks.push(earlier);

  const hostPort = appPort(target.install);
  if (hostPort) {
    const running = await tcpOpen('127.0.0.1', hostPort, 1000);
    checks.push({
      id: APP_STOPPED,
      name: 'app stopped',
      ok: !running,
      detail: running ? `something answers on port ${hostPort}` : `nothing answers on port ${hostPort}`,
      fix: target.install.compose ? `stop it (or restore with --stop-app): docker compose -f ${target.install.compose.file} stop ${target.install.compose.service}` : 'stop it (or restore with --stop-app): yarn pm2 kill in the app folder, or stop the process that runs it',
    });
  }
  return checks;
}


/** 1.9.3 < 1.10.0 < 2.0.0-beta < 2.0.0; -1 when a is older. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [main, pre] = v.replace(/^v/, '').split('-');
    return { nums: main.split('.').map((n) => Number(n) || 0), pre };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) if ((x.nums[i] ?? 0) !== (y.nums[i] ?? 0)) return (x.nums[i] ?? 0) < (y.nums[i] ?? 0) ? -1 : 1;
  if (x.pre === y.pre) return 0;
  if (!x.pre) return 1;
  if (!y.pre) return -1;
  return x.pre < y.pre ? -1 : 1;
}

/**
 * A work folder left beside storage means an earlier restore was killed midway (SIGKILL, power): it
 * holds that run's rollback copies, and the target may be between states. A person looks first.
 */
async function earlierRestore(storagePath: string): Promise<Check | undefined> {
  const parent = path.dirname(storagePath);
  const left = (await readdir(parent).catch(() => [] as string[])).filter((n) => n.startsWith('.nbrestore-'));
  if (!left.length) return undefined;
  const stamps = left.map((n) => /^\.nbrestore-(\d{14})-/.exec(n)?.[1]).filter(Boolean);
  const made = stamps.length ? ` and what it named after ${stamps.join(', ')}: databases or schemas *_nbr_<stamp> (fresh copies) and *_nbold_<stamp> (the old ones kept aside), files *.nbr-<stamp>, restore files nbrestore*<stamp>* in mssqlBackupDir or oracleDumpDir` : '';
  return {
    id: 'earlier-restore',
    name: 'no unfinished restore',
    ok: false,
    detail: `an earlier restore was stopped midway: ${left.map((n) => path.join(parent, n)).join(', ')} holds its rollback copies`,
    fix: `check the target${made}; restore the safety set that run made if the target is not as it should be, then remove that folder`,
  };
}
