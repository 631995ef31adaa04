import path from 'node:path';
import { execa, type Options } from 'execa';
import { childEnv, sandbox } from './child-env.js';

export const CLI = path.resolve(import.meta.dirname, '../../dist/cli.js');

/**
 * Runs the built CLI as an operator would, never throwing on a non-zero exit: in the run's sandbox
 * (its own home, the sandbox's settings file and working folder), unless the test says otherwise.
 */
export function runCli(args: readonly string[], options: Omit<Options, 'env'> & { env?: Record<string, string | undefined> } = {}) {
  const { env } = childEnv({ NBBACKUP_CONFIG: sandbox().config, NO_COLOR: '1', ...options.env });
  return execa(process.execPath, [CLI, ...args], { reject: false, cwd: sandbox().work, ...options, env, extendEnv: false });
}
