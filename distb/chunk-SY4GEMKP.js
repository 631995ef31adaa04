import { createRequire as __nbCreateRequire } from 'node:module'; const require = __nbCreateRequire(import.meta.url);
import {
  pluginOnDisk,
  pluginPackage,
  runBackup
} from "./chunk-T35BJGTI.js";
import {
  MUST_MATCH,
  takeInventory
} from "./chunk-TM75O52I.js";
import {
  verifySet
} from "./chunk-UWS5APYA.js";
import {
  engineModule,
  execa,
  moduleForItem,
  targetPlace,
  tcpOpen,
  throttled
} from "./chunk-MTJRFTSB.js";
import {
  dataEntries,
  keysEntry,
  readManifest
} from "./chunk-IRFBGNPQ.js";
import {
  inside
} from "./chunk-PNQCBXDH.js";
import {
  NbError,
  UsageError,
  errorLine
} from "./chunk-IEXP4XVL.js";

// dist/source/core/restore/restore-choices.js
var IN_WHOLE = "restored with the whole storage folder";
function restoreChoices(manifest, plan) {
  return dataEntries(manifest).map((entry) => {
    const skip = plan.skipped.find((s) => s.id === entry.id && s.reason !== IN_WHOLE);
    return { id: entry.id, label: entry.label ?? entry.id, file: entry.file, bytes: entry.bytes, unavailable: skip?.reason };
  });
}

// dist/source/core/restore/preflight.js
import { readdir, statfs } from "node:fs/promises";
import path3 from "node:path";

// dist/source/core/restore/app-control.js
import path2 from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

// dist/source/core/restore/app-cli.js
import { access } from "node:fs/promises";
import path from "node:path";
async function appCli(install) {
  for (const bin of ["nocobase-v1", "nocobase"]) {
    const file = path.join(install.path, "node_modules/.bin", bin);
    if (await access(file).then(() => true, () => false))
      return file;
  }
  return void 0;
}
function appCliEnv(install) {
  return { ...process.env, PATH: `${path.join(install.path, "node_modules/.bin")}${path.delimiter}${process.env.PATH ?? ""}` };
}

// dist/source/core/restore/app-control.js
async function command(install, action, tools) {
  if (install.compose) {
    const docker = await tools.first(["docker"]);
    return docker ? { file: docker, args: ["compose", "-f", install.compose.file, action, install.compose.service], cwd: install.path } : void 0;
  }
  const cli = await appCli(install);
  if (!cli)
    return void 0;
  return { file: cli, args: action === "start" ? ["start", "-d"] : ["pm2", "kill"], cwd: install.path, env: appCliEnv(install) };
}
async function stopAppAndWait(install, tools) {
  const port = appPort(install);
  if (!port || !await tcpOpen("127.0.0.1", port, 1e3))
    return void 0;
  const stopped = await stopApp(install, tools);
  for (let i = 0; i < 60 && await tcpOpen("127.0.0.1", port, 500); i++)
    await sleep(500);
  return stopped;
}
async function stopApp(install, tools) {
  const cmd = await command(install, "stop", tools);
  if (!cmd)
    return { ok: false, detail: "nbbackup cannot stop this install (no docker for its compose file, or no NocoBase code in node_modules): stop it yourself" };
  const result = await execa(cmd.file, cmd.args, { cwd: cmd.cwd, env: cmd.env, reject: false, all: true, timeout: 5 * 6e4 });
  return result.failed ? { ok: false, detail: `${[path2.basename(cmd.file), ...cmd.args].join(" ")} failed: ${String(result.all ?? "").trim().split("\n").pop()}` } : { ok: true, detail: `stopped with ${[path2.basename(cmd.file), ...cmd.args].join(" ")}` };
}
async function startApp(install, tools, port, timeoutMs = 18e4) {
  const cmd = await command(install, "start", tools);
  if (!cmd)
    return { ok: false, detail: "nbbackup cannot start this install: start it yourself" };
  const result = await execa(cmd.file, cmd.args, { cwd: cmd.cwd, env: cmd.env, reject: false, all: true, timeout: 5 * 6e4 });
  if (result.failed)
    return { ok: false, detail: `starting failed: ${String(result.all ?? "").trim().split("\n").pop()}` };
  if (!port)
    return { ok: true, detail: `started with ${[path2.basename(cmd.file), ...cmd.args].join(" ")}` };
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const body = await fetch(`http://127.0.0.1:${port}/api/__health_check`).then((r) => r.text(), () => "");
    if (body.trim() === "ok")
      return { ok: true, detail: `started; NocoBase answers its health check on port ${port}` };
    await sleep(1e3);
  }
  return { ok: false, detail: `started, but NocoBase did not answer its health check on port ${port} within ${timeoutMs / 1e3}s: see storage/logs` };
}
function appPort(install) {
  if (install.compose) {
    const service = install.compose.project.services.find((s) => s.name === install.compose?.service);
    return service?.ports.find((p) => p.target === 80 || p.target === 13e3)?.published;
  }
  return Number(install.env.APP_PORT) || 13e3;
}

