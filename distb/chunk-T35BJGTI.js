import { createRequire as __nbCreateRequire } from 'node:module'; const require = __nbCreateRequire(import.meta.url);
import {
  TOOL_VERSION
} from "./chunk-OLV2MSVK.js";
import {
  RECORDED_SETTINGS,
  appKeyFiles,
  pLimit
} from "./chunk-TM75O52I.js";
import {
  verifySet
} from "./chunk-UWS5APYA.js";
import {
  COMPRESSION_SUFFIX,
  abortError,
  moduleForItem,
  prepareKeysTar,
  runDir,
  runDump
} from "./chunk-MTJRFTSB.js";
import {
  defaultJobs
} from "./chunk-PIRN4QO2.js";
import {
  KEYS_ID,
  createSetDir,
  writeManifest
} from "./chunk-IRFBGNPQ.js";
import {
  NbError,
  UsageError,
  errorHint,
  errorLine
} from "./chunk-IEXP4XVL.js";

// dist/source/core/backup/backup-runner.js
import { mkdir, rm } from "node:fs/promises";
import path3 from "node:path";

// dist/source/core/inventory/selection.js
function failsTheRun(item) {
  if (item.status === "ok")
    return false;
  if (item.id === "main")
    return true;
  return item.status === "unreachable" || item.status === "auth-failed" || item.status === "missing-tool";
}
function selectItems(inventory, wanted, exclude = []) {
  const { items } = inventory;
  const unknown = [...wanted === "all" ? [] : wanted, ...exclude].filter((id) => !items.some((i) => i.id === id));
  if (unknown.length) {
    throw new UsageError(`unknown item ${unknown.join(", ")}`, `items of ${inventory.install.name}: ${items.map((i) => i.id).join(", ")}`);
  }
  const asked = items.filter((i) => !exclude.includes(i.id) && (wanted === "all" ? i.selected || i.kind === "database" && i.status !== "ok" || i.note === "disabled in NocoBase" : wanted.includes(i.id)));
  const whole = asked.some((i) => i.kind === "files" && i.folder === "." && i.status === "ok");
  const inWhole = (i) => whole && i.kind === "files" && i.folder !== ".";
  const runnable = (i) => i.status === "ok" && !inWhole(i) && (wanted !== "all" || i.selected);
  return {
    run: asked.filter(runnable),
    skipped: asked.filter((i) => !runnable(i) && !failsTheRun(i)).map((i) => inWhole(i) ? { ...i, status: "ok", reason: "inside the whole storage folder, which is backed up" } : i),
    unavailable: asked.filter(failsTheRun)
  };
}

// dist/source/core/backup/keys-backup.js
import { stat } from "node:fs/promises";
import path from "node:path";
async function backupKeys(inventory, tools, dir, compression, signal) {
  const { install } = inventory;
  const apps = ["main", ...inventory.items.filter((i) => i.group === "subapp").map((i) => i.id.slice("subapp:".length))];
  const inside = [];
  const outside = [];
  for (const app of apps) {
    for (const file2 of appKeyFiles(install.env, install.path, install.storagePath, app)) {
      if (!await stat(file2).then((s) => s.isFile(), () => false))
        continue;
      const rel = path.relative(install.storagePath, file2);
      if (!rel.startsWith("..")) {
        if (!inside.includes(rel))
          inside.push(rel);
      } else if (!outside.some((o) => o.path === file2)) {
        outside.push({ name: path.basename(file2), path: file2 });
      }
    }
  }
  if (!inside.length && !outside.length)
    return void 0;
  const started = Date.now();
  const spec = await prepareKeysTar(install.storagePath, inside, outside.map((o) => o.path), tools);
  const file = `keys.tar${COMPRESSION_SUFFIX[compression]}`;
  const outcome = await runDump({ spec, file: path.join(dir, file), compression, tools, signal });
  return {
    id: KEYS_ID,
    kind: "keys",
    label: "app keys",
    status: "ok",
    format: "tar",
    compression,
    file,
    bytes: outcome.bytes,
    rawBytes: outcome.rawBytes,
    sha256: outcome.sha256,
    seconds: Math.round((Date.now() - started) / 10) / 100,
    files: inside,
    externalFiles: outside.length ? outside : void 0,
    storagePath: "."
  };
}

// dist/source/core/backup/manifest-entry.js
import os from "node:os";

// dist/source/core/inventory/plugin-packages.js
import { existsSync } from "node:fs";
import path2 from "node:path";
function pluginPackage(plugin) {
  if (plugin.packageName)
    return plugin.packageName;
  return plugin.name.startsWith("@") ? plugin.name : `@nocobase/plugin-${plugin.name}`;
}
function pluginStoragePath(install) {
  const configured = install.env.PLUGIN_STORAGE_PATH;
  if (configured && !install.compose)
    return path2.resolve(install.path, configured);
  return path2.join(install.storagePath, "plugins");
}
var isPackage = (dir) => existsSync(path2.join(dir, "package.json"));
function inPluginStorage(install, packageName) {
  return isPackage(path2.join(pluginStoragePath(install), packageName));
}
function pluginOnDisk(install, packageName) {
  if (inPluginStorage(install, packageName))
    return true;
  return !install.compose && [path2.join(install.path, "node_modules", packageName), path2.join(install.path, "packages/plugins", packageName)].some(isPackage);
}

