import { mkdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { defaultJobs } from '../settings/defaults.js';
import { createSetDir, writeManifest } from '../set/backup-set.js';
import { COMPRESSION_SUFFIX, type Compression } from '../stream/compression.js';
import { abortError, runDump } from '../stream/dump-pipeline.js';
import { engineFor } from '../engines/registry.js';
import { prepareKeysTar, prepareTar } from '../engines/files/tar-dump.js';
import type { DumpSpec, EngineOptions } from '../stream/dump-spec.js';
import { errorHint, errorLine } from '../errors.js';
import type { InstallInventory } from '../scan/take-inventory.js';
import type { Item } from '../inventory/item.js';
import type { Manifest, ManifestItem } from '../set/manifest.js';
import { inPluginStorage, pluginPackage } from '../inventory/plugin-packages.js';
import { appKeyFiles } from '../inventory/app-keys.js';
import { selectItems } from '../inventory/selection.js';
import { TOOL_VERSION } from '../process/tool-meta.js';
import type { ToolFinder } from '../process/tool-finder.js';

export type BackupEvent =
  | { readonly type: 'set'; readonly dir: string }
  | { readonly type: 'start'; readonly id: string; readonly label: string; readonly estimate?: number }
  | { readonly type: 'progress'; readonly id: string; readonly rawBytes: number; readonly bytes: number; readonly object?: string; readonly seconds: number; readonly percent?: number }
  | { readonly type: 'warning'; readonly id: string; readonly message: string }
  | { readonly type: 'done'; readonly id: string; readonly entry: ManifestItem };

export interface BackupRequest {
  readonly inventory: InstallInventory;
  readonly items: readonly string[] | 'all';
  readonly outDir: string;
  readonly jobs?: number;
  readonly compression?: Compression;
  readonly tools: ToolFinder;
  readonly signal: AbortSignal;
  readonly onEvent?: (event: BackupEvent) => void;
  readonly engineOptions?: EngineOptions;
}

export interface BackupResult {
  readonly dir: string;
  readonly manifest: Manifest;
}

/** Settings a restore target must share with the source, as NocoBase's own migration tools require. */
const MATCHING_SETTINGS = ['DB_DIALECT', 'DB_UNDERSCORED', 'DB_TABLE_PREFIX', 'DB_SCHEMA', 'USE_DB_SCHEMA_IN_SUBAPP', 'COLLECTION_MANAGER_SCHEMA', 'DB_TIMEZONE'];


/** Dumps the chosen items at once into a new set; one failed item never stops the others. */
export async function runBackup(request: BackupRequest): Promise<BackupResult> {
  const { inventory, tools, signal } = request;
  const emit = request.onEvent ?? (() => undefined);
  const compression = request.compression ?? 'zstd';
  const selection = selectItems(inventory, request.items);
  const createdAt = new Date();
  const dir = await createSetDir(request.outDir, inventory.install.name, createdAt);
  const workDir = path.join(dir, '.work');
  await mkdir(workDir, { mode: 0o700 });
  emit({ type: 'set', dir });

  const dumpOne = async (item: Item, spec: () => Promise<DumpSpec>, baseName: string): Promise<ManifestItem> => {
    const started = Date.now();
    emit({ type: 'start', id: item.id, label: item.label, estimate: item.sizeBytes });
    const base = describe(item);
    try {
      const prepared = await spec();
      const file = `${baseName}.${prepared.extension}${COMPRESSION_SUFFIX[compression]}`;
      const outcome = await runDump({
        spec: prepared,
        file: path.join(dir, file),
        compression,
        tools,
        signal,
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
    const limit = pLimit(request.jobs ?? defaultJobs());
    const results = await Promise.all(
      selection.run.map((item) =>
        limit(async () => {
          const entry = await dumpOne(item, () => specFor(item, inventory, tools, workDir, request.engineOptions), fileBase(item.id));
          emit({ type: 'done', id: item.id, entry });
          return entry;
        }),
      ),
    );
    const entries: ManifestItem[] = [
      ...results,
      ...selection.unavailable.map((item) => ({ ...describe(item), status: 'failed' as const, error: `${item.status}: ${item.reason ?? ''}`.trim() })),
      ...selection.skipped.map((item) => ({ ...describe(item), status: 'skipped' as const, reason: `${item.status}: ${item.reason ?? ''}`.trim() })),
    ];
    const keys = await backupKeys(inventory, tools, dir, compression, signal);
    if (keys) entries.push(keys);
    if (signal.aborted) throw abortError();
    const manifest = buildManifest(inventory, entries, createdAt);
    await rm(workDir, { recursive: true, force: true });
    await writeManifest(dir, manifest);
    return { dir, manifest };
  } catch (error) {
    // Nothing of an interrupted or broken run may look like a set.
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function specFor(item: Item, inventory: InstallInventory, tools: ToolFinder, workDir: string, options?: EngineOptions): Promise<DumpSpec> {
  if (item.kind === 'files') return prepareTar(item, inventory.install.storagePath, tools);
  return engineFor(item.engine).prepareDump({ item, tools, workDir, options });
}

/** The app keys travel with every set: a database restored without them has unreadable secrets. */
async function backupKeys(inventory: InstallInventory, tools: ToolFinder, dir: string, compression: Compression, signal: AbortSignal): Promise<ManifestItem | undefined> {
  const { install } = inventory;
  const apps = ['main', ...inventory.items.filter((i) => i.group === 'subapp').map((i) => i.id.slice('subapp:'.length))];
  const inside: string[] = [];
  const outside: { name: string; path: string }[] = [];
  for (const app of apps) {
    for (const file of appKeyFiles(install.env, install.path, install.storagePath, app)) {
      if (!(await stat(file).then((s) => s.isFile(), () => false))) continue;
      const rel = path.relative(install.storagePath, file);
      if (!rel.startsWith('..')) {
        if (!inside.includes(rel)) inside.push(rel);
      } else if (!outside.some((o) => o.path === file)) {
        // A key kept outside storage (APP_AES_SECRET_KEY_PATH) is archived under its own name; the manifest keeps its place.
        outside.push({ name: path.basename(file), path: file });
      }
    }
  }
  if (!inside.length && !outside.length) return undefined;
  const started = Date.now();
  const spec = await prepareKeysTar(install.storagePath, inside, outside.map((o) => o.path), tools);
  const file = `keys.tar${COMPRESSION_SUFFIX[compression]}`;
  const outcome = await runDump({ spec, file: path.join(dir, file), compression, tools, signal });
  return {
    id: 'keys',
    kind: 'keys',
    label: 'app keys',
    status: 'ok',
    format: 'tar',
    compression,
    file,
    bytes: outcome.bytes,
    rawBytes: outcome.rawBytes,
    sha256: outcome.sha256,
    seconds: round((Date.now() - started) / 1000),
    files: inside,
    externalFiles: outside.length ? outside : undefined,
    storagePath: '.',
  };
}

function describe(item: Item): Pick<ManifestItem, 'id' | 'kind' | 'label' | 'engine' | 'serverVersion' | 'database' | 'schema' | 'excludeSchemas' | 'storagePath'> {
  if (item.kind === 'files') return { id: item.id, kind: 'files', label: item.label, storagePath: item.id === 'storage' ? '.' : item.id.slice('storage:'.length) };
  const t = item.target;
  return {
    id: item.id,
    kind: 'database',
    label: item.label,
    engine: item.engine,
    serverVersion: item.serverVersion,
    database: t && t.engine !== 'sqlite' ? t.database : undefined,
    schema: t && t.engine !== 'sqlite' && item.group === 'subapp' ? t.schema : undefined,
    excludeSchemas: item.excludeSchemas?.length ? [...item.excludeSchemas] : undefined,
  };
}

function buildManifest(inventory: InstallInventory, items: ManifestItem[], createdAt: Date): Manifest {
  const { install } = inventory;
  const settings: Record<string, string> = {};
  for (const key of MATCHING_SETTINGS) if (install.env[key] !== undefined) settings[key] = install.env[key];
  return {
    format: 'nbbackup-set',
    formatVersion: 1,
    tool: { name: 'nbbackup', version: TOOL_VERSION },
    createdAt: createdAt.toISOString(),
    finishedAt: new Date().toISOString(),
    source: { host: os.hostname(), installPath: install.path, installName: install.name, layout: install.layout, nocobaseVersion: inventory.nocobaseVersion },
    settings,
    plugins: inventory.records?.plugins?.map((p) => {
      const packageName = pluginPackage(p);
      return { name: p.name, packageName, version: p.version, enabled: p.enabled, inStorage: inPluginStorage(install, packageName) };
    }),
    items,
  };
}

/** `external:ext_pg` → `external--ext_pg`: one file name per item id, safe on every file system. */
export function fileBase(id: string): string {
  return id.replace(/:/g, '--').replace(/[^\w.@-]+/g, '_');
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