// dist/source/core/restore/plugin-check.js
function pluginsCheck(manifest, target, plan) {
  if (!plan.items.some((i) => i.entry.id === "main") || !manifest.plugins)
    return void 0;
  const wanted = manifest.plugins.filter((p) => p.enabled);
  const known = new Set((target.records?.plugins ?? []).map(pluginPackage));
  const storageRestored = plan.items.some((i) => i.entry.id === "storage" || i.entry.id === "storage:plugins");
  const missing = wanted.filter((p) => {
    const pkg = pluginPackage(p);
    return !known.has(pkg) && !pluginOnDisk(target.install, pkg) && !(p.inStorage && storageRestored);
  });
  return {
    id: "plugins",
    name: "plugins present",
    ok: missing.length === 0,
    detail: missing.length ? `missing on the target: ${missing.map((p) => `${pluginPackage(p)}${p.version ? ` ${p.version}` : ""}`).join(", ")}` : `${wanted.length} enabled plugins of the set are on the target`,
    fix: missing.some((p) => p.inStorage) ? "restore storage:plugins with the set (it holds them), or add them to the target first" : "add them to the target first (plugin manager, or their package under storage/plugins)"
  };
}

// dist/source/core/restore/preflight.js
var APP_STOPPED = "app-stopped";
async function preflight({ manifest, verdict, target, plan, tools }) {
  const checks = [];
  const bad = verdict.items.filter((i) => !i.ok);
  const planned = /* @__PURE__ */ new Set([...plan.items.map((i) => i.entry.id), ...plan.keys ? [plan.keys.entry.id] : []]);
  const ofItems = bad.every((b) => manifest.items.some((m) => m.id === b.id));
  const badPlanned = bad.filter((b) => planned.has(b.id));
  const setOk = verdict.filesOk || ofItems && badPlanned.length === 0;
  const unread = bad.filter((b) => !planned.has(b.id)).map((b) => b.id);
  const blocks = ofItems ? badPlanned.filter((b) => b.id !== plan.keys?.entry.id).map((b) => b.id) : [];
  checks.push({
    id: "set-verifies",
    name: "set verifies",
    ok: setOk,
    detail: verdict.filesOk ? `${verdict.items.length} files match the manifest and read back` : setOk ? `the files to restore match the manifest; damaged, and left out: ${unread.join(", ")}` : (ofItems ? badPlanned : bad).map((b) => b.error).join("; "),
    fix: "the set is damaged or was changed: untick what it names, or use another set",
    items: blocks.length ? blocks : void 0
  });
  checks.push({ id: "something-to-restore", name: "something to restore", ok: plan.items.length > 0, detail: plan.items.length ? `${plan.items.length} items` : "no item of the set has a counterpart on the target", fix: "pick items the target has (nbbackup scan lists them)" });
  const mismatched = MUST_MATCH.filter((k) => (manifest.settings[k] ?? "") !== (target.install.env[k] ?? ""));
  checks.push({
    id: "settings-match",
    name: "settings match",
    ok: mismatched.length === 0,
    detail: mismatched.length ? mismatched.map((k) => `${k}: set "${manifest.settings[k] ?? ""}", target "${target.install.env[k] ?? ""}"`).join("; ") : MUST_MATCH.join(", "),
    fix: "NocoBase cannot read data written with other naming settings: set them on the target as the set has them"
  });
  const from = manifest.source.nocobaseVersion;
  const to = target.nocobaseVersion;
  const order = from && to ? compareVersions(from, to) : 0;
  checks.push({
    id: "nocobase-version",
    name: "NocoBase version",
    ok: order <= 0,
    detail: from && to ? `set ${from}, target ${to}${order < 0 ? " (upgrade runs after the restore)" : ""}` : `set ${from ?? "unknown"}, target ${to ?? "unknown"}`,
    fix: `the set comes from a newer NocoBase (${from}): upgrade the target to ${from} or newer first; NocoBase does not support downgrades`
  });
  for (const { entry, target: item } of plan.items) {
    if (item.kind !== "database")
      continue;
    checks.push({ id: `reachable:${item.id}`, name: `${item.id} reachable`, ok: item.status === "ok", detail: item.status === "ok" && item.target ? targetPlace(item.target) : `${item.status}: ${item.reason ?? ""}`, fix: item.hint ?? "make the target database reachable with its settings", items: [entry.id] });
    const rights = item.status === "ok" ? await moduleForItem(item).rightsCheck(item, entry) : void 0;
    if (rights)
      checks.push({ ...rights, items: [entry.id] });
  }
  const plugins = pluginsCheck(manifest, target, plan);
  if (plugins)
    checks.push({ ...plugins, items: ["main"] });
  const needed = /* @__PURE__ */ new Map();
  const need = (names, id) => {
    const label = names.join(" or ");
    needed.set(label, { names, items: [...needed.get(label)?.items ?? [], id] });
  };
  for (const { entry, target: item } of plan.items) {
    const names = moduleForItem(item).tools(item.kind === "database" ? item.engine : void 0).restore;
    if (names.length)
      need(names, entry.id);
  }
  for (const { entry } of plan.items)
    if (entry.compression === "zstd")
      need(["zstd"], entry.id);
  if (plan.keys?.entry.compression === "zstd" && !needed.has("zstd"))
    needed.set("zstd", { names: ["zstd"], items: [] });
  for (const [label, { names, items }] of needed) {
    const found = await tools.first(names);
    checks.push({ id: `tool:${names[0]}`, name: `${label} present`, ok: Boolean(found), detail: found ?? "not found", fix: `install ${names[0]}`, items: items.length ? items : void 0 });
  }
  const storageBytes = plan.items.filter((i) => i.target.kind === "files").reduce((s, i) => s + (i.entry.rawBytes ?? 0), 0);
  if (storageBytes) {
    const fs = await statfs(path3.dirname(target.install.storagePath)).catch(() => void 0);
    const free = fs ? fs.bavail * fs.bsize : 0;
    checks.push({ id: "free-disk", name: "free disk", ok: free > storageBytes * 1.1, detail: `${Math.round(free / 1048576)} MiB free beside storage, about ${Math.round(storageBytes / 1048576)} MiB needed`, fix: "free space beside the storage folder (the old storage is kept there too)", items: plan.items.filter((i) => i.target.kind === "files").map((i) => i.entry.id) });
  }
  const earlier = await earlierRestore(target.install.storagePath);
  if (earlier)
    checks.push(earlier);
  const hostPort = appPort(target.install);
  if (hostPort) {
    const running = await tcpOpen("127.0.0.1", hostPort, 1e3);
    checks.push({
      id: APP_STOPPED,
      name: "app stopped",
      ok: !running,
      detail: running ? `something answers on port ${hostPort}` : `nothing answers on port ${hostPort}`,
      fix: target.install.compose ? `stop it (or restore with --stop-app): docker compose -f ${target.install.compose.file} stop ${target.install.compose.service}` : "stop it (or restore with --stop-app): yarn pm2 kill in the app folder, or stop the process that runs it"
    });
  }
  return checks;
}
function compareVersions(a, b) {
  const parse = (v) => {
    const [main, pre] = v.replace(/^v/, "").split("-");
    return { nums: main.split(".").map((n) => Number(n) || 0), pre };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++)
    if ((x.nums[i] ?? 0) !== (y.nums[i] ?? 0))
      return (x.nums[i] ?? 0) < (y.nums[i] ?? 0) ? -1 : 1;
  if (x.pre === y.pre)
    return 0;
  if (!x.pre)
    return 1;
  if (!y.pre)
    return -1;
  return x.pre < y.pre ? -1 : 1;
}
async function earlierRestore(storagePath) {
  const parent = path3.dirname(storagePath);
  const left = (await readdir(parent).catch(() => [])).filter((n) => n.startsWith(".nbrestore-"));
  if (!left.length)
    return void 0;
  return {
    id: "earlier-restore",
    name: "no unfinished restore",
    ok: false,
    detail: `an earlier restore was stopped midway: ${left.map((n) => path3.join(parent, n)).join(", ")} holds its rollback copies`,
    fix: "check the target (restore the safety set that run made, if it is not as it should be), then remove that folder"
  };
}

