import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { NbError } from '../../errors.js';
import type { ServerTarget } from '../../db/db-target.js';
import type { DatabaseItem } from '../../inventory/item.js';
import { toolInfo } from '../../process/tool-version.js';
import type { DumpSpec } from '../../stream/dump-spec.js';
import type { DumpRequest } from '../engine.js';
import { checkCollectable } from '../server-side-file.js';

export const ORACLE_HINT = 'install Oracle Instant Client with the Tools package (expdp, impdp, sqlplus) and put it on PATH';

/**
 * Data Pump export of the data source's schema. The login goes in a 0600 parameter file (never argv);
 * the dump lands in the server's DATA_PUMP_DIR, which must be visible here as `oracleDumpDir`.
 */
export async function oraclePrepareDump({ item: anyItem, tools, workDir, options }: DumpRequest): Promise<DumpSpec> {
  const item = anyItem as DatabaseItem;
  const target = item.target as ServerTarget;
  const tool = await tools.first(['expdp']);
  if (!tool) throw new NbError('expdp not found on this machine', ORACLE_HINT, 'missing-tool');
  const folder = options?.oracleDumpDir;
  if (!folder) throw new NbError('Oracle writes Data Pump files into its DATA_PUMP_DIR on the server', 'set oracleDumpDir in .nbbackuprc to that folder as seen from here', 'unsupported');
  await checkCollectable(folder, 'oracleDumpDir', 'Oracle');
  const name = `nbbackup_${randomBytes(4).toString('hex')}`;
  const parfile = path.join(workDir, `${name}.par`);
  await writeFile(parfile, expdpParfile(target, name), { mode: 0o600 });
  const dump = path.join(folder, `${name}.dmp`);
  return {
    file: tool,
    args: [`parfile=${parfile}`],
    env: {},
    writesFile: dump,
    format: 'oracle-dmp',
    extension: 'dmp',
    tool: 'expdp',
    toolVersion: (await toolInfo(tool)).versionText,
    cleanup: async () => {
      await rm(parfile, { force: true });
      await rm(dump, { force: true });
      await rm(path.join(folder, `${name}.log`), { force: true });
    },
  };
}

/** NocoBase's Oracle sources name a service in `database`; the schema is the one given, else the user's. */
export function expdpParfile(target: ServerTarget, name: string): string {
  const schema = (target.schema || target.user).toUpperCase();
  const password = target.password.replace(/"/g, '');
  return [
    `userid='${target.user}/"${password}"@//${target.host}:${target.port}/${target.database}'`,
    `schemas=${schema}`,
    'directory=DATA_PUMP_DIR',
    `dumpfile=${name}.dmp`,
    `logfile=${name}.log`,
    'flashback_time=systimestamp',
    'reuse_dumpfiles=yes',
    '',
  ].join('\n');
}
