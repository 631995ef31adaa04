import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { freePort } from '../../source/core/process/free-port.js';
import { tcpOpen } from '../../source/core/process/tcp-probe.js';
import { waitFor } from './wait-for.js';

// A running "NocoBase" for restore's stop-app paths: the install's own CLI (node_modules/.bin/nocobase)
// is a stand-in whose `start -d` runs a tiny server on APP_PORT answering NocoBase's health check and
// whose `pm2 kill` stops it, as the real CLI's do.

const CLI = (pidFile: string) => `#!/usr/bin/env node
const { spawn } = require('node:child_process');
const { existsSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const [cmd, arg] = process.argv.slice(2);
const pidFile = ${JSON.stringify(pidFile)};
if (cmd === 'start' && arg === '-d') {
  const server = 'require("node:http").createServer((q, r) => r.end(q.url === "/api/__health_check" ? "ok" : "")).listen(Number(process.env.APP_PORT), "127.0.0.1")';
  const child = spawn(process.execPath, ['-e', server], { detached: true, stdio: 'ignore', env: { ...process.env, APP_PORT: readFileSync(${JSON.stringify(`${pidFile}.port`)}, 'utf8') } });
  writeFileSync(pidFile, String(child.pid));
  child.unref();
} else if (cmd === 'pm2' && arg === 'kill') {
  if (existsSync(pidFile)) { try { process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGTERM'); } catch {} rmSync(pidFile); }
}
`;

export interface StandInApp {
  readonly port: number;
  start(): Promise<void>;
  running(): Promise<boolean>;
  stop(): void;
}

/** Gives the install at `dir` the stand-in CLI and an APP_PORT of its own; the app is not started yet. */
export async function standInApp(dir: string): Promise<StandInApp> {
  const port = await freePort();
  const pidFile = path.join(dir, 'app.pid');
  writeFileSync(path.join(dir, '.env'), readFileSync(path.join(dir, '.env'), 'utf8').replace(/^APP_PORT=.*$/m, `APP_PORT=${port}`));
  mkdirSync(path.join(dir, 'node_modules/.bin'), { recursive: true });
  writeFileSync(`${pidFile}.port`, String(port));
  writeFileSync(path.join(dir, 'node_modules/.bin/nocobase'), CLI(pidFile), { mode: 0o755 });
  return {
    port,
    async start() {
      await execa(path.join(dir, 'node_modules/.bin/nocobase'), ['start', '-d']);
      await waitFor(() => tcpOpen('127.0.0.1', port, 500), { what: 'the stand-in app to listen' });
    },
    running: () => tcpOpen('127.0.0.1', port, 1000),
    stop() {
      if (existsSync(pidFile)) process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGTERM');
    },
  };
}
