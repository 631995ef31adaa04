import { createDecipheriv } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { EnvMap } from '../discover/env-file.js';
import { NbError } from '../errors.js';

/** NocoBase's AesEncryptor format: hex(iv[16]) followed by hex(AES-256-CBC ciphertext). */
export function decryptSecret(encrypted: string, key: Buffer): string {
  if (key.length !== 32) throw new NbError('the AES key must be 32 bytes', 'check the key file or APP_AES_SECRET_KEY');
  const iv = Buffer.from(encrypted.slice(0, 32), 'hex');
  const body = Buffer.from(encrypted.slice(32), 'hex');
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    throw new NbError('a secret could not be decrypted with this app key', 'the key file in storage/apps/<app>/aes_key.dat does not match the database');
  }
}

/**
 * The key NocoBase encrypts an app's variables and secrets with, searched in its own order:
 * APP_AES_SECRET_KEY (hex), APP_AES_SECRET_KEY_PATH, storage/apps/<app>/aes_key.dat, then the legacy
 * storage/environment-variables/<app>/aes_key.dat (ENV_VARS_AES_SECRET_KEY for old plugin versions).
 */
export async function loadAppKey(env: EnvMap, appRoot: string, storagePath: string, app = 'main'): Promise<Buffer | undefined> {
  if (env.APP_AES_SECRET_KEY) return Buffer.from(env.APP_AES_SECRET_KEY, 'hex');
  const candidates = env.APP_AES_SECRET_KEY_PATH
    ? [path.resolve(appRoot, env.APP_AES_SECRET_KEY_PATH)]
    : [path.join(storagePath, 'apps', app, 'aes_key.dat'), path.join(storagePath, 'environment-variables', app, 'aes_key.dat')];
  for (const file of candidates) {
    const key = await readFile(file).catch(() => undefined);
    if (key?.length === 32) return key;
  }
  if (env.ENV_VARS_AES_SECRET_KEY?.length === 32) return Buffer.from(env.ENV_VARS_AES_SECRET_KEY, 'utf8');
  return undefined;
}

/** Files that hold an app's keys: they must travel with its database. */
export function appKeyFiles(env: EnvMap, appRoot: string, storagePath: string, app: string): string[] {
  const files = [path.join(storagePath, 'apps', app, 'aes_key.dat'), path.join(storagePath, 'apps', app, 'jwt_secret.dat'), path.join(storagePath, 'environment-variables', app, 'aes_key.dat')];
  if (app === 'main' && env.APP_AES_SECRET_KEY_PATH) files.push(path.resolve(appRoot, env.APP_AES_SECRET_KEY_PATH));
  return files;
}
