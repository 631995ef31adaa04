#!/usr/bin/env node
import { runCli } from './source/commands/run-cli.js';
import { MAIN_HELP } from './source/commands/help.js';
import { prepareTerminalEnv } from './source/commands/terminal-env.js';

// Thin on purpose: headless commands go to source/commands, the bare command opens the TUI.
const [command, ...rest] = process.argv.slice(2);
if (command === undefined) {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write(`${MAIN_HELP}\n\nnbbackup: the interactive tool needs a terminal; use a command above in scripts.\n`);
    process.exitCode = 2;
  } else {
    prepareTerminalEnv();
    const { startTui } = await import('./source/ui/start-tui.js');
    await startTui();
  }
} else {
  process.exitCode = await runCli(command, rest);
}
