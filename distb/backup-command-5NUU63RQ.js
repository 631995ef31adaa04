import { createRequire as __nbCreateRequire } from 'node:module'; const require = __nbCreateRequire(import.meta.url);
import {
  interruptSignal,
  locateInstall
} from "./chunk-GCLOFJYC.js";
import {
  NothingBackedUp,
  runBackup
} from "./chunk-T35BJGTI.js";
import "./chunk-OLV2MSVK.js";
import {
  takeInventory
} from "./chunk-TM75O52I.js";
import "./chunk-UWS5APYA.js";
import {
  ToolFinder
} from "./chunk-MTJRFTSB.js";
import "./chunk-DIZIYRKV.js";
import {
  defaultJobs,
  defaultOutDir
} from "./chunk-PIRN4QO2.js";
import {
  dataEntries
} from "./chunk-IRFBGNPQ.js";
import {
  loadConfig,
  prettyBytes
} from "./chunk-PNQCBXDH.js";
import {
  parseOptions
} from "./chunk-4C4JDNBO.js";
import {
  EXIT,
  printJson
} from "./chunk-KAVROZ7Y.js";
import {
  NbError,
  UsageError
} from "./chunk-IEXP4XVL.js";
import "./chunk-K55L7B3G.js";

// dist/source/commands/backup-command.js
import path from "node:path";

// dist/source/commands/progress-lines.js
function progressLines(write, everyMs = 3e3) {
  const last = /* @__PURE__ */ new Map();
  return (event) => {
    switch (event.type) {
      case "set":
        write(`set ${event.dir}`);
        break;
      case "start":
        write(`[${event.id}] started${event.estimate ? ` (about ${prettyBytes(event.estimate)})` : ""}`);
        break;
      case "progress": {
        const now = Date.now();
        if (event.rawBytes === 0 || now - (last.get(event.id) ?? 0) < everyMs)
          return;
        last.set(event.id, now);
        const rate = event.seconds > 0 ? `${prettyBytes(event.rawBytes / event.seconds)}/s` : "";
        write(`[${event.id}] ${prettyBytes(event.rawBytes)} read${event.percent !== void 0 ? ` (${Math.round(event.percent)}%)` : ""} ${rate}${event.object ? `  ${event.object}` : ""}`);
        break;
      }
      case "warning":
        write(`[${event.id}] warning: ${event.message}`);
        break;
      case "verify":
        write("verifying the set");
        break;
      case "verified":
        write(event.verdict.ok ? `verified: ${event.verdict.items.length} files match the manifest and read back` : `VERIFY FAILED: ${event.verdict.items.filter((i) => !i.ok).map((i) => i.error).join("; ")}`);
        break;
      case "done": {
        const e = event.entry;
        if (e.status === "ok")
          write(`[${e.id}] ok  ${prettyBytes(e.bytes ?? 0)} in ${e.seconds}s  ${e.file}`);
        else if (e.status === "skipped")
          write(`[${e.id}] skipped: ${e.reason}`);
        else
          write(`[${e.id}] FAILED  ${e.error}`);
        break;
      }
    }
  };
}

// dist/source/commands/backup-command.js
var BACKUP_HELP = `Usage: nbbackup backup --install PATH (--items ID[,ID\u2026] | --all) [--exclude ID,\u2026] [--out DIR] [--jobs N] [--compress zstd|gzip|none] [--json]

Dumps the chosen items of the install at PATH into a new backup set under DIR.
  --items     item ids from nbbackup scan: main, external:KEY, subapp:NAME, storage, storage:FOLDER
  --all       every database item and the default storage folders; one that exists but cannot be
              dumped here (unreachable, login refused, tool missing) fails the run (exit 1)
  --exclude   leave these items out on purpose
  --out       where the set goes (default: backupDir from .nbbackuprc, else ${defaultOutDir()})
  --jobs      items dumped at once (default ${defaultJobs()})
  --compress  zstd (default), gzip or none
  --pg-jobs   dump PostgreSQL items in directory format with N parallel jobs (large databases;
              their restore can run in parallel too)`;
async function backupCommand(argv) {
  const { values } = parseOptions("backup", argv, {
    install: { type: "string" },
    items: { type: "string" },
    all: { type: "boolean" },
    exclude: { type: "string" },
    out: { type: "string" },
    jobs: { type: "string" },
    compress: { type: "string" },
    "pg-jobs": { type: "string" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" }
  });
  if (values.help) {
    process.stdout.write(`${BACKUP_HELP}
`);
    return EXIT.ok;
  }
  if (!values.install)
    throw new UsageError("backup: --install PATH is required", "see nbbackup backup --help");
  if (!values.items === !values.all)
    throw new UsageError("backup: give either --items or --all", "see nbbackup backup --help");
  const compression = values.compress ?? void 0;
  if (compression !== void 0 && !["zstd", "gzip", "none"].includes(compression))
    throw new UsageError(`backup: --compress must be zstd, gzip or none`);
  const jobs = values.jobs === void 0 ? void 0 : Number(values.jobs);
  if (jobs !== void 0 && !(Number.isInteger(jobs) && jobs > 0))
    throw new UsageError("backup: --jobs takes a whole number above 0");
  const pgJobs = values["pg-jobs"] === void 0 ? void 0 : Number(values["pg-jobs"]);
  if (pgJobs !== void 0 && !(Number.isInteger(pgJobs) && pgJobs > 0))
    throw new UsageError("backup: --pg-jobs takes a whole number above 0");
  const config = await loadConfig();
  const install = await locateInstall(values.install, config);
  const tools = new ToolFinder();
  const inventory = await takeInventory(install, { tools });
  const items = values.all ? "all" : values.items.split(",").map((s) => s.trim()).filter(Boolean);
  const interrupt = interruptSignal();
  const log = progressLines((line) => process.stderr.write(`${line}
`));
  try {
    const result = await runBackup({
      inventory,
      items,
      exclude: values.exclude?.split(",").map((s) => s.trim()).filter(Boolean),
      outDir: path.resolve(values.out ?? config.backupDir ?? defaultOutDir()),
      jobs: jobs ?? config.jobs,
      compression: compression ?? config.compress ?? "zstd",
      tools,
      signal: interrupt.signal,
      onEvent: log,
      engineOptions: { mssqlBackupDir: config.mssqlBackupDir, oracleDumpDir: config.oracleDumpDir, pgJobs }
    });
    const entries = dataEntries(result.manifest);
    if (values.json) {
      printJson({
        set: result.dir,
        verified: result.verdict.ok,
        items: entries.map((i) => ({ id: i.id, status: i.status, file: i.file, bytes: i.bytes, sha256: i.sha256, seconds: i.seconds, error: i.error, reason: i.reason }))
      });
    } else {
      process.stdout.write(`${result.dir}
`);
    }
    return entries.some((i) => i.status === "failed") || !result.verdict.ok ? EXIT.failed : EXIT.ok;
  } catch (error) {
    if (error instanceof NbError && error.code === "interrupted")
      return EXIT.interrupted;
    if (error instanceof NothingBackedUp && values.json) {
      printJson({ set: null, error: error.message, items: error.entries.map((i) => ({ id: i.id, status: i.status, error: i.error, reason: i.reason })) });
      return EXIT.failed;
    }
    throw error;
  } finally {
    interrupt.dispose();
  }
}
export {
  BACKUP_HELP,
  backupCommand
};
