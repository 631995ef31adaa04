import { createRequire as __nbCreateRequire } from 'node:module'; const require = __nbCreateRequire(import.meta.url);
import {
  defaultOutDir
} from "./chunk-PIRN4QO2.js";
import {
  dataEntries,
  listSets
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
import "./chunk-IEXP4XVL.js";
import "./chunk-K55L7B3G.js";

// dist/source/commands/list-command.js
import path from "node:path";
var LIST_HELP = `Usage: nbbackup list [DIR] [--json]

Lists the backup sets under DIR (default: backupDir from .nbbackuprc, else ${defaultOutDir()}).
Folders left by an interrupted backup have no manifest and are shown as incomplete.`;
async function listCommand(argv) {
  const { values, positionals } = parseOptions("list", argv, { json: { type: "boolean" }, help: { type: "boolean", short: "h" } });
  if (values.help) {
    process.stdout.write(`${LIST_HELP}
`);
    return EXIT.ok;
  }
  const config = await loadConfig();
  const root = path.resolve(positionals[0] ?? config.backupDir ?? defaultOutDir());
  const sets = await listSets(root);
  if (values.json) {
    printJson({
      sets: sets.map((s) => ({
        set: s.dir,
        complete: s.complete && !s.manifest?.items.some((i) => i.status === "failed"),
        createdAt: s.manifest?.createdAt,
        install: s.manifest?.source.installPath,
        nocobaseVersion: s.manifest?.source.nocobaseVersion,
        items: (s.manifest ? dataEntries(s.manifest) : void 0)?.filter((i) => i.status === "ok").map((i) => i.id),
        failed: s.manifest?.items.filter((i) => i.status === "failed").map((i) => i.id),
        bytes: s.bytes
      }))
    });
    return EXIT.ok;
  }
  if (!sets.length)
    process.stdout.write(`No backup sets in ${root}.
`);
  for (const s of sets) {
    if (!s.complete || !s.manifest) {
      process.stdout.write(`${path.basename(s.dir)}  INCOMPLETE (interrupted, no manifest)
`);
      continue;
    }
    const m = s.manifest;
    const ok = dataEntries(m).filter((i) => i.status === "ok").map((i) => i.id);
    const failed = m.items.filter((i) => i.status === "failed").length;
    process.stdout.write(`${path.basename(s.dir)}  ${m.createdAt}  ${m.source.installName}${m.source.nocobaseVersion ? ` ${m.source.nocobaseVersion}` : ""}  ${prettyBytes(s.bytes)}  ${ok.join(",")}${failed ? `  INCOMPLETE: ${m.items.filter((i) => i.status === "failed").map((i) => i.id).join(",")} failed` : ""}
`);
  }
  return EXIT.ok;
}
export {
  LIST_HELP,
  listCommand
};
