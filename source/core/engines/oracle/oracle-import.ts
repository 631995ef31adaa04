import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from '../../process/lazy-execa.js';
import type { ServerTarget } from '../../db/db-target.js';
import { NbError } from '../../errors.js';
import { toolCommand } from '../../process/spawn-tool.js';
import type { ToolFinder } from '../../process/tool-finder.js';
import type { Compression } from '../../stream/compression.js';
import { placeForServer } from '../server-side-file.js';
import { ORACLE_HINT } from './oracle-dump.js';
import type { Unlocker } from '../../crypt/set-crypt.js';
import { oracleLogin, oracleLoginProblem, oracleSchema } from './oracle-login.js';

export interface ImportPlace {
  readonly tools: ToolFinder;
  /** Where the 0600 parameter file goes: the restore's private folder, never beside the install. */
  readonly privateDir: string;
  /** The folder behind DATA_PUMP_DIR, as seen here. */
  readonly folder: string;
  /** The restore's stamp, in the placed file's name: a killed run's file can be told from others. */
  readonly stamp: string;
  readonly signal?: AbortSignal;
  /** The file is a set file of an encrypted set. */
  readonly unlock?: Unlocker;
}

/**
 * impdp of a schema-mode export into the (emptied) schema: the file is placed in the folder behind
 * DATA_PUMP_DIR, the login in a 0600 parameter file; file, parameter file and impdp's log are removed
 * whatever happens. impdp exits 0 when whole, 5 when it "completed with errors": that is a failure too.
 */
export async function importDump(file: string, compression: Compression, target: ServerTarget, { tools, privateDir, folder, stamp, signal, unlock }: ImportPlace): Promise<void> {
  const tool = await tools.first(['impdp']);
  if (!tool) throw new NbError('impdp not found on this machine', ORACLE_HINT, 'missing-tool');
  const name = `nbrestore_${stamp}_${randomBytes(6).toString('hex')}`;
  const parfile = path.join(privateDir, `${name}.par`);
  const placed = await placeForServer(file, compression, folder, `${name}.dmp`, tools, unlock);
  try {
    await writeFile(parfile, impdpParfile(target, name), { mode: 0o600, flag: 'wx' });
    const result = await execa(...toolCommand(tool, [`parfile=${parfile}`]), { reject: false, all: true, stdin: 'ignore', cancelSignal: signal, detached: true });
    if (result.exitCode !== 0) {
      const lines = String(result.all ?? '').split(/\r?\n/).map((l) => l.trim());
      const error = lines.find((l) => /^(ORA|UDI|LRM)-\d+/.test(l)) ?? lines.find(Boolean) ?? `exit ${result.exitCode}`;
      throw new NbError(`impdp ${result.exitCode === 5 ? 'completed with errors' : 'failed'}: ${error}`, /ORA-39165/.test(error) ? 'the set was exported from another schema: impdp it by hand with remap_schema' : undefined);
    }
  } finally {
    await rm(parfile, { force: true });
    await placed.remove();
    await rm(path.join(folder, `${name}.log`), { force: true });
  }
}

/** The export holds one schema, the login's own; the schema was emptied first, so nothing is replaced. */
export function impdpParfile(target: ServerTarget, name: string): string {
  const problem = oracleLoginProblem(target);
  if (problem) throw new NbError(problem, undefined, 'unsupported');
  return [`userid=${oracleLogin(target)}`, `schemas=${oracleSchema(target)}`, 'directory=DATA_PUMP_DIR', `dumpfile=${name}.dmp`, `logfile=${name}.log`, ''].join('\n');
}
