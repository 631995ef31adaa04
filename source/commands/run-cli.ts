import { UsageError } from '../core/errors.js';
import { EXIT, exitCodeFor, printError } from './cli-output.js';
import { MAIN_HELP } from './help.js';
import { TOOL_VERSION } from '../core/process/tool-meta.js';
import { sweepAtStart } from '../core/process/run-dir.js';
type Command = (argv: readonly string[]) => Promise<number>;

// Loaded on demand: a command pays only for the libraries it uses (start-up time and memory).
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  scan: async () => (await import('./scan-command.js')).scanCommand,
  backup: async () => (await import('./backup-command.js')).backupCommand,
  verify: async () => (await import('./verify-command.js')).verifyCommand,
  list: async () => (await import('./list-command.js')).listCommand,
  demo: async () => (await import('./demo-command.js')).demoCommand,
  restore: async () => (await import('./restore-command.js')).restoreCommand,
  profile: async () => (await import('./profile-command.js')).profileCommand,
  profiles: async () => (await import('./profiles-command.js')).profilesCommand,
  run: async () => (await import('./run-command.js')).runCommand,
  copy: async () => (await import('./copy-command.js')).copyCommand,
  migrate: async () => (await import('./migrate-command.js')).migrateCommand,
};

/** Runs one headless command and returns its exit code; errors are printed as one line and a hint. */
export async function runCli(command: string, argv: readonly string[]): Promise<number> {
  // `nbbackup run x | head`: a closed pipe must not crash a run midway (its lock, set and alerts).
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${MAIN_HELP}\n`);
    return EXIT.ok;
  }
  if (command === '--version' || command === 'version' || command === '-V') {
    process.stdout.write(`${TOOL_VERSION}\n`);
    return EXIT.ok;
  }
  const load = COMMANDS[command];
  try {
    if (!load) throw new UsageError(`unknown command "${command}"`, 'run nbbackup help for the commands');
    // What a killed run left in the runtime folder is swept while the command's code loads.
    const [run] = await Promise.all([load(), sweepAtStart()]);
    return await run(argv);
  } catch (error) {
    printError(error);
    return exitCodeFor(error);
  }
}