// dist/source/core/restore/restore-plan.js
import { realpathSync } from "node:fs";
import path4 from "node:path";
function planRestore(manifest, target, wanted) {
  const items = [];
  const skipped = [];
  const all = dataEntries(manifest);
  const unknown = (wanted ?? []).filter((id) => !all.some((e) => e.id === id));
  if (unknown.length)
    throw new UsageError(`unknown item ${unknown.join(", ")}`, `items of this set: ${all.map((e) => e.id).join(", ")}`);
  for (const e of all)
    if (e.status !== "ok" && (!wanted || wanted.includes(e.id)))
      skipped.push({ id: e.id, reason: `not in this set: ${e.status} at backup (${e.error ?? e.reason ?? "no reason given"})` });
  const asked = all.filter((e) => e.status === "ok" && (!wanted || wanted.includes(e.id)));
  const whole = asked.some((e) => e.kind === "files" && e.storagePath === ".");
  const entries = asked.filter((e) => !(whole && e.kind === "files" && e.storagePath !== "."));
  for (const e of asked)
    if (!entries.includes(e))
      skipped.push({ id: e.id, reason: "restored with the whole storage folder" });
  const restoring = entries;
  for (const entry of entries) {
    const counterpart = entry.kind === "files" ? storageTarget(entry, target) : target.items.find((i) => i.id === entry.id);
    if (!counterpart) {
      skipped.push({ id: entry.id, reason: `${target.install.name} has no ${entry.id}` });
      continue;
    }
    const why = counterpart.kind === "database" ? mismatch(entry, counterpart) ?? fileOutsideInstall(counterpart, target) : void 0;
    if (why) {
      skipped.push({ id: entry.id, reason: why });
      continue;
    }
    const storagePath = target.install.storagePath;
    items.push({ entry, target: counterpart, step: moduleForItem(counterpart).restoreStep({ entry, item: counterpart, restoring, storagePath }) });
  }
  const keys = keysEntry(manifest);
  const anyDatabase = items.some((i) => i.target.kind === "database");
  const storage = storageTarget(keys, target);
  return { items, skipped, keys: keys && anyDatabase && storage ? moduleForItem(storage).restoreStep({ entry: keys, item: storage, restoring, storagePath: target.install.storagePath }) : void 0 };
}
function storageTarget(entry, target) {
  if (!entry)
    return void 0;
  const storagePath = target.install.storagePath;
  const folder = entry.storagePath ?? ".";
  return target.items.find((i) => i.id === entry.id) ?? { id: entry.id, group: "storage", kind: "files", label: entry.label ?? entry.id, path: storagePath, root: storagePath, folder, status: "ok", selected: true };
}
function writerOf(entry) {
  try {
    return engineModule(entry.engine ?? "");
  } catch {
    return void 0;
  }
}
function mismatch(entry, item) {
  if (!item.target)
    return `${item.id} on the target has no database settings`;
  if (item.target.engine !== "sqlite" && item.target.docker)
    return `${item.id} is reachable only inside its compose network: publish its port to this host to restore it (restoring through docker compose exec is not available in this version)`;
  const module = moduleForItem(item);
  if (writerOf(entry) !== module)
    return `${entry.id} was backed up from ${entry.engine} but is ${item.target.engine} on the target`;
  if (entry.schema && item.target.engine === "sqlite")
    return `${entry.id} is a schema (${entry.schema}) in the set but not on the target`;
  return module.restoreBlocker(entry, item);
}
function fileOutsideInstall(item, target) {
  if (item.target?.engine !== "sqlite")
    return void 0;
  const main = target.items.find((i) => i.id === "main");
  const folders = [target.install.storagePath, ...main?.kind === "database" && main.target?.engine === "sqlite" ? [path4.dirname(main.target.file)] : []];
  const real = (p) => {
    try {
      return realpathSync(p);
    } catch {
      return path4.resolve(p);
    }
  };
  const place = path4.join(real(path4.dirname(item.target.file)), path4.basename(item.target.file));
  if (folders.some((f) => inside(place, real(f))))
    return void 0;
  return `${item.id}'s file ${item.target.file} is outside the install's storage: restore it by hand if it really belongs to the app`;
}

