import type { RestoreEvent } from '../core/restore/restore-runner.js';

/** A restore's events as log lines, for `restore` and for the far side of `migrate`. */
export function logEvent(event: RestoreEvent, log: (line: string) => void): void {
  if (event.type === 'checks') for (const c of event.checks) log(`${c.ok ? '✔' : '✖'} ${c.name}: ${c.detail}${c.ok || !c.fix ? '' : `\n    fix: ${c.fix}`}`);
  else if (event.type === 'safety') log(`safety copy: ${event.dir}`);
  else if (event.type === 'step') log(`[${event.id}] ${event.phase}${event.detail ? `: ${event.detail}` : ''}`);
  else if (event.type === 'upgrade') log(`upgrade: ${event.outcome.detail}`);
  else if (event.type === 'app') log(`app ${event.action}: ${event.outcome.detail}`);
  // Progress is for the interactive tool's bars; a log line per sample would bury the steps.
}
