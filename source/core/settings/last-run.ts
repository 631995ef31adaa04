import Conf from 'conf';

/** The last backup or restore the interactive tool ran: the status line shows it at the next start. */
export interface LastRun {
  readonly kind: 'backup' | 'restore';
  readonly install: string;
  readonly ok: boolean;
  /** One short line: "3 items, 41 kB" or the reason it failed. */
  readonly detail: string;
  /** ISO time it ended. */
  readonly at: string;
}

function store(): Conf<{ lastRun?: LastRun }> {
  return new Conf<{ lastRun?: LastRun }>({ projectName: 'nbbackup', configName: 'last-run', cwd: process.env.NBBACKUP_STATE_DIR || undefined, projectSuffix: '' });
}

export function loadLastRun(): LastRun | undefined {
  try {
    const run = store().get('lastRun');
    return run && typeof run.at === 'string' && typeof run.install === 'string' ? run : undefined;
  } catch {
    // A damaged state file costs the status line, never the tool.
    return undefined;
  }
}

export function saveLastRun(run: LastRun): void {
  try {
    store().set('lastRun', run);
  } catch {
    // Best effort: a read-only home must not fail a finished backup.
  }
}
