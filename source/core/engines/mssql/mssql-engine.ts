import type { ServerTarget } from '../../db/db-target.js';
import type { DatabaseItem } from '../../inventory/item.js';
import { NbError } from '../../errors.js';
import { ToolFinder } from '../../process/tool-finder.js';
import { rightsOf } from '../check.js';
import type { EngineModule, EngineTools, VerifyRequest } from '../engine.js';
import { dumpEnds } from '../read-back.js';
import { probeOverTcp, refusedLogin } from '../server-probe.js';
import { mssqlPrepareDump } from './mssql-dump.js';
import { mssqlStep } from './mssql-restore-step.js';
import { mssqlRestoreRights } from './mssql-rights.js';
import { MSSQL_HINT, mssqlLoginProblem } from './sqlcmd.js';

const TOOLS: EngineTools = { dump: ['sqlcmd'], restore: ['sqlcmd'], hint: MSSQL_HINT };

/** SQL Server: a copy-only native backup the server writes, collected and put back through a folder both can see. */
export const mssqlEngine: EngineModule = {
  name: 'mssql',
  engines: ['mssql'],
  formats: ['mssql-bak'],
  tools: () => TOOLS,
  probe: async (target, ctx) => refusedLogin(mssqlLoginProblem(target as ServerTarget)) ?? probeOverTcp(target as ServerTarget, ctx, TOOLS),
  connect: async () => {
    throw new NbError('no SQL Server driver in nbbackup: its data sources are reached with sqlcmd only', undefined, 'unsupported');
  },
  prepareDump: mssqlPrepareDump,
  verifyDump: mssqlVerify,
  // Whether the .bak can be placed where the server reads depends on .nbbackuprc, which the plan does
  // not see: preflight's rights check asks it, with the exact fix, before anything is touched.
  restoreBlocker: (_entry, item) => mssqlLoginProblem((item as DatabaseItem).target as ServerTarget),
  restoreStep: ({ entry, item }) => mssqlStep(entry, (item as DatabaseItem).target as ServerTarget),
  rightsCheck: async (item) => rightsOf(item as DatabaseItem, () => mssqlRestoreRights((item as DatabaseItem).target as ServerTarget, new ToolFinder())),
  cannot: { connect: 'no pure-JavaScript SQL Server driver is used: inventory reads only the main database, which is never SQL Server' },
};

/** Microsoft Tape Format: every native backup file starts with a TAPE block. */
async function mssqlVerify(request: VerifyRequest): Promise<void> {
  const { head } = await dumpEnds(request);
  if (!head.startsWith('TAPE')) throw new Error('not a SQL Server backup file (no TAPE header)');
}
