import { dataEntries, type Manifest } from '../set/manifest.js';
import type { RestorePlan } from './restore-plan.js';

/** One item of the set as the operator may tick it for a restore. */
export interface RestoreChoice {
  readonly id: string;
  readonly label: string;
  /** The set file it comes from. */
  readonly file?: string;
  /** Bytes of that file. */
  readonly bytes?: number;
  /** Why it cannot be restored into this target (no counterpart, failed at backup…): shown, never ticked. */
  readonly unavailable?: string;
}

/** A skip that a tick can undo: the part is only left out because the whole folder is restored. */
const IN_WHOLE = 'restored with the whole storage folder';

/**
 * Every item of the set, from the plan of all of them: what can go to the target is tickable, the rest
 * says why not. The initial ticks are what that plan restores.
 */
export function restoreChoices(manifest: Manifest, plan: RestorePlan): RestoreChoice[] {
  return dataEntries(manifest).map((entry) => {
    const skip = plan.skipped.find((s) => s.id === entry.id && s.reason !== IN_WHOLE);
    return { id: entry.id, label: entry.label ?? entry.id, file: entry.file, bytes: entry.bytes, unavailable: skip?.reason };
  });
}
