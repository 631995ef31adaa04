import { createRequire as __nbCreateRequire } from 'node:module'; const require = __nbCreateRequire(import.meta.url);
import {
  verifySet
} from "./chunk-UWS5APYA.js";
import {
  ToolFinder
} from "./chunk-MTJRFTSB.js";
import "./chunk-DIZIYRKV.js";
import "./chunk-IRFBGNPQ.js";
import "./chunk-PNQCBXDH.js";
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

// dist/source/commands/verify-command.js
import path from "node:path";
var VERIFY_HELP = `Usage: nbbackup verify SET [--json]

Re-hashes every file of the set against its manifest and reads each dump with the matching tool.`;
async function verifyCommand(argv) {
  const { values, positionals } = parseOptions("verify", argv, { json: { type: "boolean" }, help: { type: "boolean", short: "h" } });
  if (values.help) {
    process.stdout.write(`${VERIFY_HELP}
`);
    return EXIT.ok;
  }
  if (positionals.length !== 1)
    throw new UsageError("verify: name one backup set folder", "see nbbackup verify --help");
  const verdict = await verifySet(path.resolve(positionals[0]), new ToolFinder());
  if (values.json)
    printJson(verdict);
  else {
    for (const item of verdict.items)
      process.stdout.write(item.ok ? `\u2714 ${item.id}  ${item.file}
` : `\u2716 ${item.id}  ${item.error}
`);
    for (const m of verdict.missing)
      process.stdout.write(`\u2716 ${m.id}  not in the set: it failed at backup (${m.reason})
`);
    const state = verdict.ok ? "verified" : verdict.filesOk ? "INCOMPLETE" : "FAILED verification";
    process.stdout.write(`set ${state}: ${verdict.set}
`);
  }
  return verdict.ok ? EXIT.ok : EXIT.failed;
}
export {
  VERIFY_HELP,
  verifyCommand
};
