import type { Install } from '../discover/install.js';
import type { ManifestItem } from '../set/manifest.js';
import type { ToolFinder } from '../process/tool-finder.js';
import type { EngineOptions } from './engine.js';
import type { Unlocker } from '../crypt/set-crypt.js';

export interface StepContext {
  readonly setDir: string;
  readonly tools: ToolFinder;
  /** Suffix for the names of fresh and kept-aside objects: `_nbr_<stamp>`, `storage-bak-<stamp>`. */
  readonly stamp: string;
  /** A private folder beside storage for rollback material and unpacking; a killed run leaves it for a person to look at. */
  readonly workDir: string;
  /** A private folder outside the install and every set (tmpfs where possible) for login and parameter files; a killed run's is swept at the next start. */
  readonly privateDir: string;
  readonly install: Install;
  /** Where SQL Server and Oracle read their backup files, as seen from here. */
  readonly options?: EngineOptions;
  /** Stops the step's tools: an interrupt rolls back, never leaves a tool running. */
  readonly signal?: AbortSignal;
  /** Bytes of the step's set file read so far (≤ 10×/s); steps that cannot tell do not call it. */
  readonly onProgress?: (bytesRead: number) => void;
  /** The set is encrypted: every set file is read through this. */
  readonly unlock?: Unlocker;
}

/** What a step did, and how to take it back or make it final. */
export interface AppliedStep {
  /** Puts the target back exactly as it was before the step. */
  undo(): Promise<void>;
  /** Drops what was kept aside for `undo`, once every step has succeeded; returns a note for the operator. */
  commit(): Promise<string | undefined>;
  /** Things the operator should know (a fix applied, errors pg_restore ignored). */
  readonly notes: readonly string[];
}

export interface RestoreStep {
  readonly entry: ManifestItem;
  apply(ctx: StepContext): Promise<AppliedStep>;
}

/**
 * Short, legal database and schema names for fresh and kept-aside copies. PostgreSQL keeps 63 bytes of a
 * name, so the name is cut by bytes, never inside a character: the copy is always found again by it.
 */
export function sideName(name: string, tag: 'nbr' | 'nbold', stamp: string): string {
  const suffix = `_${tag}_${stamp}`;
  const room = 63 - Buffer.byteLength(suffix);
  let kept = '';
  for (const ch of name) {
    if (Buffer.byteLength(kept + ch) > room) break;
    kept += ch;
  }
  return `${kept}${suffix}`;
}
