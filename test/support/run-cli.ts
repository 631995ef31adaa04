import { mkdtempSync } from 'node:fs';
import os from 'node:os';
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

/** Backs an install up into a new folder with the real CLI (`select`: `--all`, or `--items` ids) and returns the set. */
export async function backUpInto(installDir: string, select: 'all' | readonly string[]): Promise<string> {
  const out = mkdtempSync(path.join(os.tmpdir(), 'nbtest-sets-'));
  const result = await runCli(['backup', '--install', installDir, ...(select === 'all' ? ['--all'] : ['--items', select.join(',')]), '--out', out, '--json']);
  if (result.exitCode !== 0) throw new Error(`the backup of ${installDir} failed (exit ${result.exitCode}): ${String(result.stderr)}`);
  return JSON.parse(String(result.stdout)).set as string;
}
