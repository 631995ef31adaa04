import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { errorLine } from '../errors.js';
import { listSets, looksLikeSetName, PROFILE_MARKER, type SetOwner } from '../set/backup-set.js';
import { deleteSet } from '../set/delete-set.js';
import { dataEntries } from '../set/manifest.js';
import { setCreatedAt } from '../set/set-time.js';
import { forgetVerdict } from '../verify/verified-sets.js';

// Which of a profile's sets stay and which go, the way borg prune (and so borgmatic) decides, so its
// users find the keep-* numbers mean what they are used to. Only sets that can be restored in full
// count; the newest of those is never pruned, whatever the numbers say.

export { PROFILE_MARKER, type SetOwner };

/** How many sets of each kind to keep; 0 (or unset) turns that rule off, as in borg. */
export interface RetentionPolicy {
  readonly keepLast?: number;
  readonly keepDaily?: number;
  readonly keepWeekly?: number;
  readonly keepMonthly?: number;
}

export interface RetainedSet {
  readonly dir: string;
  readonly createdAt: Date;
  /** Complete: a manifest and no failed item. Only these count toward the rules. */
  readonly good: boolean;
}

export interface RetentionPlan {
  /** Newest first, each with why it stays. */
  readonly keep: readonly { set: RetainedSet; reasons: string[] }[];
  /** Newest first, each with why it goes. */
  readonly prune: readonly { set: RetainedSet; reason: string }[];
}

interface Rule {
  readonly key: keyof RetentionPolicy;
  readonly label: string;
  /** The period a set falls in, in local time as borg reckons it; keep-last gives each set its own. */
  readonly period: (set: RetainedSet, index: number) => string;
}

// borg's order: a set kept by an earlier rule does not count toward a later one.
const RULES: readonly Rule[] = [
  { key: 'keepLast', label: 'last', period: (_, index) => String(index) },
  { key: 'keepDaily', label: 'daily', period: ({ createdAt: at }) => `${at.getFullYear()}-${at.getMonth() + 1}-${at.getDate()}` },
  { key: 'keepWeekly', label: 'weekly', period: ({ createdAt }) => isoWeek(createdAt) },
  { key: 'keepMonthly', label: 'monthly', period: ({ createdAt: at }) => `${at.getFullYear()}-${at.getMonth() + 1}` },
];

/** Whether any rule is on: a policy of zeros prunes nothing. */
export function hasRetention(policy: RetentionPolicy): boolean {
  return RULES.some((rule) => (policy[rule.key] ?? 0) > 0);
}

/** A clock may be a little ahead of another's; a set dated further ahead than this is not trusted. */
const FUTURE_SLACK_MS = 5 * 60_000;

/**
 * `protect`: a set folder kept whatever the rules say; a run passes the set it has just written,
 * so no clock, date or rule can ever delete it.
 */
export function planRetention(sets: readonly RetainedSet[], policy: RetentionPolicy, now = new Date(), protect?: string): RetentionPlan {
  // A set of unknown age cannot be placed in any period, and one dated ahead of the clock (a clock set
  // back, a copy from a machine whose clock is wrong) would crowd real ones out: both stay, outside the rules.
  const undated = sets.filter((s) => Number.isNaN(s.createdAt.getTime()));
  const future = sets.filter((s) => s.createdAt.getTime() > now.getTime() + FUTURE_SLACK_MS);
  const ordered = sets.filter((s) => !undated.includes(s) && !future.includes(s)).sort(newerFirst);
  const good = ordered.filter((s) => s.good);
  const aside = [...future.sort(newerFirst).map((set) => ({ set, reasons: ['dated in the future'] })), ...undated.map((set) => ({ set, reasons: ['no known creation time'] }))];
  const keepAll = (why: string) => ({ keep: [...ordered.map((set) => ({ set, reasons: [why] })), ...aside], prune: [] });
  if (!hasRetention(policy)) return keepAll('no retention policy');
  if (good.length === 0) return keepAll('no good set yet');
  const kept = new Map<RetainedSet, string>();
  for (const rule of RULES) applyRule(good, rule, policy[rule.key], kept);
  const protectedDir = protect === undefined ? undefined : path.resolve(protect);
  const keep: { set: RetainedSet; reasons: string[] }[] = [];
  const prune: { set: RetainedSet; reason: string }[] = [];
  const newestGood = ordered.indexOf(good[0]);
  for (const [index, set] of ordered.entries()) {
    const reason = kept.get(set);
    if (reason) keep.push({ set, reasons: [reason] });
    else if (set === good[0]) keep.push({ set, reasons: ['newest good set'] });
    // A run newer than the last good one may hold the only recent copy of the items it did finish.
    else if (!set.good && index < newestGood) keep.push({ set, reasons: ['incomplete, newer than the last good set'] });
    else if (path.resolve(set.dir) === protectedDir) keep.push({ set, reasons: ['written by this run'] });
    else prune.push({ set, reason: set.good ? 'kept by no rule' : 'incomplete; a newer good set exists' });
  }
  keep.push(...aside);
  return { keep, prune };
}

