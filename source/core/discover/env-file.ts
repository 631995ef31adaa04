import { readFile } from 'node:fs/promises';
import dotenv from 'dotenv';
import { NbError } from '../errors.js';

export type EnvMap = Readonly<Record<string, string>>;

/**
 * Parses `.env` text the way NocoBase does: plain dotenv (quotes, comments, `export`, CRLF),
 * with no `${VAR}` expansion — NocoBase's CLI loads the file without dotenv-expand.
 */
export function parseEnvText(text: string): EnvMap {
  return dotenv.parse(text.replace(/^\uFEFF/, ''));
}

export async function readEnvFile(path: string): Promise<EnvMap> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new NbError(`env file not found: ${path}`, 'check APP_ENV_PATH or the install path');
    if (code === 'EACCES') throw new NbError(`env file not readable: ${path}`, 'run as the user that owns the install, or with sudo');
    throw new NbError(`cannot read env file ${path}: ${(error as Error).message}`);
  }
  return parseEnvText(text);
}