// dist/source/core/backup/manifest-entry.js
function manifestEntryOf(item) {
  if (item.kind === "files")
    return { id: item.id, kind: "files", label: item.label, storagePath: item.folder };
  const t = item.target;
  return {
    id: item.id,
    kind: "database",
    label: item.label,
    engine: item.engine,
    serverVersion: item.serverVersion,
    database: t && t.engine !== "sqlite" ? t.database : void 0,
    schema: t && t.engine !== "sqlite" && item.group === "subapp" ? t.schema : void 0,
    excludeSchemas: item.excludeSchemas?.length ? [...item.excludeSchemas] : void 0
  };
}
function buildManifest(inventory, items, createdAt) {
  const { install } = inventory;
  const settings = {};
  for (const key of RECORDED_SETTINGS)
    if (install.env[key] !== void 0)
      settings[key] = install.env[key];
  return {
    format: "nbbackup-set",
    formatVersion: 1,
    tool: { name: "nbbackup", version: TOOL_VERSION },
    createdAt: createdAt.toISOString(),
    finishedAt: (/* @__PURE__ */ new Date()).toISOString(),
    source: { host: os.hostname(), installPath: install.path, installName: install.name, layout: install.layout, nocobaseVersion: inventory.nocobaseVersion },
    settings,
    plugins: inventory.records?.plugins?.map((p) => {
      const packageName = pluginPackage(p);
      return { name: p.name, packageName, version: p.version, enabled: p.enabled, inStorage: inPluginStorage(install, packageName) };
    }),
    items
  };
}

// dist/source/core/backup/backup-runner.js
var NothingBackedUp = class extends NbError {
  entries;
  constructor(message, entries) {
    super(message, "fix the reason above and run the backup again", "failed");
    this.entries = entries;
  }
};
async function runBackup(request) {
  const { inventory, tools, signal } = request;
  const emit = request.onEvent ?? (() => void 0);
  const compression = request.compression ?? "zstd";
  const selection = selectItems(inventory, request.items, request.exclude);
  const createdAt = /* @__PURE__ */ new Date();
  const workDir = await runDir();
  const dir = await createSetDir(request.outDir, inventory.install.name, createdAt).catch(async (error) => {
    await rm(workDir, { recursive: true, force: true });
    throw error;
  });
  const scratchDir = path3.join(dir, ".work");
  emit({ type: "set", dir });
  const dumpOne = async (item, spec, baseName) => {
    const started = Date.now();
    emit({ type: "start", id: item.id, label: item.label, estimate: item.sizeBytes });
    const base = manifestEntryOf(item);
    try {
      const prepared = await spec();
      const file = `${baseName}.${prepared.extension}${COMPRESSION_SUFFIX[compression]}`;
      const outcome = await runDump({
        spec: prepared,
        file: path3.join(dir, file),
        compression,
        tools,
        signal,
        estimate: item.sizeBytes,
        onProgress: (p) => emit({ type: "progress", id: item.id, ...p, seconds: (Date.now() - started) / 1e3, percent: item.sizeBytes ? Math.min(99, 100 * p.rawBytes / item.sizeBytes) : void 0 }),
        onWarning: (message) => emit({ type: "warning", id: item.id, message })
      });
      return { ...base, status: "ok", tool: prepared.tool, toolVersion: prepared.toolVersion, format: prepared.format, compression, file, bytes: outcome.bytes, rawBytes: outcome.rawBytes, sha256: outcome.sha256, seconds: round((Date.now() - started) / 1e3), warnings: outcome.warnings.length ? outcome.warnings : void 0 };
    } catch (error) {
      if (signal.aborted)
        throw abortError();
      const hint = errorHint(error);
      return { ...base, status: "failed", error: errorLine(error) + (hint ? ` (${hint})` : ""), seconds: round((Date.now() - started) / 1e3) };
    }
  };
  try {
    await mkdir(scratchDir, { mode: 448 });
    const limit = pLimit(request.jobs ?? defaultJobs());
    const results = await Promise.all(selection.run.map((item) => limit(async () => {
      const entry = await dumpOne(item, () => moduleForItem(item).prepareDump({ item, tools, workDir, scratchDir, options: request.engineOptions }), fileBase(item.id));
      emit({ type: "done", id: item.id, entry });
      return entry;
    })));
    const entries = [
      ...results,
      ...selection.unavailable.map((item) => ({ ...manifestEntryOf(item), status: "failed", error: `${item.status}: ${item.reason ?? ""}`.trim() })),
      ...selection.skipped.map((item) => ({ ...manifestEntryOf(item), status: "skipped", reason: item.status === "ok" ? item.reason ?? item.note ?? "left out" : `${item.status}: ${item.reason ?? ""}`.trim() }))
    ];
    for (const entry of entries.slice(results.length))
      emit({ type: "done", id: entry.id, entry });
    if (!results.some((e) => e.status === "ok")) {
      const why = entries.map((e) => `${e.id}: ${e.error ?? e.reason}`).join("; ") || "no item was chosen";
      throw new NothingBackedUp(`nothing was backed up (${why})`, entries);
    }
    const keys = await backupKeys(inventory, tools, dir, compression, signal);
    if (keys)
      entries.push(keys);
    if (signal.aborted)
      throw abortError();
    const manifest = buildManifest(inventory, entries, createdAt);
    await rm(scratchDir, { recursive: true, force: true });
    await writeManifest(dir, manifest);
    emit({ type: "verify" });
    const verdict = await verifySet(dir, tools, signal);
    if (signal.aborted)
      throw abortError();
    emit({ type: "verified", verdict });
    return { dir, manifest, verdict };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
function fileBase(id) {
  return id.replace(/:/g, "--").replace(/[^\w.@-]+/g, "_").replace(/\.{2,}/g, "_");
}
function round(n) {
  return Math.round(n * 100) / 100;
}

export {
  pluginPackage,
  pluginOnDisk,
  NothingBackedUp,
  runBackup
};
