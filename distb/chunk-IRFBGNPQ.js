import { createRequire as __nbCreateRequire } from 'node:module'; const require = __nbCreateRequire(import.meta.url);
import {
  external_exports,
  isItemId,
  isSetFileName,
  isStorageFolder,
  isStorageRelativePath,
  makeFolder
} from "./chunk-PNQCBXDH.js";
import {
  NbError,
  errorLine
} from "./chunk-IEXP4XVL.js";

// dist/source/core/set/manifest.js
var MANIFEST_FILE = "manifest.json";
var SET_FORMAT = "nbbackup-set";
var ItemEntry = external_exports.object({
  id: external_exports.string().refine(isItemId, "not an item id nbbackup writes"),
  kind: external_exports.enum(["database", "files", "keys"]),
  label: external_exports.string().optional(),
  status: external_exports.enum(["ok", "failed", "skipped"]),
  error: external_exports.string().optional(),
  reason: external_exports.string().optional(),
  engine: external_exports.string().optional(),
  serverVersion: external_exports.string().optional(),
  database: external_exports.string().optional(),
  schema: external_exports.string().optional(),
  excludeSchemas: external_exports.array(external_exports.string()).optional(),
  /** Files items: the folder relative to storage ('.' for the whole folder). */
  storagePath: external_exports.string().refine(isStorageFolder, "must be . or one folder name inside storage").optional(),
  tool: external_exports.string().optional(),
  toolVersion: external_exports.string().optional(),
  format: external_exports.string().optional(),
  compression: external_exports.enum(["zstd", "gzip", "none"]).optional(),
  file: external_exports.string().refine(isSetFileName, "must be a plain file name in the set folder").optional(),
  bytes: external_exports.number().optional(),
  /** What the tool produced before compression; sampled from zstd's /proc counters, so approximate with zstd. */
  rawBytes: external_exports.number().optional(),
  sha256: external_exports.string().regex(/^[0-9a-f]{64}$/).optional(),
  seconds: external_exports.number().optional(),
  warnings: external_exports.array(external_exports.string()).optional(),
  /** Keys entry: the files inside, relative to storage. */
  files: external_exports.array(external_exports.string().refine(isStorageRelativePath, "must be a path inside storage")).optional(),
  /** Keys entry: files kept outside storage, archived by base name. */
  externalFiles: external_exports.array(external_exports.object({ name: external_exports.string().refine(isSetFileName, "must be a plain file name"), path: external_exports.string() })).optional()
}).refine((i) => i.status !== "ok" || i.file !== void 0 && i.sha256 !== void 0 && i.bytes !== void 0, "an ok item names its file, size and sha256");
var ManifestSchema = external_exports.object({
  format: external_exports.literal(SET_FORMAT),
  formatVersion: external_exports.literal(1),
  tool: external_exports.object({ name: external_exports.string(), version: external_exports.string() }),
  createdAt: external_exports.string(),
  finishedAt: external_exports.string(),
  source: external_exports.object({
    host: external_exports.string(),
    installPath: external_exports.string(),
    installName: external_exports.string(),
    layout: external_exports.string(),
    nocobaseVersion: external_exports.string().optional()
  }),
  /** Non-secret settings a restore target must match. */
  settings: external_exports.record(external_exports.string(), external_exports.string()),
  /** The plugins the main database expects; `inStorage`: it lived in the source's plugin storage folder. */
  plugins: external_exports.array(external_exports.object({ name: external_exports.string(), packageName: external_exports.string().optional(), version: external_exports.string().optional(), enabled: external_exports.boolean(), inStorage: external_exports.boolean().optional() })).optional(),
  items: external_exports.array(ItemEntry)
});
var KEYS_ID = "keys";
function dataEntries(manifest) {
  return manifest.items.filter((i) => i.kind !== "keys");
}
function keysEntry(manifest) {
  return manifest.items.find((i) => i.kind === "keys" && i.status === "ok");
}

