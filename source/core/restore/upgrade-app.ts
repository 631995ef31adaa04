import { execa } from '../process/lazy-execa.js';
import type { Install } from '../discover/install.js';
import { appCli, appCliEnv } from './app-cli.js';

export interface UpgradeOutcome {
  readonly ran: boolean;
  readonly ok: boolean;
  /** One line for the operator. */
  readonly detail: string;
}

/**
 * NocoBase's migrations after a restore: the install's own CLI runs `upgrade --skip-code-update`, as
 * `yarn nocobase upgrade --skip-code-update` does (a bare `upgrade` would also update dependencies);
 * a Docker install upgrades itself when its container starts.
 */
export async function upgradeApp(install: Install, signal?: AbortSignal): Promise<UpgradeOutcome> {
  if (install.layout === 'docker' && install.compose) {
    return { ran: false, ok: true, detail: `start it with: docker compose -f ${install.compose.file} start ${install.compose.service} (its start command runs the upgrade)` };
  }
  const cli = await appCli(install);
  if (!cli) return { ran: false, ok: true, detail: `no NocoBase code under ${install.path}/node_modules: run "yarn nocobase upgrade --skip-code-update" there before starting the app` };
  const result = await execa(cli, ['upgrade', '--skip-code-update'], { cwd: install.path, env: appCliEnv(install), reject: false, all: true, timeout: 30 * 60_000, cancelSignal: signal, maxBuffer: 1_000_000 });
  const last = String(result.all ?? '').trim().split('\n').pop() ?? '';
  return result.failed ? { ran: true, ok: false, detail: `nocobase upgrade failed: ${last || `exit ${result.exitCode}`}` } : { ran: true, ok: true, detail: 'nocobase upgrade finished' };
}
