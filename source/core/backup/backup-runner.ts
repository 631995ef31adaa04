import os from 'node:os';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { moduleForItem } from '../engines/registry.js';
import type { EngineOptions } from '../engines/engine.js';
import { errorHint, errorLine, NbError } from '../errors.js';
import type { InstallInventory } from '../inventory/install-inventory.js';
import type { Item } from '../inventory/item.js';
import { selectItems } from '../inventory/selection.js';
import { runDir } from '../process/run-dir.js';
import type { ToolFinder } from '../process/tool-finder.js';
import { createSetDir, writeManifest, writeProfileMarker } from '../set/backup-set.js';
import type { Manifest, ManifestItem } from '../set/manifest.js';
import { defaultJobs } from '../settings/defaults.js';
import { COMPRESSION_SUFFIX, type Compression } from '../stream/compression.js';
import { abortError, runDump } from '../stream/dump-pipeline.js';
import type { DumpSpec } from '../stream/dump-spec.js';
import { verifySet, type SetVerdict } from '../verify/verify-set.js';
import { backupKeys } from './keys-backup.js';
import type { Sealer, Unlocker } from '../crypt/set-crypt.js';
import { buildManifest, manifestEntryOf } from './manifest-entry.js';

export type BackupEvent =
  | { readonly type: 'set'; readonly dir: string }
  | { readonly type: 'start'; readonly id: string; readonly label: string; readonly estimate?: number }
  | { readonly type: 'progress'; readonly id: string; readonly rawBytes: number; readonly bytes: number; readonly object?: string; readonly seconds: number; readonly percent?: number }
  | { readonly type: 'warning'; readonly id: string; readonly message: string }
  | { readonly type: 'done'; readonly id: string; readonly entry: ManifestItem }
  | { readonly type: 'verify' }
  | { readonly type: 'verified'; readonly verdict: SetVerdict };

export interface BackupRequest {
  readonly inventory: InstallInventory;
  readonly items: readonly string[] | 'all';
  /** Ids left out on purpose (`--exclude`). */
  readonly exclude?: readonly string[];
  readonly outDir: string;
  readonly jobs?: number;
  readonly compression?: Compression;
  readonly tools: ToolFinder;
  readonly signal: AbortSignal;
  readonly onEvent?: (event: BackupEvent) => void;
  readonly engineOptions?: EngineOptions;
  /** The profile making this set: recorded in the manifest, and marked in the folder from the start, so retention knows its own sets, interrupted ones too. */
  readonly profile?: string;
  /** Encrypt every file of the set (`--encrypt`). */
  readonly sealer?: Sealer;
  /** Reads an encrypted set back after it is written (passphrase mode); without it only the hashes are checked. */
  readonly unlock?: Unlocker;
}

/** No asked item could be written: no set is left, and the entries say why. */
export class NothingBackedUp extends NbError {
  constructor(
    message: string,
    readonly entries: readonly ManifestItem[],
  ) {
    super(message, 'fix the reason above and run the backup again', 'failed');
  }
}

export interface BackupResult {
  readonly dir: string;
  readonly manifest: Manifest;
  /** Every new set is read back at once, whichever front end made it. */
  readonly verdict: SetVerdict;
}

