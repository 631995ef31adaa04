import type { ServerTarget } from '../../db/db-target.js';
import { NbError } from '../../errors.js';
import type { EngineModule, EngineTools, VerifyRequest } from '../engine.js';
import { dumpEnds } from '../read-back.js';
import { probeOverTcp } from '../server-probe.js';
import { MSSQL_HINT, mssqlPrepareDump } from './mssql-dump.js';

const TOOLS: EngineTools = { dump: ['sqlcmd'], restore: ['sqlcmd'], hint: MSSQL_HINT };

/** SQL Server: a copy-only native backup the server writes, collected through a folder both can see. */
export const mssqlEngine: EngineModule = {
  name: 'mssql',
  engines: ['mssql'],
  formats: ['mssql-bak'],
  tools: () => TOOLS,
  probe: (target, ctx) => probeOverTcp(target as ServerTarget, ctx, TOOLS),
  connect: async () => {
    throw new NbError('no SQL Server driver in nbbackup: its data sources are reached with sqlcmd only', undefined, 'unsupported');
  },
  prepareDump: mssqlPrepareDump,
  verifyDump: mssqlVerify,
  restoreBlocker: (entry) => `restoring mssql is not available in this version: restore ${entry.file} with the vendor's tool`,
  restoreStep: () => {
    throw new NbError('restoring mssql is not available in this version');
  },
  rightsCheck: async () => undefined,
  cannot: { connect: 'no pure-JavaScript SQL Server driver is used: inventory reads only the main database, which is never SQL Server' },
};

/** Microsoft Tape Format: every native backup file starts with a TAPE block. */
async function mssqlVerify(request: VerifyRequest): Promise<void> {
  const { head } = await dumpEnds(request);
  if (!head.startsWith('TAPE')) throw new Error('not a SQL Server backup file (no TAPE header)');
}
