#!/usr/bin/env node
import { createRequire as __nbCreateRequire } from 'node:module'; const require = __nbCreateRequire(import.meta.url);
import {
  prepareTerminalEnv
} from "./chunk-P3ZCE22M.js";
import {
  TOOL_VERSION
} from "./chunk-OLV2MSVK.js";
import {
  EXIT,
  exitCodeFor,
  printError
} from "./chunk-KAVROZ7Y.js";
import {
  UsageError
} from "./chunk-IEXP4XVL.js";
import "./chunk-K55L7B3G.js";

// dist/source/commands/help.js
var MAIN_HELP = `nbbackup \u2014 back up, restore and migrate NocoBase installs

Usage:
  nbbackup                      the interactive tool (needs a terminal)
  nbbackup scan [ROOT\u2026] [--json] [--offline]
                                find installs and list what each holds to back up
  nbbackup backup --install PATH (--items ID,\u2026 | --all) [--out DIR] [--jobs N] [--compress zstd|gzip|none] [--json]
                                dump the chosen items into a new backup set
  nbbackup verify SET [--json]  re-hash a set and read every dump
  nbbackup list [DIR] [--json]  the backup sets under DIR
  nbbackup restore SET --to PATH [--items ID,\u2026] [--yes] [--no-snapshot] [--no-upgrade] [--stop-app] [--start] [--json]
                                restore a set into an install, with preflight, safety copy and rollback
  nbbackup demo [--remove]      open the interactive tool on a demo install (or remove it)
  nbbackup help                 this text
  nbbackup --version            the version

Exit codes: 0 done \xB7 1 some item failed \xB7 2 usage error \xB7 3 refused \xB7 130 interrupted.
Settings: .nbbackuprc (see .nbbackuprc.example).`;

// dist/source/commands/run-cli.js
var COMMANDS = {
  scan: async () => (await import("./scan-command-QNIOIUTM.js")).scanCommand,
  backup: async () => (await import("./backup-command-5NUU63RQ.js")).backupCommand,
  verify: async () => (await import("./verify-command-NY53P2X5.js")).verifyCommand,
  list: async () => (await import("./list-command-A6YXENKO.js")).listCommand,
  demo: async () => (await import("./demo-command-SZHHWJK3.js")).demoCommand,
  restore: async () => (await import("./restore-command-HB5EVBNJ.js")).restoreCommand
};
async function runCli(command2, argv) {
  if (command2 === "help" || command2 === "--help" || command2 === "-h") {
    process.stdout.write(`${MAIN_HELP}
`);
    return EXIT.ok;
  }
  if (command2 === "--version" || command2 === "version" || command2 === "-V") {
    process.stdout.write(`${TOOL_VERSION}
`);
    return EXIT.ok;
  }
  const load = COMMANDS[command2];
  try {
    if (!load)
      throw new UsageError(`unknown command "${command2}"`, "run nbbackup help for the commands");
    return await (await load())(argv);
  } catch (error) {
    printError(error);
    return exitCodeFor(error);
  }
}

// dist/cli.js
var [command, ...rest] = process.argv.slice(2);
if (command === void 0) {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write(`${MAIN_HELP}

nbbackup: the interactive tool needs a terminal; use a command above in scripts.
`);
    process.exitCode = 2;
  } else {
    prepareTerminalEnv();
    const { startTui } = await import("./start-tui-2TP6TI4G.js");
    await startTui();
  }
} else {
  process.exitCode = await runCli(command, rest);
}
