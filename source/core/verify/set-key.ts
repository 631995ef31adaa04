import path from 'node:path';
import { checkUnlock, type Unlocker } from '../crypt/set-crypt.js';
import { NbError } from '../errors.js';
import { hashFile } from '../set/backup-set.js';
import type { Manifest } from '../set/manifest.js';

/** The one line every front end shows for an encrypted set opened without its key. */
export const NEEDS_KEY_HINT = 'give --identity FILE (an age identity), or the passphrase by --passphrase-file, NBBACKUP_PASSPHRASE_FILE or passcommand in .nbbackuprc';

/** Raised for an encrypted set opened without a key: front ends without a key prompt point at the CLI. */
export class KeyNeeded extends NbError {}

/** What the TUI says instead of a restore it cannot do yet (it has no passphrase prompt). */
export function restoreByCommand(dir: string): string {
  return `This set is encrypted; restore it with nbbackup restore ${dir} --identity FILE (or --passphrase-file FILE).`;
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
