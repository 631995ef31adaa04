import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { waitFor } from '../support/wait-for.js';

export const NOCOBASE_VERSION = '2.2.15';
const CACHE = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'nbbackup-testbed');
export const APP_DIR = path.join(CACHE, 'nocobase-app');
const YARN = path.join(CACHE, 'tools/node_modules/.bin/yarn');

/**
 * A real NocoBase from the npm registry, installed once and cached between runs (~2 min cold,
 * 1.2 GB), the way shared/NOCOBASE.md found works here: yarn 1, no devDependencies, xlsx pinned.
 */
export async function ensureNocoBase(log: (line: string) => void): Promise<void> {
  if (existsSync(path.join(APP_DIR, 'node_modules/.bin/nocobase-v1'))) return;
  log(`installing NocoBase ${NOCOBASE_VERSION} into ${APP_DIR} (first run only)`);
  await execa('npm', ['i', '--prefix', path.join(CACHE, 'tools'), 'yarn@1.22.22'], { stdio: 'inherit' });
  await execa('npx', ['-y', `create-nocobase-app@${NOCOBASE_VERSION}`, 'nocobase-app', '-d', 'postgres', '-e', 'DB_HOST=127.0.0.1', '-e', 'TZ=UTC'], { cwd: CACHE, stdio: 'inherit' });
  const pkgFile = path.join(APP_DIR, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
  delete pkg.devDependencies;
  pkg.resolutions = { ...pkg.resolutions, xlsx: '0.18.5' };
  writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));
  await execa(YARN, ['install', '--ignore-engines', '--network-timeout', '600000'], { cwd: APP_DIR, env: { YARN_CACHE_FOLDER: path.join(CACHE, 'yarn-cache') }, stdio: 'inherit' });
}

/** Points the cached app at this run's database and port. */
export function configure(env: Record<string, string | number>): void {
  const file = path.join(APP_DIR, '.env');
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  for (const [key, value] of Object.entries(env)) {
    const line = `${key}=${value}`;
    text = new RegExp(`^${key}=.*$`, 'm').test(text) ? text.replace(new RegExp(`^${key}=.*$`, 'm'), line) : `${text}\n${line}`;
  }
  writeFileSync(file, text);
}

export function yarn(args: string[], extraEnv: Record<string, string> = {}) {
  return execa(YARN, args, { cwd: APP_DIR, env: { DISABLE_PKG_DOWNLOAD: 'true', ...extraEnv }, all: true, reject: false, timeout: 10 * 60_000 });
}

export async function waitHealthy(port: number, timeoutMs = 120_000): Promise<void> {
  const answers = async () => (await fetch(`http://127.0.0.1:${port}/api/__health_check`).then((r) => r.text(), () => '')).trim() === 'ok';
  await waitFor(answers, { timeoutMs, intervalMs: 1000, what: `NocoBase's health check on port ${port}` });
}

/** Signs in as the root user and returns a function that calls the API with the token. */
export async function api(port: number) {
  const signIn = await fetch(`http://127.0.0.1:${port}/api/auth:signIn`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Authenticator': 'basic' },
    body: JSON.stringify({ account: 'admin@nocobase.com', password: 'admin123' }),
  }).then((r) => r.json() as Promise<{ data: { token: string } }>);
  const token = signIn.data.token;
  return async (action: string, body?: unknown) => {
    const response = await fetch(`http://127.0.0.1:${port}/api/${action}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, 'X-Authenticator': 'basic' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await response.json()) as { data: unknown };
  };
}
