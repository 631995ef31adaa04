import { createCipheriv, randomBytes } from 'node:crypto';

/** Encrypts like NocoBase's AesEncryptor, so fixtures hold real secrets. */
export function encryptSecret(text: string, key: Buffer): string {
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return iv.toString('hex') + Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]).toString('hex');
}

/** Passwords as real .env files have them: a space, quotes and a dollar sign. */
export const HARD_PASSWORD = `p@ss w'rd$1"x`;