// dist/source/core/restore/execute-restore.js
import { mkdtemp, rm } from "node:fs/promises";
import path5 from "node:path";

// dist/source/core/restore/upgrade-app.js
async function upgradeApp(install, signal) {
  if (install.layout === "docker" && install.compose) {
    return { ran: false, ok: true, detail: `start it with: docker compose -f ${install.compose.file} start ${install.compose.service} (its start command runs the upgrade)` };
  }
  const cli = await appCli(install);
  if (!cli)
    return { ran: false, ok: true, detail: `no NocoBase code under ${install.path}/node_modules: run "yarn nocobase upgrade --skip-code-update" there before starting the app` };
  const result = await execa(cli, ["upgrade", "--skip-code-update"], { cwd: install.path, env: appCliEnv(install), reject: false, all: true, timeout: 30 * 6e4, cancelSignal: signal, maxBuffer: 1e6 });
  const last = String(result.all ?? "").trim().split("\n").pop() ?? "";
  return result.failed ? { ran: true, ok: false, detail: `nocobase upgrade failed: ${last || `exit ${result.exitCode}`}` } : { ran: true, ok: true, detail: "nocobase upgrade finished" };
}

// dist/source/core/restore/safety-copy.js
async function makeSafetyCopy(prepared, request, signal, emit) {
  const { plan, inventory } = prepared;
  const ids = plan.items.map((i) => i.target.id);
  const install = { ...inventory.install, name: `${inventory.install.name}-before-restore` };
  const sizes = ids.map((id) => inventory.items.find((i) => i.id === id)?.sizeBytes);
  const total = sizes.every((s) => s !== void 0) ? sizes.reduce((a, b) => a + (b ?? 0), 0) : void 0;
  const done = /* @__PURE__ */ new Map();
  const started = Date.now();
  const progress = throttled((bytes) => emit({ type: "progress", id: "safety", bytes, total, seconds: (Date.now() - started) / 1e3 }));
  const sum = () => [...done.values()].reduce((a, b) => a + b, 0);
  try {
    return await runBackup({
      inventory: { ...inventory, install },
      items: ids,
      outDir: request.safetyDir,
      tools: request.tools,
      signal,
      engineOptions: prepared.options,
      onEvent: (event) => {
        if (event.type === "progress")
          done.set(event.id, event.rawBytes);
        else if (event.type === "done")
          done.set(event.id, Math.max(event.entry.rawBytes ?? 0, done.get(event.id) ?? 0, event.entry.status === "ok" ? sizes[ids.indexOf(event.id)] ?? 0 : 0));
        else
          return;
        progress.push(sum());
      }
    });
  } catch (error) {
    if (signal.aborted)
      return void 0;
    throw error;
  } finally {
    progress.flush();
  }
}