/** borg's prune_split: the newest set of each period not already kept, until `count` periods are. */
function applyRule(good: readonly RetainedSet[], rule: Rule, count: number | undefined, kept: Map<RetainedSet, string>): void {
  if (count === undefined || count < 1) return;
  let taken = 0;
  let last: string | undefined;
  for (const [index, set] of good.entries()) {
    if (taken >= count) return;
    const period = rule.period(set, index);
    if (period === last) continue;
    last = period;
    if (kept.has(set)) continue;
    kept.set(set, `${rule.label} ${++taken}`);
  }
  // Like borg: too short a history for the count keeps its oldest set, the furthest back there is.
  const oldest = good[good.length - 1];
  if (taken < count && !kept.has(oldest)) kept.set(oldest, `${rule.label} ${taken + 1} (oldest)`);
}

/** `2026-W49`: ISO 8601 weeks start on Monday and belong to the year of their Thursday. */
function isoWeek(at: Date): string {
  const day = new Date(Date.UTC(at.getFullYear(), at.getMonth(), at.getDate()));
  day.setUTCDate(day.getUTCDate() + 4 - (day.getUTCDay() || 7));
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  return `${day.getUTCFullYear()}-W${Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7)}`;
}

/** Sets of one second keep their folder order: `-1` was made after the plain name. */
function newerFirst(a: RetainedSet, b: RetainedSet): number {
  return b.createdAt.getTime() - a.createdAt.getTime() || (a.dir < b.dir ? 1 : a.dir > b.dir ? -1 : 0);
}

/**
 * The sets in `outDir` that `owner` made: folders named as a run names them whose manifest names
 * the same profile, host and install, and the interrupted ones whose marker does. Another host's
 * profile of the same name (one share, several servers), another profile's sets, or a hand-made
 * copy (`keep-before-upgrade/`) are never this owner's to prune.
 */
export async function profileSets(outDir: string, owner: SetOwner): Promise<RetainedSet[]> {
  const root = path.resolve(outDir);
  const out: RetainedSet[] = [];
  for (const summary of await listSets(outDir)) {
    // A set folder given as the backup folder is listed as its own set: never a candidate to delete.
    if (path.resolve(summary.dir) === root || !looksLikeSetName(path.basename(summary.dir))) continue;
    const createdAt = new Date(setCreatedAt(summary) ?? Number.NaN);
    if (summary.manifest) {
      const { profile, source } = summary.manifest;
      if (profile !== owner.profile || source.host !== owner.host || source.installPath !== owner.installPath) continue;
      const failed = dataEntries(summary.manifest).some((item) => item.status === 'failed');
      out.push({ dir: summary.dir, createdAt, good: !failed });
    } else if (await markedBy(summary.dir, owner)) {
      out.push({ dir: summary.dir, createdAt, good: false });
    }
  }
  return out;
}

/** A marker is a few hundred bytes; anything larger, not a plain file, or not all three fields equal is not ours. */
const MARKER_MAX_BYTES = 4096;

async function markedBy(dir: string, owner: SetOwner): Promise<boolean> {
  const file = path.join(dir, PROFILE_MARKER);
  const info = await lstat(file).catch(() => undefined);
  if (!info?.isFile() || info.size > MARKER_MAX_BYTES) return false;
  try {
    const marker = JSON.parse(await readFile(file, 'utf8')) as Partial<Record<keyof SetOwner, unknown>> | null;
    return marker?.profile === owner.profile && marker.host === owner.host && marker.installPath === owner.installPath;
  } catch {
    return false;
  }
}

export interface PruneResult {
  readonly removed: readonly string[];
  /** Sets the plan pruned that deleteSet would not delete, each with why: logged, never a failed run. */
  readonly refused: readonly { readonly dir: string; readonly reason: string }[];
}

/**
 * Deletes the plan's pruned sets through deleteSet, which removes only folders that are certainly
 * sets. One it refuses stays and is reported; the others still go.
 */
export async function pruneSets(plan: RetentionPlan): Promise<PruneResult> {
  const removed: string[] = [];
  const refused: { dir: string; reason: string }[] = [];
  for (const { set } of plan.prune) {
    if (!looksLikeSetName(path.basename(set.dir))) {
      refused.push({ dir: set.dir, reason: `${path.basename(set.dir)} was not deleted: it is not named like a backup set` });
      continue;
    }
    try {
      await deleteSet(path.dirname(set.dir), set.dir);
      forgetVerdict(set.dir);
      removed.push(set.dir);
    } catch (error) {
      refused.push({ dir: set.dir, reason: errorLine(error) });
    }
  }
  return { removed, refused };
}
