import { access } from 'node:fs/promises';
import path from 'node:path';
import type { Install } from '../discover/install.js';

/**
 * The install's own NocoBase CLI, which its `yarn nocobase …` / `yarn start` scripts call: `nocobase-v1`
 * in v2.1+ (where `nocobase` is the new, different CLI), `nocobase` in v1.x–2.0. Undefined when the
 * code is not on this host.
 */
export async function appCli(install: Install): Promise<string | undefined> {
  for (const bin of ['nocobase-v1', 'nocobase']) {
    const file = path.join(install.path, 'node_modules/.bin', bin);
    if (await access(file).then(() => true, () => false)) return file;
  }
  return undefined;
}

/** The environment yarn gives the app's scripts: its node_modules/.bin first on PATH (the CLI runs pm2 from there). */
export function appCliEnv(install: Install): NodeJS.ProcessEnv {
  return { ...process.env, PATH: `${path.join(install.path, 'node_modules/.bin')}${path.delimiter}${process.env.PATH ?? ''}` };
}
