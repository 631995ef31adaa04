import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { NbError } from '../errors.js';
import type { ConfiguredInstall, Install } from './install.js';
import { recogniseInstall } from './recognise-install.js';

/** The install at `dir`, with the env file the config names for it; a clear error when it is not NocoBase. */
export async function locateInstall(dir: string, config: { readonly installs?: readonly ConfiguredInstall[] }): Promise<Install> {
  const full = await realpath(path.resolve(dir)).catch(() => {
    throw new NbError(`${dir} does not exist`, 'pass the folder that holds the NocoBase install (with its .env or compose file)');
  });
  const configured = config.installs?.find((i) => path.resolve(i.path) === full);
  const install = await recogniseInstall(full, { envFile: configured?.envFile });
  if (!install) throw new NbError(`${full} is not a NocoBase install`, 'run nbbackup scan to list the installs on this machine');
  return install;
}
