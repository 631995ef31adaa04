import { spawn } from 'node:child_process';
import path from 'node:path';
import type { PgServerInfo } from './throwaway-postgres.js';

/** Runs in its own process: waits for the owner to go (however it went), then stops the server and removes its folder. */
const GUARDIAN = `
const { execFileSync } = require('node:child_process');
const { rmSync } = require('node:fs');
const [owner, pgCtl, dataDir, asRoot] = process.argv.slice(1);
const alive = () => { try { process.kill(Number(owner), 0); return true; } catch { return false; } };
const timer = setInterval(() => {
  if (alive()) return;
  clearInterval(timer);
  const args = ['-D', dataDir, '-m', 'immediate', 'stop'];
  try { asRoot === '1' ? execFileSync('runuser', ['-u', 'postgres', '--', pgCtl, ...args], { stdio: 'ignore' }) : execFileSync(pgCtl, args, { stdio: 'ignore' }); } catch {}
  rmSync(dataDir, { recursive: true, force: true });
}, 500);
`;

/**
 * The demo's PostgreSQL must not outlive the tool, even when the tool is killed or its SSH window
 * closes: a detached guardian process stops it once our process is gone.
 */
export function guardServer(info: PgServerInfo): void {
  const child = spawn(process.execPath, ['-e', GUARDIAN, String(process.pid), path.join(info.binDir, 'pg_ctl'), info.dataDir, process.getuid?.() === 0 ? '1' : '0'], {
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
}
