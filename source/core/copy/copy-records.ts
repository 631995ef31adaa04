import path from 'node:path';
import Conf from 'conf';

/**
 * What this machine knows of each set's off-site copies, for the sets browser and far retention: the
 * destination and how the last copy there ended. It is a record of what nbbackup did, not a proof:
 * the proof is made at the far end each time a copy runs. Records outlive the local set on purpose:
 * retention at a destination needs to know what this machine sent there after the set is pruned here.
 */
export interface CopyRecord {
  /** The local set folder. */
  readonly set: string;
  /** The destination as the operator wrote it (never a secret). */
  readonly to: string;
  /** copied: complete and proven there; partial: stopped half-way (copy again to go on); failed: see error; removed: pruned there by retention. */
  readonly state: 'copied' | 'partial' | 'failed' | 'removed';
  readonly at: string;
  readonly error?: string;
}

/** A few years of nightly sets to two places; older records go first. */
const MAX_RECORDS = 5000;

function store(): Conf<{ records?: CopyRecord[] }> {
  return new Conf<{ records?: CopyRecord[] }>({ projectName: 'nbbackup', configName: 'copies', cwd: process.env.NBBACKUP_STATE_DIR || undefined, projectSuffix: '', configFileMode: 0o600 });
}

function all(): CopyRecord[] {
  try {
    const records = store().get('records');
    return Array.isArray(records) ? records.filter((r) => typeof r?.set === 'string' && typeof r.to === 'string' && typeof r.state === 'string') : [];
  } catch {
    // A damaged state file costs the copies column, never a copy.
    return [];
  }
}

/** Every set's copies in one read of the records, each newest first: the sets browser reads them with the folder. */
export function copiesBySet(): Map<string, CopyRecord[]> {
  const bySet = new Map<string, CopyRecord[]>();
  for (const record of all().reverse()) bySet.set(record.set, [...(bySet.get(record.set) ?? []), record]);
  return bySet;
}

/** Where the last copy went: what the TUI offers to type first. */
export function lastDestination(): string | undefined {
  return all().at(-1)?.to;
}

export function recordCopy(record: Omit<CopyRecord, 'at' | 'set'> & { set: string }): void {
  const set = path.resolve(record.set);
  const kept = all().filter((r) => !(r.set === set && r.to === record.to));
  kept.push({ ...record, set, at: new Date().toISOString() });
  try {
    store().set('records', kept.slice(-MAX_RECORDS));
  } catch {
    // Best effort: a read-only home must not fail a copy that was proven at the far end.
  }
}

/**
 * The far names of the sets this machine copied to `to` and proved there: retention at a destination
 * counts only these, so sets others planted there (whatever their manifests claim) are never weighed
 * against ours, nor ours pruned to make room for theirs.
 */
export function namesCopiedTo(to: string): Set<string> {
  return new Set(all().filter((r) => r.to === to && r.state === 'copied').map((r) => path.basename(r.set)));
}

/** Retention removed the set `name` at `to`. */
export function recordRemoved(to: string, name: string): void {
  const records = all();
  if (!records.some((r) => r.to === to && path.basename(r.set) === name)) return;
  try {
    store().set('records', records.map((r) => (r.to === to && path.basename(r.set) === name ? { ...r, state: 'removed' as const, at: new Date().toISOString() } : r)));
  } catch {
    // Best effort, as above.
  }
}
