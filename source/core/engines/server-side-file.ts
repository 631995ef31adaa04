import { access, constants } from 'node:fs/promises';
import { NbError } from '../errors.js';

/**
 * SQL Server's BACKUP and Oracle's Data Pump write on the database server's own disk. nbbackup can
 * bring such a file into the set only where that folder is visible here (same host, or a shared mount).
 */
export async function checkCollectable(folder: string, setting: string, engine: string): Promise<void> {
  try {
    await access(folder, constants.R_OK);
  } catch {
    throw new NbError(`${engine} writes its backup on the server, in ${folder}, which is not readable here`, `run nbbackup on the database host, or set ${setting} in .nbbackuprc to a shared folder the server writes to`, 'unsupported');
  }
}
