import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { NbError } from '../../errors.js';
import type { ServerTarget } from '../../db/db-target.js';
import type { DatabaseItem } from '../../inventory/item.js';
import { toolInfo } from '../../process/tool-version.js';
import type { DumpSpec } from '../../stream/dump-spec.js';
import type { DumpRequest, EngineOptions } from '../engine.js';
import { engineOptions } from '../engine-options.js';
import { checkCollectable } from '../server-side-file.js';
import { oracleLogin, oracleLoginProblem, oracleSchema } from './oracle-login.js';

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
  const folder = oracleDumpDir(await engineOptions(options));
  await checkCollectable(folder, 'oracleDumpDir', 'Oracle');
  const name = `nbbackup_${randomBytes(4).toString('hex')}`;
  const parfile = path.join(workDir, `${name}.par`);
  await writeFile(parfile, expdpParfile(target, name), { mode: 0o600, flag: 'wx' });
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

/** The folder behind DATA_PUMP_DIR as seen from here; there is no default to guess. */
export function oracleDumpDir(options: EngineOptions): string {
  if (!options.oracleDumpDir) throw new NbError('Oracle reads and writes Data Pump files only in its DATA_PUMP_DIR on the server', 'set oracleDumpDir in .nbbackuprc to that folder as seen from here (same host, or a shared mount)', 'unsupported');
  return options.oracleDumpDir;
}

/** NocoBase's Oracle sources name a service in `database`; the schema is the login's own. */
export function expdpParfile(target: ServerTarget, name: string): string {
  const problem = oracleLoginProblem(target);
  if (problem) throw new NbError(problem, undefined, 'unsupported');
  return [
    `userid=${oracleLogin(target)}`,
    `schemas=${oracleSchema(target)}`,
    'directory=DATA_PUMP_DIR',
    `dumpfile=${name}.dmp`,
    `logfile=${name}.log`,
    'flashback_time=systimestamp',
    'reuse_dumpfiles=yes',
    '',
  ].join('\n');
}
