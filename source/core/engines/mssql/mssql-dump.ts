import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { NbError } from '../../errors.js';
import type { ServerTarget } from '../../db/db-target.js';
import type { DatabaseItem } from '../../inventory/item.js';
import { toolInfo } from '../../process/tool-version.js';
import type { DumpSpec } from '../../stream/dump-spec.js';
import type { DumpRequest } from '../engine.js';
import { engineOptions } from '../engine-options.js';
import { checkCollectable } from '../server-side-file.js';
import { MSSQL_HINT, mssqlLoginProblem, quoteName, quoteString, sqlcmdBase } from './sqlcmd.js';

export const DEFAULT_MSSQL_BACKUP_DIR = '/var/opt/mssql/data';

/**
 * A copy-only native backup through sqlcmd (password in SQLCMDPASSWORD, never argv; sqlpackage only
 * takes passwords on the command line). The server writes the .bak; nbbackup streams it into the set
 * and removes it.
 */
export async function mssqlPrepareDump({ item: anyItem, tools, options }: DumpRequest): Promise<DumpSpec> {
  const item = anyItem as DatabaseItem;
  const target = item.target as ServerTarget;
  const problem = mssqlLoginProblem(target);
  if (problem) throw new NbError(problem, undefined, 'unsupported');
  const tool = await tools.first(['sqlcmd']);
  if (!tool) throw new NbError('sqlcmd not found on this machine', MSSQL_HINT, 'missing-tool');
  const folder = (await engineOptions(options)).mssqlBackupDir ?? DEFAULT_MSSQL_BACKUP_DIR;
  await checkCollectable(folder, 'mssqlBackupDir', 'SQL Server');
  const file = path.posix.join(folder, `nbbackup-${fileSafe(target.database)}-${randomBytes(4).toString('hex')}.bak`);
  return {
    file: tool,
    args: sqlcmdBackupArgs(target, file),
    env: { SQLCMDPASSWORD: target.password },
    writesFile: file,
    format: 'mssql-bak',
    extension: 'bak',
    tool: 'sqlcmd',
    toolVersion: (await toolInfo(tool)).versionText,
    cleanup: () => rm(file, { force: true }),
  };
}

export function sqlcmdBackupArgs(target: ServerTarget, file: string): string[] {
  return [...sqlcmdBase(target), '-Q', `BACKUP DATABASE ${quoteName(target.database)} TO DISK = ${quoteString(file)} WITH COPY_ONLY, INIT, FORMAT, CHECKSUM`];
}

/** The database name in a file name, without what could leave the folder or trouble a shell. */
export function fileSafe(name: string): string {
  return name.replace(/[^\w.-]+/g, '_').replace(/^\.+/, '_').slice(0, 60) || 'db';
}
