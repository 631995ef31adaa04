// A profile can run commands before and after its backup (stop a worker, start it again); a hook that
// fails stops the ones after it, and one that hangs or is interrupted takes everything it started with it.
import path from 'node:path';
import { runBounded } from './bounded-command.js';

export interface Hook {
  readonly command: readonly string[];
  /** default 300 */
  readonly timeoutSeconds?: number;
}

export interface HookResult {
  readonly hook: Hook;
  readonly ok: boolean;
  /** One line: "exit 2", "timed out after 5 s", "not found: /no/such", "stopped (interrupted)". */
  readonly detail: string;
  /** last ~20 lines of stdout+stderr */
  readonly output: string;
}

const DEFAULT_TIMEOUT_SECONDS = 300;

/**
 * Runs `hooks` one after another with `env` added to ours (the caller sets NBBACKUP_PROFILE,
 * NBBACKUP_PHASE and, after a run, NBBACKUP_RESULT); stops at the first that fails. Never throws:
 * the results say what ran and how it ended.
 */
export async function runHooks(hooks: readonly Hook[] | undefined, env: Readonly<Record<string, string>>, signal?: AbortSignal): Promise<HookResult[]> {
  const results: HookResult[] = [];
  for (const hook of hooks ?? []) {
    const run = await runBounded({ command: hook.command, env, timeoutSeconds: timeoutOf(hook), signal });
    results.push({ hook, ok: run.ok, detail: run.detail, output: run.output });
    if (!run.ok) break;
  }
  return results;
}

/** The hook as an operator would type it: `systemctl stop worker`. */
export function describeHook(hook: Hook): string {
  // Logs, alerts and webhooks carry this: arguments may hold a token (a bearer header, a password
  // flag), so only the program and a plain subcommand ("systemctl stop …") are named.
  const [program, first, ...rest] = hook.command;
  const sub = first !== undefined && /^[a-z][a-z-]{0,15}$/.test(first) ? ` ${first}` : '';
  const more = (sub ? rest.length : rest.length + (first === undefined ? 0 : 1)) > 0 ? ' …' : '';
  return `${path.basename(program)}${sub}${more}`;
}

function timeoutOf(hook: Hook): number {
  const seconds = hook.timeoutSeconds;
  return seconds !== undefined && Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_TIMEOUT_SECONDS;
}
