import { createRequire as __nbCreateRequire } from 'node:module'; const require = __nbCreateRequire(import.meta.url);
import {
  moduleForFormat
} from "./chunk-MTJRFTSB.js";
import {
  hashFile,
  readManifest
} from "./chunk-IRFBGNPQ.js";
import {
  errorLine
} from "./chunk-IEXP4XVL.js";

// dist/source/core/verify/verify-set.js
import path2 from "node:path";

// dist/source/core/verify/verified-sets.js
import path from "node:path";
var verdicts = /* @__PURE__ */ new Map();
function rememberVerdict(verdict) {
  verdicts.set(path.resolve(verdict.set), verdict);
}
function verdictOf(dir) {
  return verdicts.get(path.resolve(dir));
}
function forgetVerdict(dir) {
  verdicts.delete(path.resolve(dir));
}

// dist/source/core/verify/verify-set.js
async function verifySet(dir, tools, signal) {
  const manifest = await readManifest(dir);
  const items = [];
  for (const item of manifest.items.filter((i) => i.status === "ok")) {
    if (signal?.aborted)
      break;
    items.push(await verifyItem(dir, item, tools));
  }
  const missing = manifest.items.filter((i) => i.status === "failed").map((i) => ({ id: i.id, reason: i.error ?? "failed" }));
  const filesOk = items.every((i) => i.ok);
  const verdict = { set: dir, ok: filesOk && !missing.length, filesOk, items, missing };
  if (!signal?.aborted)
    rememberVerdict(verdict);
  return verdict;
}
async function verifyItem(dir, item, tools) {
  const file = path2.join(dir, item.file ?? "");
  try {
    const { sha256, bytes } = await hashFile(file);
    if (bytes !== item.bytes || sha256 !== item.sha256)
      return { id: item.id, ok: false, file: item.file, error: `${item.file} does not match the manifest (changed or damaged)` };
    const format = item.format ?? "";
    await moduleForFormat(format).verifyDump({ file, format, compression: item.compression ?? "none", tools });
    return { id: item.id, ok: true, file: item.file };
  } catch (error) {
    const code = error.code;
    return { id: item.id, ok: false, file: item.file, error: code === "ENOENT" ? `${item.file} is missing` : `${item.file}: ${errorLine(error)}` };
  }
}

export {
  verdictOf,
  forgetVerdict,
  verifySet
};
