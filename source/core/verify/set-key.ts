import os from 'node:os';
import path from 'node:path';
import { checkUnlock, type Unlocker } from '../crypt/set-crypt.js';
import { NbError, UsageError } from '../errors.js';
import { hashFile } from '../set/backup-set.js';
import type { Manifest } from '../set/manifest.js';
import { passphraseSource, unlockerFor, type PassphraseSources } from '../settings/set-keys.js';

/** The one line every front end shows for an encrypted set opened without its key. */
export const NEEDS_KEY_HINT = 'give --identity FILE (an age identity), or the passphrase by --passphrase-file, NBBACKUP_PASSPHRASE_FILE or passcommand in .nbbackuprc';

/** Raised for an encrypted set opened without a key (the interactive tool asks for one before it gets here). */
export class KeyNeeded extends NbError {}

/** What a prompt asks for: the set's passphrase, or the path of the age identity file that opens it. */
export type KeyKind = 'passphrase' | 'identity';

/**
 * What opening a set takes before it is read: nothing (a plain set), the passphrase the operator set up
 * (NBBACKUP_PASSPHRASE_FILE, passcommand; named in `source`), or a key only a prompt can give.
 */
export type SetKeyNeed = { readonly need: 'none' } | { readonly need: 'configured'; readonly unlock: Unlocker; readonly source: string } | { readonly need: KeyKind };

export async function setKeyNeed(manifest: Manifest, sources: PassphraseSources): Promise<SetKeyNeed> {
  if (!manifest.encryption) return { need: 'none' };
  // A set sealed to public keys opens only with an identity: no passphrase helps there.
  if (manifest.encryption.mode === 'recipients') return { need: 'identity' };
  const source = passphraseSource(sources);
  const unlock = source ? await unlockerFor(sources) : undefined;
  return source && unlock ? { need: 'configured', unlock, source } : { need: 'passphrase' };
}

/** The key typed at a prompt: the passphrase itself, or the path of an identity file (~ is the home folder). */
export async function typedUnlock(kind: KeyKind, text: string): Promise<Unlocker> {
  const identityFile = kind === 'identity' ? text.trim().replace(/^~(?=$|\/)/, os.homedir()) : undefined;
  // No other source joins in (env: none): the key is exactly what was typed.
  const unlock = await unlockerFor(kind === 'passphrase' ? { passphrase: text, env: {} } : { identityFile, env: {} });
  if (!unlock) throw new UsageError('type the path of the age identity file (AGE-SECRET-KEY-1…) that opens this set');
  return unlock;
}

/**
 * Before a restore touches anything: an encrypted set needs a key, and that key must open the header
 * of every file the set holds (no plaintext is read).
 */
export async function checkSetKey(dir: string, manifest: Manifest, unlock: Unlocker | undefined): Promise<void> {
  // A plain set is read as it is: a key given anyway (a NBBACKUP_PASSPHRASE_FILE set for all runs) is not used.
  if (!manifest.encryption) return;
  if (!unlock) throw new KeyNeeded(`this set is encrypted (age, ${manifest.encryption.mode}): it cannot be read without its key`, NEEDS_KEY_HINT, 'refused');
  for (const item of manifest.items) {
    if (item.status !== 'ok' || !item.file) continue;
    const file = path.join(dir, item.file);
    try {
      await checkUnlock([file], unlock);
    } catch (error) {
      // A header that does not open may be a damaged file rather than a wrong key: the hash tells which.
      const { sha256 } = await hashFile(file).catch(() => ({ sha256: '' }));
      if (sha256 !== item.sha256) throw new NbError(`${item.file} does not match the manifest (changed or damaged)`, 'restore from another set', 'failed');
      throw error;
    }
  }
}
