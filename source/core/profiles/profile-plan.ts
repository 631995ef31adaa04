import os from 'node:os';
import path from 'node:path';
import { locateInstall } from '../discover/locate-install.js';
import type { Engine } from '../db/db-target.js';
import { engineModule, isKnownEngine } from '../engines/registry.js';
import { NbError } from '../errors.js';
import { selectItems } from '../inventory/selection.js';
import { ToolFinder } from '../process/tool-finder.js';
import { takeInventory } from '../scan/take-inventory.js';
import type { Config } from '../settings/config.js';
import { defaultOutDir } from '../settings/defaults.js';
import type { Profile } from '../settings/profile.js';
import { checkOutDir, profileDir } from '../settings/profile-store.js';
import { destinationLabel } from '../copy/copy-to.js';
import { describeAlerts } from './alerts.js';
import { hasRetention, planRetention, profileSets, type RetentionPolicy, type SetOwner } from './retention.js';
import { readManifest } from '../set/backup-set.js';
import { dataEntries } from '../set/manifest.js';
import { describeHook } from './run-hooks.js';

/** What a profile resolves to on this machine: its folders and lock, the install as it is now, and what a run would do. */
export function outDirOf(profile: Profile, config: Config): string {
  return path.resolve(profile.outDir ?? config.backupDir ?? defaultOutDir());
}

export function retentionOf(profile: Pick<Profile, 'keep'>): RetentionPolicy {
  const keep = profile.keep ?? {};
  return { keepLast: keep.last, keepDaily: keep.daily, keepWeekly: keep.weekly, keepMonthly: keep.monthly };
}

/** Whose sets retention may prune: this profile's, of this install, made on this host (as the manifest records them). */
export function ownerOf(profile: Profile, installPath: string): SetOwner {
  return { profile: profile.name, host: os.hostname(), installPath };
}

/** The items the newest good set of this profile holds: a run that loses one (an unmounted folder) must say so. */
export async function lastGoodItems(outDir: string, owner: SetOwner): Promise<string[]> {
  const newest = (await profileSets(outDir, owner).catch(() => [])).filter((s) => s.good).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
  if (!newest) return [];
  const manifest = await readManifest(newest.dir).catch(() => undefined);
  return manifest ? dataEntries(manifest).filter((e) => e.status === 'ok').map((e) => e.id) : [];
}

export function lockFileOf(name: string): string {
  return path.join(profileDir(name), 'run.lock');
}

export interface ProfilePlan {
  readonly inventory: Awaited<ReturnType<typeof takeInventory>>;
  readonly tools: ToolFinder;
  readonly outDir: string;
  readonly notIncluded: string[];
}

/** The install as it is now, and what the profile will take of it; probes only what the profile names. */
export async function plan(profile: Profile, config: Config, signal?: AbortSignal): Promise<ProfilePlan> {
  const outDir = outDirOf(profile, config);
  checkOutDir({ install: profile.install, outDir });
  const install = await locateInstall(profile.install, config);
  if (signal?.aborted) throw new NbError('interrupted', undefined, 'interrupted');
  const tools = new ToolFinder();
  const dialect = install.env.DB_DIALECT;
  if (dialect && isKnownEngine(dialect)) tools.warm([...engineModule(dialect).tools(dialect as Engine).dump, 'zstd']);
  const named = profile.items === 'all' ? undefined : [...profile.items, ...(profile.exclude ?? [])];
  const inventory = await takeInventory(install, { tools, only: named });
  const known = new Set([...(profile.items === 'all' ? [] : profile.items), ...(profile.exclude ?? [])]);
  const notIncluded = profile.items === 'all' ? [] : inventory.items.filter((i) => !known.has(i.id) && i.kind === 'database').map((i) => i.id);
  return { inventory, tools, outDir, notIncluded };
}

export interface DryRun {
  readonly outDir: string;
  readonly dump: readonly string[];
  readonly skipped: readonly { id: string; reason: string }[];
  readonly failing: readonly { id: string; reason: string }[];
  readonly notIncluded: readonly string[];
  /** What retention would remove once this run's set is complete and verified. */
  readonly prune: readonly { dir: string; reason: string }[];
  readonly hooks: readonly string[];
  readonly alerts?: string;
  /** Where the set would be copied (contacted only by a real run). */
  readonly copies: readonly string[];
}

/** `run --dry-run`: what a run would dump and prune, touching nothing (no lock, no log, no set). */
export async function dryRun(profile: Profile, config: Config): Promise<DryRun> {
  const planned = await plan(profile, config);
  const selection = selectItems(planned.inventory, profile.items, profile.exclude);
  const policy = retentionOf(profile);
  const sets = await profileSets(planned.outDir, ownerOf(profile, planned.inventory.install.path)).catch(() => []);
  // The set this run would make counts as the newest good one.
  const next = { dir: path.join(planned.outDir, '(this run)'), createdAt: new Date(), good: true };
  const retention = hasRetention(policy) ? planRetention([...sets, next], policy, new Date(), next.dir) : { keep: [], prune: [] };
  return {
    outDir: planned.outDir,
    dump: selection.run.map((i) => i.id),
    skipped: selection.skipped.map((i) => ({ id: i.id, reason: i.reason ?? i.note ?? 'left out' })),
    failing: selection.unavailable.map((i) => ({ id: i.id, reason: `${i.status}: ${i.reason ?? ''}`.trim() })),
    notIncluded: planned.notIncluded,
    prune: retention.prune.map((p) => ({ dir: p.set.dir, reason: p.reason })),
    hooks: [...(profile.hooks?.before ?? []).map((h) => `before: ${describeHook(h)}`), ...(profile.hooks?.after ?? []).map((h) => `after: ${describeHook(h)}`)],
    alerts: profile.alerts ? describeAlerts(profile.alerts) : undefined,
    copies: (profile.copies ?? []).map((c) => destinationLabel(c.to)),
  };
}
