import os from 'node:os';
import path from 'node:path';

/** Where sets go when neither --out nor backupDir says: the system's backup folder for root, else the home folder. */
export function defaultOutDir(): string {
  return process.getuid?.() === 0 ? '/var/backups/nbbackup' : path.join(os.homedir(), 'nbbackup');
}

/** Items dumped at once: each dump tool and its compressor share the cores. */
export function defaultJobs(): number {
  return Math.min(4, Math.max(2, os.availableParallelism()));
}
