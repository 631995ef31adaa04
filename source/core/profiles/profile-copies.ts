import path from 'node:path';
import prettyBytes from 'pretty-bytes';
import { copyAndRecord, destinationFor } from '../copy/copy-to.js';
import { namesCopiedTo, recordRemoved } from '../copy/copy-records.js';
import type { SetDestination } from '../copy/destination.js';
import { errorHint, errorLine, NbError } from '../errors.js';
import type { Config } from '../settings/config.js';
import type { Profile } from '../settings/profile.js';
import { dataEntries } from '../set/manifest.js';
import { looksLikeSetName } from '../set/backup-set.js';
import { retentionOf } from './profile-plan.js';
import { hasRetention, planRetention, type RetainedSet, type SetOwner } from './retention.js';

export interface CopyOutcome {
  readonly to: string;
  readonly ok: boolean;
  readonly error?: string;
  readonly hint?: string;
  /** Sets retention removed there. */
  readonly pruned: readonly string[];
}

/**
 * A run's off-site step: the new set to each destination, proven there, then that destination's
 * retention over the sets this profile, host and install made there (read from their manifests, as
 * at home). A destination that fails is reported and the others still get their copy; its own
 * sets are then left as they are.
 */
export async function copyToDestinations(profile: Profile, config: Config, setDir: string, owner: SetOwner, signal: AbortSignal, say: (line: string) => void): Promise<CopyOutcome[]> {
  const outcomes: CopyOutcome[] = [];
  for (const target of profile.copies ?? []) {
    if (signal.aborted) throw new NbError('interrupted', undefined, 'interrupted');
    let label = target.to;
    try {
      const destination = await destinationFor(target.to, config);
      label = destination.label;
      const result = await copyAndRecord(setDir, destination, signal);
      const resumed = result.files.reduce((sum, f) => sum + f.resumedFrom, 0);
      say(`copied to ${label}: ${prettyBytes(result.bytes)}${resumed ? `, went on from ${prettyBytes(resumed)}` : ''}${result.alreadyThere ? ' (already there)' : ''}, verified there`);
      const pruned = await retainAt(destination, retentionOf({ keep: target.keep ?? profile.keep }), owner, path.basename(setDir), signal, say);
      outcomes.push({ to: label, ok: true, pruned });
    } catch (error) {
      if (error instanceof NbError && error.code === 'interrupted') throw error;
      say(`copy to ${label} FAILED: ${errorLine(error)}`);
      outcomes.push({ to: label, ok: false, error: errorLine(error), hint: errorHint(error), pruned: [] });
    }
  }
  return outcomes;
}

async function retainAt(destination: SetDestination, policy: ReturnType<typeof retentionOf>, owner: SetOwner, made: string, signal: AbortSignal, say: (line: string) => void): Promise<string[]> {
  if (!hasRetention(policy)) return [];
  const owned: RetainedSet[] = [];
  const ours = namesCopiedTo(destination.label);
  for (const set of await destination.listSets(signal)) {
    const m = set.manifest;
    // Only complete sets this machine copied there and whose manifest names this owner: a copy half-way
    // there, a set another server sent to the same bucket, or one planted with a manifest that claims to
    // be ours is never this run's to weigh or remove.
    if (!m || !ours.has(set.name) || !looksLikeSetName(set.name) || m.profile !== owner.profile || m.source.host !== owner.host || m.source.installPath !== owner.installPath) continue;
    owned.push({ dir: set.name, createdAt: new Date(m.createdAt), good: !dataEntries(m).some((i) => i.status === 'failed') });
  }
  const plan = planRetention(owned, policy, new Date(), made);
  const removed: string[] = [];
  for (const { set, reason } of plan.prune) {
    try {
      await destination.removeSet(set.dir, signal);
      recordRemoved(destination.label, set.dir);
      removed.push(set.dir);
      say(`pruned ${set.dir} at ${destination.label} (${reason})`);
    } catch (error) {
      say(`not pruned ${set.dir} at ${destination.label}: ${errorLine(error)}`);
    }
  }
  say(`retention at ${destination.label}: kept ${plan.keep.length}, pruned ${removed.length}`);
  return removed;
}