// dist/source/core/restore/execute-restore.js
async function executeRestore(prepared, request) {
  const { tools } = request;
  const signal = request.signal ?? new AbortController().signal;
  const emit = request.onEvent ?? (() => void 0);
  const { checks, plan } = prepared;
  const target = prepared.target;
  const interrupted = () => ({ result: "interrupted", reason: "interrupted", checks, plan, steps: [], notes: ["nothing was changed on the target"] });
  let safetySet;
  if (request.snapshot) {
    const safety = await makeSafetyCopy(prepared, request, signal, emit);
    if (!safety)
      return interrupted();
    const failed = safety.manifest.items.filter((i) => i.status === "failed");
    const why = failed.length ? failed.map((f) => `${f.id}: ${f.error}`).join("; ") : safety.verdict.ok ? void 0 : "it does not read back";
    if (why)
      return { result: "failed", reason: `the safety copy failed (${why}): nothing was changed`, checks, plan, safetySet: safety.dir, steps: [], notes: [] };
    safetySet = safety.dir;
    emit({ type: "safety", dir: safety.dir });
  }
  if (signal.aborted)
    return { ...interrupted(), safetySet };
  const stamp = (/* @__PURE__ */ new Date()).toISOString().replace(/[-:T]/g, "").slice(0, 14);
  const workDir = await mkdtemp(path5.join(path5.dirname(target.storagePath), ".nbrestore-"));
  const ctx = { setDir: prepared.setDir, tools, stamp, workDir, install: target, signal, options: prepared.options };
  const applied = [];
  const steps = [];
  const all = [...plan.items.map((i) => i.step), ...plan.keys ? [plan.keys] : []];
  try {
    for (const step of all) {
      if (signal.aborted)
        throw new NbError("interrupted", void 0, "interrupted");
      emit({ type: "step", id: step.entry.id, phase: "start" });
      const done = await step.apply({ ...ctx, onProgress: stepProgress(step, emit) });
      applied.push({ id: step.entry.id, step: done });
      steps.push({ id: step.entry.id, status: "restored", notes: done.notes.length ? done.notes : void 0 });
      emit({ type: "step", id: step.entry.id, phase: "done", detail: done.notes.join("; ") || void 0 });
    }
    const upgrade = request.upgrade ? await upgradeApp(target, signal) : void 0;
    if (upgrade)
      emit({ type: "upgrade", outcome: upgrade });
    if (signal.aborted)
      throw new NbError("interrupted", void 0, "interrupted");
    if (upgrade && !upgrade.ok)
      throw new Error(upgrade.detail);
    const notes = [];
    for (const { step } of applied) {
      const note = await step.commit();
      if (note && !notes.includes(note))
        notes.push(note);
    }
    const started = request.startApp ? await startApp(target, tools, appPort(target)) : void 0;
    if (started)
      emit({ type: "app", action: "start", outcome: started });
    return { result: "restored", checks, plan, safetySet, steps, notes, upgrade, started };
  } catch (error) {
    const stopped = signal.aborted;
    const failedId = all[applied.length]?.entry.id;
    const reason = stopped ? "interrupted" : errorLine(error);
    if (failedId && !steps.some((s) => s.id === failedId))
      steps.push({ id: failedId, status: "failed", error: reason });
    emit({ type: "step", id: failedId ?? "upgrade", phase: "failed", detail: reason });
    const stuck = await rollBack(applied, steps, emit, safetySet);
    const notes = stuck.length ? stuck : applied.length ? ["every restored item was rolled back: the target is as it was"] : ["nothing was changed on the target"];
    return { result: stopped ? "interrupted" : "failed", reason, checks, plan, safetySet, steps, notes };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
function stepProgress(step, emit) {
  const started = Date.now();
  return (bytes) => emit({ type: "progress", id: step.entry.id, bytes, total: step.entry.bytes, seconds: (Date.now() - started) / 1e3 });
}
async function rollBack(applied, steps, emit, safetySet) {
  const stuck = [];
  for (const { id, step } of [...applied].reverse()) {
    try {
      await step.undo();
      const s = steps.find((x) => x.id === id);
      if (s)
        s.status = "rolled-back";
      emit({ type: "step", id, phase: "undone" });
    } catch (undoError) {
      stuck.push(`${id} could not be rolled back (${errorLine(undoError)})${safetySet ? `: its copy is in ${safetySet}` : ""}`);
    }
  }
  return stuck;
}

// dist/source/core/restore/restore-runner.js
async function prepareRestore(setDir, target, items, tools, options) {
  const manifest = await readManifest(setDir);
  const [verdict, inventory] = await Promise.all([verifySet(setDir, tools), takeInventory(target, { tools })]);
  const plan = planRestore(manifest, inventory, items);
  const checks = await preflight({ manifest, verdict, target: inventory, plan, tools });
  const choices = restoreChoices(manifest, items ? planRestore(manifest, inventory) : plan);
  return { setDir, target, manifest, inventory, plan, checks, verdict, choices, options };
}
async function replanRestore(prepared, items, tools) {
  const plan = planRestore(prepared.manifest, prepared.inventory, items);
  const checks = await preflight({ manifest: prepared.manifest, verdict: prepared.verdict, target: prepared.inventory, plan, tools });
  return { ...prepared, plan, checks };
}
async function runRestore(request) {
  if (request.stopApp) {
    const stopped = await stopAppAndWait(request.target, request.tools);
    if (stopped)
      request.onEvent?.({ type: "app", action: "stop", outcome: stopped });
  }
  const prepared = await prepareRestore(request.setDir, request.target, request.items, request.tools, request.engineOptions);
  const { checks, plan, manifest } = prepared;
  request.onEvent?.({ type: "checks", checks });
  if (checks.some((c) => !c.ok))
    return { result: "refused", reason: "preflight failed", checks, plan, steps: [], notes: [] };
  const confirmed = await request.confirm(plan, manifest);
  if (request.signal?.aborted)
    return { result: "interrupted", reason: "interrupted", checks, plan, steps: [], notes: ["nothing was changed on the target"] };
  if (!confirmed)
    return { result: "refused", reason: "not confirmed", checks, plan, steps: [], notes: [] };
  return executeRestore(prepared, request);
}

export {
  stopAppAndWait,
  startApp,
  appPort,
  APP_STOPPED,
  executeRestore,
  prepareRestore,
  replanRestore,
  runRestore
};
