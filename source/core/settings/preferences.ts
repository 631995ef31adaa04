import Conf from 'conf';
import type { Compression } from '../stream/compression.js';
import type { Config } from './config.js';
import { defaultJobs, defaultOutDir } from './defaults.js';

/** What the interactive tool remembers between runs (the headless commands read .nbbackuprc only). */
export interface Preferences {
  readonly outDir: string;
  readonly compression: Compression;
  readonly jobs: number;
}

type Stored = Partial<Preferences>;

function store(): Conf<Stored> {
  // NBBACKUP_STATE_DIR keeps tests (and portable setups) out of the user's own settings.
  return new Conf<Stored>({ projectName: 'nbbackup', cwd: process.env.NBBACKUP_STATE_DIR || undefined, projectSuffix: '' });
}

/** Remembered choices over .nbbackuprc over built-in defaults. */
export function loadPreferences(config: Config): Preferences {
  const saved = store().store;
  return {
    outDir: saved.outDir ?? config.backupDir ?? defaultOutDir(),
    compression: saved.compression ?? config.compress ?? 'zstd',
    jobs: saved.jobs ?? config.jobs ?? defaultJobs(),
  };
}

export function savePreferences(preferences: Preferences): string {
  const conf = store();
  conf.set(preferences);
  return conf.path;
}
