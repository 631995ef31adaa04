import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { errorHint, errorLine, NbError } from '../errors.js';
import { listSets, PROFILE_MARKER } from '../set/backup-set.js';
import { deleteSet } from '../set/delete-set.js';
import { dataEntries } from '../set/manifest.js';
import { setCreatedAt } from '../set/set-time.js';
import { forgetVerdict } from '../verify/verified-sets.js';

// Which of a profile's sets stay and which go, the way borg prune (and so borgmatic) decides, so its
// users find the keep-* numbers mean what they are used to. Only sets that can be restored in full
// count; the newest of those is never pruned, whatever the numbers say.

export { PROFILE_MARKER };

/** How many sets of each kind to keep; -1 keeps one for every period there is. */
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

export function hasRetention(policy: RetentionPolicy): boolean {
  return RULES.some((rule) => policy[rule.key] !== undefined);
}

export function planRetention(sets: readonly RetainedSet[], policy: RetentionPolicy): RetentionPlan {
  // A set of unknown age cannot be placed in any period: it is kept and left out of the rules.
  const undated = sets.filter((s) => Number.isNaN(s.createdAt.getTime()));
  const ordered = sets.filter((s) => !undated.includes(s)).sort(newerFirst);
  const good = ordered.filter((s) => s.good);
  const keepAll = (why: string) => ({ keep: [...ordered, ...undated].map((set) => ({ set, reasons: [why] })), prune: [] });
  if (!hasRetention(policy)) return keepAll('no retention policy');
  if (good.length === 0) return keepAll('no good set yet');
  const kept = new Map<RetainedSet, string>();
  for (const rule of RULES) applyRule(good, rule, policy[rule.key], kept);
  const keep: { set: RetainedSet; reasons: string[] }[] = [];
  const prune: { set: RetainedSet; reason: string }[] = [];
  const newestGood = ordered.indexOf(good[0]);
  for (const [index, set] of ordered.entries()) {
    const reason = kept.get(set);
    if (reason) keep.push({ set, reasons: [reason] });
    else if (set === good[0]) keep.push({ set, reasons: ['newest good set'] });
    // A run newer than the last good one may hold the only recent copy of the items it did finish.
    else if (!set.good && index < newestGood) keep.push({ set, reasons: ['incomplete, newer than the last good set'] });
    else prune.push({ set, reason: set.good ? 'kept by no rule' : 'incomplete; a newer good set exists' });
  }
  keep.push(...undated.map((set) => ({ set, reasons: ['no known creation time'] })));
  return { keep, prune };
}

/** borg's prune_split: the newest set of each period not already kept, until `count` periods are. */
function applyRule(good: readonly RetainedSet[], rule: Rule, count: number | undefined, kept: Map<RetainedSet, string>): void {
  if (count === undefined || count === 0) return;
  let taken = 0;
  let last: string | undefined;
  for (const [index, set] of good.entries()) {
    if (count > 0 && taken >= count) return;
    const period = rule.period(set, index);
    if (period === last) continue;
    last = period;
    if (kept.has(set)) continue;
    kept.set(set, `${rule.label} ${++taken}`);
  }
  // Like borg: too short a history for the count keeps its oldest set, the furthest back there is.
  const oldest = good[good.length - 1];
  if (count > 0 && taken < count && !kept.has(oldest)) kept.set(oldest, `${rule.label} ${taken + 1} (oldest)`);
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
 * The sets in `outDir` that `profile` made: those whose manifest names it, and the interrupted ones
 * its marker names. Another profile's sets, or a hand-made copy, are never this profile's to prune.
 */
export async function profileSets(outDir: string, profile: string): Promise<RetainedSet[]> {
  const root = path.resolve(outDir);
  const out: RetainedSet[] = [];
  for (const summary of await listSets(outDir)) {
    // A set folder given as the backup folder is listed as its own set: never a candidate to delete.
    if (path.resolve(summary.dir) === root) continue;
    const createdAt = new Date(setCreatedAt(summary) ?? Number.NaN);
    if (summary.manifest) {
      if (summary.manifest.profile !== profile) continue;
      const failed = dataEntries(summary.manifest).some((item) => item.status === 'failed');
      out.push({ dir: summary.dir, createdAt, good: !failed });
    } else if ((await readFile(path.join(summary.dir, PROFILE_MARKER), 'utf8').catch(() => undefined)) === profile) {
      out.push({ dir: summary.dir, createdAt, good: false });
    }
  }
  return out;
}

/** Some pruned sets could not be deleted; the others were. */
export class PruneIncomplete extends NbError {
  constructor(
    readonly removed: readonly string[],
    readonly failed: readonly { readonly dir: string; readonly error: unknown }[],
  ) {
    const first = failed[0];
    const more = failed.length > 1 ? ` (and ${failed.length - 1} more)` : '';
    super(`${failed.length} old set${failed.length === 1 ? ' was' : 's were'} not pruned: ${errorLine(first?.error)}${more}`, errorHint(first?.error), 'failed');
  }
}

/**
 * Deletes the plan's pruned sets through deleteSet, which removes only folders that are certainly
 * sets. One set it refuses does not keep the others: they go, and the error then names what stayed.
 */
export async function pruneSets(plan: RetentionPlan): Promise<string[]> {
  const removed: string[] = [];
  const failed: { dir: string; error: unknown }[] = [];
  for (const { set } of plan.prune) {
    try {
      await deleteSet(path.dirname(set.dir), set.dir);
      forgetVerdict(set.dir);
      removed.push(set.dir);
    } catch (error) {
      failed.push({ dir: set.dir, error });
    }
  }
  if (failed.length > 0) throw new PruneIncomplete(removed, failed);
  return removed;
}
