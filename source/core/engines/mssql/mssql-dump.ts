import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { NbError } from '../../errors.js';
import type { ServerTarget } from '../../db/db-target.js';
import type { DatabaseItem } from '../../inventory/item.js';
import { toolInfo } from '../../process/tool-version.js';
import type { DumpSpec } from '../../stream/dump-spec.js';
import type { DumpRequest } from '../engine.js';
import { checkCollectable } from '../server-side-file.js';

export const MSSQL_HINT = "install Microsoft's mssql-tools18 (sqlcmd) and put it on PATH";

export const DEFAULT_MSSQL_BACKUP_DIR = '/var/opt/mssql/data';

/**
 * A copy-only native backup through sqlcmd (password in SQLCMDPASSWORD, never argv; sqlpackage only
 * takes passwords on the command line). The server writes the .bak; nbbackup streams it into the set
 * and removes it.
 */
export async function mssqlPrepareDump({ item: anyItem, tools, options }: DumpRequest): Promise<DumpSpec> {
  const item = anyItem as DatabaseItem;
  const target = item.target as ServerTarget;
  const tool = await tools.first(['sqlcmd']);
  if (!tool) throw new NbError('sqlcmd not found on this machine', MSSQL_HINT, 'missing-tool');
  const folder = options?.mssqlBackupDir ?? DEFAULT_MSSQL_BACKUP_DIR;
  await checkCollectable(folder, 'mssqlBackupDir', 'SQL Server');
  const file = path.posix.join(folder, `nbbackup-${target.database}-${randomBytes(4).toString('hex')}.bak`);
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
  const db = target.database.replace(/]/g, ']]');
  const disk = file.replace(/'/g, "''");
  return [
    '-S', `tcp:${target.host},${target.port}`,
    '-U', target.user,
    '-d', 'master',
    '-b', // exit non-zero on a SQL error
    '-C', // trust the server certificate, as NocoBase's own driver does by default
    '-Q', `BACKUP DATABASE [${db}] TO DISK = N'${disk}' WITH COPY_ONLY, INIT, FORMAT, CHECKSUM`,
  ];
}
