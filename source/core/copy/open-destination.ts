import { UsageError } from '../errors.js';
import type { Config } from '../settings/config.js';
import type { SetDestination } from './destination.js';
import { folderDestination } from './folder-destination.js';
import type { DestinationSpec } from './parse-destination.js';

/**
 * The ssh command and its options (like rsync's -e): NBBACKUP_SSH split on spaces, else `ssh` in
 * .nbbackuprc (an argv), else plain `ssh` with the operator's own keys, agent and ~/.ssh/config.
 */
export function sshCommandOf(config: Config, env: NodeJS.ProcessEnv = process.env): string[] {
  const fromEnv = env.NBBACKUP_SSH?.trim();
  if (fromEnv) {
    const words = fromEnv.split(/\s+/);
    if (words.some((w) => /["'\\$`]/.test(w))) throw new UsageError('NBBACKUP_SSH is split on spaces only; it holds quotes or shell characters', 'use plain words, or the ssh list in .nbbackuprc for arguments with spaces');
    return words;
  }
  return config.ssh ? [...config.ssh] : ['ssh'];
}

/** The destination's driver; the S3 client is loaded only for an S3 destination. */
export async function openDestination(spec: DestinationSpec, config: Config): Promise<SetDestination> {
  if (spec.kind === 'folder') return folderDestination(spec.path);
  if (spec.kind === 'ssh') {
    const { sshDestination } = await import('./ssh-destination.js');
    return sshDestination(spec, sshCommandOf(config));
  }
  const { s3Destination } = await import('./s3-destination.js');
  return s3Destination(spec, config.s3 ?? {});
}
