import path from 'node:path';
import { execa, type Options } from 'execa';

export const CLI = path.resolve(import.meta.dirname, '../../dist/cli.js');

/** Runs the built CLI as an operator would, never throwing on a non-zero exit. */
export function runCli(args: readonly string[], options: Options = {}) {
  return execa(process.execPath, [CLI, ...args], { reject: false, ...options, env: { NBBACKUP_CONFIG: '', NO_COLOR: '1', ...options.env } });
}
