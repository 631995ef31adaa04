import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from '../process/lazy-execa.js';
import type { Install } from '../discover/install.js';
import type { ToolFinder } from '../process/tool-finder.js';
import { tcpOpen } from '../process/tcp-probe.js';
import { appCli, appCliEnv } from './app-cli.js';

export interface ControlOutcome {
  readonly ok: boolean;
  readonly detail: string;
}

/** How this install is stopped and started: pm2 through the app's own CLI, or its compose service. */
async function command(install: Install, action: 'stop' | 'start', tools: ToolFinder): Promise<{ file: string; args: string[]; cwd: string; env?: NodeJS.ProcessEnv } | undefined> {
  if (install.compose) {
    const docker = await tools.first(['docker']);
    return docker ? { file: docker, args: ['compose', '-f', install.compose.file, action, install.compose.service], cwd: install.path } : undefined;
  }
  const cli = await appCli(install);
  if (!cli) return undefined;
  // `start -d` (what `yarn start -d` runs) starts NocoBase as a pm2 daemon; `pm2 kill` stops that daemon and its app.
  return { file: cli, args: action === 'start' ? ['start', '-d'] : ['pm2', 'kill'], cwd: install.path, env: appCliEnv(install) };
}

/**
 * Stops a running app and waits until its port closes (the process manager returns before that):
 * what both front ends do before a restore. Nothing answering means nothing to stop.
 */
export async function stopAppAndWait(install: Install, tools: ToolFinder): Promise<ControlOutcome | undefined> {
  const port = appPort(install);
  if (!port || !(await tcpOpen('127.0.0.1', port, 1000))) return undefined;
  const stopped = await stopApp(install, tools);
  for (let i = 0; i < 60 && (await tcpOpen('127.0.0.1', port, 500)); i++) await sleep(500);
  return stopped;
}

async function stopApp(install: Install, tools: ToolFinder): Promise<ControlOutcome> {
  const cmd = await command(install, 'stop', tools);
  if (!cmd) return { ok: false, detail: 'nbbackup cannot stop this install (no docker for its compose file, or no NocoBase code in node_modules): stop it yourself' };
  const result = await execa(cmd.file, cmd.args, { cwd: cmd.cwd, env: cmd.env, reject: false, all: true, timeout: 5 * 60_000 });
  return result.failed ? { ok: false, detail: `${[path.basename(cmd.file), ...cmd.args].join(' ')} failed: ${String(result.all ?? '').trim().split('\n').pop()}` } : { ok: true, detail: `stopped with ${[path.basename(cmd.file), ...cmd.args].join(' ')}` };
}

/** Starts the app and reports its answer: NocoBase's health check on the published port. */
export async function startApp(install: Install, tools: ToolFinder, port: number | undefined, timeoutMs = 180_000): Promise<ControlOutcome> {
  const cmd = await command(install, 'start', tools);
  if (!cmd) return { ok: false, detail: 'nbbackup cannot start this install: start it yourself' };
  const result = await execa(cmd.file, cmd.args, { cwd: cmd.cwd, env: cmd.env, reject: false, all: true, timeout: 5 * 60_000 });
  if (result.failed) return { ok: false, detail: `starting failed: ${String(result.all ?? '').trim().split('\n').pop()}` };
  if (!port) return { ok: true, detail: `started with ${[path.basename(cmd.file), ...cmd.args].join(' ')}` };
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const body = await fetch(`http://127.0.0.1:${port}/api/__health_check`).then((r) => r.text(), () => '');
    if (body.trim() === 'ok') return { ok: true, detail: `started; NocoBase answers its health check on port ${port}` };
    await sleep(1000);
  }
  return { ok: false, detail: `started, but NocoBase did not answer its health check on port ${port} within ${timeoutMs / 1000}s: see storage/logs` };
}

/** The port NocoBase answers on from this host. */
export function appPort(install: Install): number | undefined {
  if (install.compose) {
    const service = install.compose.project.services.find((s) => s.name === install.compose?.service);
    return service?.ports.find((p) => p.target === 80 || p.target === 13000)?.published;
  }
  return Number(install.env.APP_PORT) || 13000;
}