/** Dumps the chosen items at once into a new set; one failed item never stops the others. */
export async function runBackup(request: BackupRequest): Promise<BackupResult> {
  const { inventory, tools, signal } = request;
  const emit = request.onEvent ?? (() => undefined);
  const compression = request.compression ?? 'zstd';
  const selection = selectItems(inventory, request.items, request.exclude);
  const createdAt = new Date();
  // Password files of vendor tools never go into the set: a killed run leaves them where the next run sweeps.
  const workDir = await runDir();
  const dir = await createSetDir(request.outDir, inventory.install.name, createdAt).catch(async (error: unknown) => {
    await rm(workDir, { recursive: true, force: true });
    throw error;
  });
  const scratchDir = path.join(dir, '.work');
  emit({ type: 'set', dir });
  // The same owner the manifest names (buildManifest): retention matches the two.
  if (request.profile) await writeProfileMarker(dir, { profile: request.profile, host: os.hostname(), installPath: inventory.install.path });

  const dumpOne = async (item: Item, spec: () => Promise<DumpSpec>, baseName: string): Promise<ManifestItem> => {
    const started = Date.now();
    emit({ type: 'start', id: item.id, label: item.label, estimate: item.sizeBytes });
    const base = manifestEntryOf(item);
    try {
      const prepared = await spec();
      const file = `${baseName}.${prepared.extension}${COMPRESSION_SUFFIX[compression]}`;
      const outcome = await runDump({
        spec: prepared,
        file: path.join(dir, file),
        compression,
        tools,
        signal,
        estimate: item.sizeBytes,
        sealer: request.sealer,
        onProgress: (p) =>
          emit({ type: 'progress', id: item.id, ...p, seconds: (Date.now() - started) / 1000, percent: item.sizeBytes ? Math.min(99, (100 * p.rawBytes) / item.sizeBytes) : undefined }),
        onWarning: (message) => emit({ type: 'warning', id: item.id, message }),
      });
      return { ...base, status: 'ok', tool: prepared.tool, toolVersion: prepared.toolVersion, format: prepared.format, compression, file, bytes: outcome.bytes, rawBytes: outcome.rawBytes, sha256: outcome.sha256, seconds: round((Date.now() - started) / 1000), warnings: outcome.warnings.length ? outcome.warnings : undefined };
    } catch (error) {
      if (signal.aborted) throw abortError();
      const hint = errorHint(error);
      return { ...base, status: 'failed', error: errorLine(error) + (hint ? ` (${hint})` : ''), seconds: round((Date.now() - started) / 1000) };
    }
  };

  try {
    await mkdir(scratchDir, { mode: 0o700 });
    const limit = pLimit(request.jobs ?? defaultJobs());
    // Every item settles before anything is cleaned up: an item still writing would refill the folder
    // being removed. After a stop, items still queued never start.
    const settled = await Promise.allSettled(
      selection.run.map((item) =>
        limit(async () => {
          if (signal.aborted) throw abortError();
          const entry = await dumpOne(item, () => moduleForItem(item).prepareDump({ item, tools, workDir, scratchDir, options: request.engineOptions }), fileBase(item.id));
          emit({ type: 'done', id: item.id, entry });
          return entry;
        }),
      ),
    );
    const refused = settled.find((r) => r.status === 'rejected');
    if (refused) throw refused.reason;
    const results = settled.map((r) => (r as PromiseFulfilledResult<ManifestItem>).value);
    const entries: ManifestItem[] = [
      ...results,
      ...selection.unavailable.map((item) => ({ ...manifestEntryOf(item), status: 'failed' as const, error: `${item.status}: ${item.reason ?? ''}`.trim() })),
      ...selection.skipped.map((item) => ({ ...manifestEntryOf(item), status: 'skipped' as const, reason: item.status === 'ok' ? item.reason ?? item.note ?? 'left out' : `${item.status}: ${item.reason ?? ''}`.trim() })),
    ];
    for (const entry of entries.slice(results.length)) emit({ type: 'done', id: entry.id, entry });
    // A set with none of what was asked would look like a backup: none is left.
    if (!results.some((e) => e.status === 'ok')) {
      const why = entries.map((e) => `${e.id}: ${e.error ?? e.reason}`).join('; ') || 'no item was chosen';
      throw new NothingBackedUp(`nothing was backed up (${why})`, entries);
    }
    const keys = await backupKeys(inventory, tools, dir, compression, signal, request.sealer);
    if (keys) entries.push(keys);
    if (signal.aborted) throw abortError();
    const manifest = { ...buildManifest(inventory, entries, createdAt, request.profile), encryption: request.sealer?.record };
    await rm(scratchDir, { recursive: true, force: true });
    await writeManifest(dir, manifest);
    emit({ type: 'verify' });
    const verdict = await verifySet(dir, tools, signal, undefined, request.unlock);
    // Interrupted while reading back: the set is removed like any other interrupted run's.
    if (signal.aborted) throw abortError();
    emit({ type: 'verified', verdict });
    return { dir, manifest, verdict };
  } catch (error) {
    // Nothing of an interrupted or broken run may look like a set.
    await rm(dir, { recursive: true, force: true });
    // Whatever broke once the operator asked to stop (a tool killed mid-write, the keys' tar) is that stop.
    throw signal.aborted ? abortError() : error;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}


/** `external:ext_pg` → `external--ext_pg`: one file name per item id, safe on every file system. */
export function fileBase(id: string): string {
  return id.replace(/:/g, '--').replace(/[^\w.@-]+/g, '_').replace(/\.{2,}/g, '_');
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
