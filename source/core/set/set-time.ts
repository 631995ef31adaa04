import path from 'node:path';
import type { SetSummary } from './backup-set.js';

// When a set was made and for which install, also for a set whose run was interrupted before its
// manifest: then the folder's own name (`<install>-20261124T101500Z`) is all there is.

const STAMP = /^(.*)-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z(?:-\d+)?$/;

/** ISO UTC time the set was started, when known. */
export function setCreatedAt(set: SetSummary): string | undefined {
  if (set.manifest) return set.manifest.createdAt;
  const m = STAMP.exec(path.basename(set.dir));
  return m ? `${m[2]}-${m[3]}-${m[4]}T${m[5]}:${m[6]}:${m[7]}Z` : undefined;
}

/** The install the set is of; for an interrupted set, the (sanitised) name its folder carries. */
export function setInstallName(set: SetSummary): string {
  return set.manifest?.source.installName ?? STAMP.exec(path.basename(set.dir))?.[1] ?? path.basename(set.dir);
}

/** Newest first; sets of one second keep their folder order (`-1`, `-2` suffixes). */
export function newestFirst(sets: readonly SetSummary[]): SetSummary[] {
  const time = (s: SetSummary) => Date.parse(setCreatedAt(s) ?? '') || 0;
  return [...sets].sort((a, b) => time(b) - time(a) || b.dir.localeCompare(a.dir));
}
