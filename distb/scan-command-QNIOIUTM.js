import { createRequire as __nbCreateRequire } from 'node:module'; const require = __nbCreateRequire(import.meta.url);
import {
  scanMachine
} from "./chunk-UXFTAWEB.js";
import "./chunk-TM75O52I.js";
import {
  targetPlace
} from "./chunk-MTJRFTSB.js";
import "./chunk-DIZIYRKV.js";
import {
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
  UsageError
} from "./chunk-IEXP4XVL.js";
import "./chunk-K55L7B3G.js";

// dist/source/commands/scan-command.js
import { stat } from "node:fs/promises";

// dist/source/core/scan/scan-report.js
function itemJson(item) {
  const common = {
    id: item.id,
    kind: item.kind,
    label: item.label,
    sizeBytes: item.sizeBytes,
    status: item.status,
    reason: item.reason,
    hint: item.hint,
    selected: item.selected,
    note: item.note
  };
  if (item.kind === "files")
    return { ...common, path: item.path, files: item.files };
  const t = item.target;
  const where2 = t === void 0 ? {} : t.engine === "sqlite" ? { file: t.file } : {
    host: t.host,
    port: t.port,
    database: t.database,
    schema: t.schema ?? (t.engine === "postgres" || t.engine === "kingbase" ? "public" : void 0),
    user: t.user,
    dockerService: t.docker?.service
  };
  return { ...common, engine: item.engine, ...where2, serverVersion: item.serverVersion, excludeSchemas: item.excludeSchemas };
}
function installJson(inv) {
  const { install } = inv;
  return {
    path: install.path,
    name: install.name,
    layout: install.layout,
    nocobaseVersion: inv.nocobaseVersion,
    envFile: install.envFile,
    composeFile: install.compose?.file,
    storagePath: install.storagePath,
    items: inv.items.map(itemJson),
    warnings: inv.warnings.length ? inv.warnings : void 0
  };
}

// dist/source/commands/scan-command.js
var SCAN_HELP = `Usage: nbbackup scan [ROOT\u2026] [--json] [--offline]

Finds NocoBase installs under the ROOT folders (default: the configured roots, else the current
folder, /opt, /srv, /var/www, /home, /root, /app) and lists what each holds to back up.
  --json      one JSON document on stdout
  --offline   read files only; no database connections`;
async function scanCommand(argv) {
  const { values, positionals } = parseOptions("scan", argv, {
    json: { type: "boolean" },
    offline: { type: "boolean" },
    help: { type: "boolean", short: "h" }
  });
  if (values.help) {
    process.stdout.write(`${SCAN_HELP}
`);
    return EXIT.ok;
  }
  const present = await Promise.all(positionals.map((root) => stat(root).then((s) => s.isDirectory(), () => false)));
  if (positionals.length && !present.some(Boolean)) {
    throw new UsageError(`${positionals.join(", ")}: no such folder`, "name the folder that holds your NocoBase installs, or run nbbackup scan for the usual places");
  }
  const scan = await scanMachine({ roots: positionals });
  const inventories = await scan.inventories({ offline: values.offline });
  const found = scan;
  if (values.json) {
    printJson({ installs: inventories.map(installJson), warnings: found.warnings.length ? found.warnings : void 0 });
  } else {
    for (const warning of found.warnings)
      process.stderr.write(`warning: ${warning}
`);
    process.stdout.write(inventories.length ? inventories.map(formatInventory).join("\n") : "No NocoBase installs found.\n");
  }
  return EXIT.ok;
}
function formatInventory(inv) {
  const { install } = inv;
  const lines = [
    `${install.name}  (${install.layout}${inv.nocobaseVersion ? `, NocoBase ${inv.nocobaseVersion}` : ""})  ${install.path}`,
    `  settings: ${install.envFile ?? "-"}`
  ];
  const rows = inv.items.map((item) => [
    item.selected ? "[x]" : "[ ]",
    item.id,
    item.kind === "files" ? "files" : item.engine,
    item.kind === "files" ? `${item.files ?? 0} files` : where(item.target),
    item.sizeBytes === void 0 ? "-" : prettyBytes(item.sizeBytes),
    item.status
  ]);
  const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => r[col].length)));
  inv.items.forEach((item, i) => {
    lines.push(`  ${rows[i].map((cell, col) => cell.padEnd(widths[col])).join("  ").trimEnd()}`);
    const why = item.reason ?? item.note;
    if (why)
      lines.push(`      ${item.reason ? "\u2716" : "\xB7"} ${why}${item.hint ? ` (${item.hint})` : ""}`);
  });
  for (const warning of inv.warnings)
    lines.push(`  ! ${warning}`);
  return `${lines.join("\n")}
`;
}
function where(target) {
  return target ? targetPlace(target) : "-";
}
export {
  SCAN_HELP,
  formatInventory,
  scanCommand
};
