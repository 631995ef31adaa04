import { createRequire as __nbCreateRequire } from 'node:module'; const require = __nbCreateRequire(import.meta.url);
import {
  demoRoot,
  ensureDemo,
  removeDemo
} from "./chunk-M364LHTG.js";
import {
  prepareTerminalEnv
} from "./chunk-P3ZCE22M.js";
import "./chunk-DIZIYRKV.js";
import {
  parseOptions
} from "./chunk-4C4JDNBO.js";
import {
  EXIT
} from "./chunk-KAVROZ7Y.js";
import "./chunk-IEXP4XVL.js";
import "./chunk-K55L7B3G.js";

// dist/source/commands/demo-command.js
var DEMO_HELP = `Usage: nbbackup demo [--remove]

Creates (or reuses) a self-contained demo install in ${demoRoot()} and opens the interactive tool
on it: storage with uploads, plugins and app keys, a SQLite main database, and \u2014 when PostgreSQL
server binaries are on this machine \u2014 a PostgreSQL data source and sub-app of this session.
  --remove   delete the demo install`;
async function demoCommand(argv) {
  const { values } = parseOptions("demo", argv, { remove: { type: "boolean" }, help: { type: "boolean", short: "h" } });
  if (values.help) {
    process.stdout.write(`${DEMO_HELP}
`);
    return EXIT.ok;
  }
  if (values.remove) {
    process.stdout.write(await removeDemo() ? `Removed the demo install at ${demoRoot()}.
` : `No demo install at ${demoRoot()}.
`);
    return EXIT.ok;
  }
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    const demo = await ensureDemo();
    process.stderr.write(`nbbackup: demo install ready at ${demo.path}; the interactive tool needs a terminal.
  hint: back it up headless with: nbbackup backup --install ${demo.path} --all
`);
    return EXIT.usage;
  }
  prepareTerminalEnv();
  const { startTui } = await import("./start-tui-2TP6TI4G.js");
  await startTui({ demo: true });
  return EXIT.ok;
}
export {
  DEMO_HELP,
  demoCommand
};