// dist/source/core/set/backup-set.js
import { createReadStream } from "node:fs";
import { lstat, mkdir, open, opendir, readdir, readFile, rename, stat } from "node:fs/promises";
import { createHash } from "node:crypto";
import path from "node:path";
function setName(installName, at) {
  const stamp = at.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return `${installName.replace(/[^\w.-]+/g, "_")}-${stamp}`;
}
async function createSetDir(outDir, installName, at = /* @__PURE__ */ new Date()) {
  await makeFolder(outDir).catch((error) => {
    const why = { ENOENT: "nothing can be made there", EACCES: "permission denied", EPERM: "permission denied", EROFS: "read-only file system", ENOTDIR: "a file is in the way", ENOSPC: "the disk is full" }[error.code ?? ""] ?? error.code;
    throw new NbError(`cannot make the backup folder ${outDir} (${why})`, "choose a folder you may write to: --out, or backupDir in .nbbackuprc");
  });
  for (let n = 0; ; n++) {
    const dir = path.join(outDir, setName(installName, at) + (n ? `-${n}` : ""));
    try {
      await mkdir(dir, { mode: 448 });
      return dir;
    } catch (error) {
      if (error.code !== "EEXIST")
        throw error;
    }
  }
}
async function writeManifest(dir, manifest) {
  const partial = path.join(dir, `${MANIFEST_FILE}.partial`);
  const handle = await open(partial, "w", 384);
  try {
    await handle.writeFile(`${JSON.stringify(manifest, null, 2)}
`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(partial, path.join(dir, MANIFEST_FILE));
}
async function readManifest(dir) {
  let text;
  try {
    text = await readFile(path.join(dir, MANIFEST_FILE), "utf8");
  } catch (error) {
    const code = error.code;
    const folder = await stat(dir).then((s) => s.isDirectory() ? "folder" : "file", () => "missing");
    if (folder === "missing")
      throw new NbError(`${dir} does not exist`, "name a backup set folder: nbbackup list shows them");
    if (folder === "file")
      throw new NbError(`${dir} is a file, not a backup set folder`, "name the set folder that holds manifest.json: nbbackup list shows them");
    if (code !== "ENOENT")
      throw new NbError(`${path.join(dir, MANIFEST_FILE)} cannot be read (${code})`, "run as a user who may read the set");
    throw new NbError(`${dir} is not a complete backup set (no ${MANIFEST_FILE})`, "an interrupted backup leaves no manifest: run the backup again");
  }
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new NbError(`${path.join(dir, MANIFEST_FILE)} is not valid JSON`, "the set is damaged: use another one");
  }
  const result = ManifestSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue ? ` (${issue.path.join(".")}: ${issue.message})` : "";
    throw new NbError(`${path.join(dir, MANIFEST_FILE)} is not a manifest nbbackup can trust${where}`, "the set is damaged, was changed, or is from another tool: use another set");
  }
  return result.data;
}
async function listSets(root) {
  const dirs = [];
  if (await isFile(path.join(root, MANIFEST_FILE)))
    dirs.push(root);
  else {
    let handle;
    try {
      handle = await opendir(root);
    } catch (error) {
      throw unreadableRoot(root, error.code);
    }
    for await (const entry of handle)
      if (entry.isDirectory())
        dirs.push(path.join(root, entry.name));
  }
  const out = [];
  for (const dir of dirs.sort()) {
    const read = await readManifest(dir).then((manifest) => ({ manifest, problem: void 0 }), (error) => ({ manifest: void 0, problem: errorLine(error) }));
    if (read.manifest)
      out.push({ dir, complete: true, manifest: read.manifest, bytes: read.manifest.items.reduce((s, i) => s + (i.bytes ?? 0), 0) });
    else if (looksLikeSetName(path.basename(dir)))
      out.push({ dir, complete: false, bytes: await filesSize(dir), problem: read.problem });
  }
  return out;
}
function unreadableRoot(root, code) {
  const hint = "pass the folder that holds your sets (--out of the backup, or backupDir in .nbbackuprc)";
  if (code === "ENOENT")
    return new NbError(`backup folder ${root} does not exist (no backup was made there yet)`, hint);
  if (code === "ENOTDIR")
    return new NbError(`backup folder ${root} is a file, not a folder`, hint);
  if (code === "EACCES" || code === "EPERM")
    return new NbError(`backup folder ${root} cannot be read (permission denied)`, "run as the user who made the backups");
  return new NbError(`backup folder ${root} cannot be read (${code ?? "unknown error"})`, hint);
}
function looksLikeSetName(name) {
  return /-\d{8}T\d{6}Z(-\d+)?$/.test(name);
}
async function filesSize(dir) {
  const names = await readdir(dir).catch(() => []);
  const sizes = await Promise.all(names.map((name) => lstat(path.join(dir, name)).then((s) => s.isFile() ? s.size : 0, () => 0)));
  return sizes.reduce((a, b) => a + b, 0);
}
async function isFile(file) {
  return stat(file).then((s) => s.isFile(), () => false);
}
async function hashFile(file) {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: hash.digest("hex"), bytes };
}

export {
  MANIFEST_FILE,
  KEYS_ID,
  dataEntries,
  keysEntry,
  createSetDir,
  writeManifest,
  readManifest,
  listSets,
  looksLikeSetName,
  hashFile
};
