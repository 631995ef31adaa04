import { demoRoot, ensureDemo, removeDemo } from '../core/demo/demo-install.js';
import { EXIT } from './cli-output.js';
import { prepareTerminalEnv } from './terminal-env.js';
import { parseOptions } from './parse-options.js';

export const DEMO_HELP = `Usage: nbbackup demo [--remove]

Creates (or reuses) a self-contained demo install in ${demoRoot()} and opens the interactive tool
on it: storage with uploads, plugins and app keys, a SQLite main database, and — when PostgreSQL
server binaries are on this machine — a PostgreSQL data source and sub-app of this session.
  --remove   delete the demo install`;

export async function demoCommand(argv: readonly string[]): Promise<number> {
  const { values } = parseOptions('demo', argv, { remove: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    process.stdout.write(`${DEMO_HELP}\n`);
    return EXIT.ok;
  }
  if (values.remove) {
    process.stdout.write((await removeDemo()) ? `Removed the demo install at ${demoRoot()}.\n` : `No demo install at ${demoRoot()}.\n`);
    return EXIT.ok;
  }
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    const demo = await ensureDemo();
    process.stderr.write(`nbbackup: demo install ready at ${demo.path}; the interactive tool needs a terminal.\n  hint: back it up headless with: nbbackup backup --install ${demo.path} --all\n`);
    return EXIT.usage;
  }
  prepareTerminalEnv();
  const { startTui } = await import('../ui/start-tui.js');
  await startTui({ demo: true });
  return EXIT.ok;
}
