import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../source/core/process/free-port.js';
import { tcpOpen } from '../../source/core/process/tcp-probe.js';
import { buildRichInstall, richState, type RichInstall } from '../support/fixtures.js';
import { backUpInto, runCli } from '../support/run-cli.js';
import { waitFor } from '../support/wait-for.js';

// `restore --stop-app`: nbbackup stops the running app first. When the restore then does not go
// through (preflight refuses, a step fails and is rolled back), the app it stopped runs again.
// The install's own CLI (node_modules/.bin/nocobase) is a stand-in that runs a tiny server on
// APP_PORT answering NocoBase's health check, as `start -d` / `pm2 kill` do for the real one.

const pg = inject('pg');
const maria = inject('maria');
let a: RichInstall;
let b: RichInstall;
let set: string;
let port: number;
const pidFile = () => path.join(b.dir, 'app.pid');

const CLI = (pid: string) => `#!/usr/bin/env node
const { spawn } = require('node:child_process');
const { existsSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const [cmd, arg] = process.argv.slice(2);
const pidFile = ${JSON.stringify(pid)};
if (cmd === 'start' && arg === '-d') {
  const server = 'require("node:http").createServer((q, r) => r.end(q.url === "/api/__health_check" ? "ok" : "")).listen(Number(process.env.APP_PORT), "127.0.0.1")';
  const child = spawn(process.execPath, ['-e', server], { detached: true, stdio: 'ignore', env: { ...process.env, APP_PORT: process.env.APP_PORT ?? readFileSync(${JSON.stringify(pid + '.port')}, 'utf8') } });
  writeFileSync(pidFile, String(child.pid));
  child.unref();
} else if (cmd === 'pm2' && arg === 'kill') {
  if (existsSync(pidFile)) { try { process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGTERM'); } catch {} rmSync(pidFile); }
}
`;

async function startTheApp(): Promise<void> {
  const { execa } = await import('execa');
  await execa(path.join(b.dir, 'node_modules/.bin/nocobase'), ['start', '-d'], { env: { APP_PORT: String(port) } });
  await waitFor(() => tcpOpen('127.0.0.1', port, 500), { what: 'the stand-in app to listen' });
}

beforeAll(async () => {
  a = await buildRichInstall(pg, maria);
  b = await buildRichInstall(pg, maria, 'create table leftover (id int);');
  set = await backUpInto(a.dir, 'all');
  port = await freePort();
  const env = readFileSync(path.join(b.dir, '.env'), 'utf8').replace(/^APP_PORT=.*$/m, `APP_PORT=${port}`);
  writeFileSync(path.join(b.dir, '.env'), env);
  mkdirSync(path.join(b.dir, 'node_modules/.bin'), { recursive: true });
  writeFileSync(`${pidFile()}.port`, String(port));
  writeFileSync(path.join(b.dir, 'node_modules/.bin/nocobase'), CLI(pidFile()), { mode: 0o755 });
});
afterAll(async () => {
  if (b && existsSync(pidFile())) process.kill(Number(readFileSync(pidFile(), 'utf8')), 'SIGTERM');
  await a?.cleanup();
  await b?.cleanup();
});

describe('restore --stop-app', () => {
  it('starts the app it stopped again when preflight refuses', async () => {
    await startTheApp();
    const tampered = mkdtempSync(path.join(os.tmpdir(), 'nbtest-tampered-'));
    cpSync(set, tampered, { recursive: true });
    const file = path.join(tampered, 'main.pgdump.zst');
    const bytes = readFileSync(file);
    bytes[100] ^= 1;
    writeFileSync(file, bytes);
    const before = await richState(pg, maria, b);
    const result = await runCli(['restore', tampered, '--to', b.dir, '--yes', '--stop-app', '--no-upgrade', '--no-snapshot', '--json']);
    expect(result.exitCode, String(result.stderr)).toBe(3);
    const report = JSON.parse(String(result.stdout));
    expect(report.started).toEqual({ ok: true, detail: `started; NocoBase answers its health check on port ${port}` });
    expect(report.notes).toContain('the app nbbackup stopped runs again');
    expect(String(result.stderr)).toMatch(/app stop: stopped with nocobase pm2 kill[\s\S]*app start: started/);
    expect(await tcpOpen('127.0.0.1', port, 1000)).toBe(true);
    expect(await richState(pg, maria, b)).toEqual(before);
  });
});
