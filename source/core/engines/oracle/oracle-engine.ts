import type { ServerTarget } from '../../db/db-target.js';
import type { DatabaseItem } from '../../inventory/item.js';
import { NbError } from '../../errors.js';
import { ToolFinder } from '../../process/tool-finder.js';
import { rightsOf } from '../check.js';
import type { EngineModule, EngineTools } from '../engine.js';
import { dumpEnds } from '../read-back.js';
import { probeOverTcp, refusedLogin } from '../server-probe.js';
import { ORACLE_HINT, oraclePrepareDump } from './oracle-dump.js';
import { oracleLoginProblem } from './oracle-login.js';
import { oracleStep } from './oracle-restore-step.js';
import { oracleRestoreRights } from './oracle-rights.js';

// `restore` lists alternatives; sqlplus and expdp, needed beside impdp, are asked for by the rights check.
const TOOLS: EngineTools = { dump: ['expdp'], restore: ['impdp'], hint: ORACLE_HINT };

/** Oracle: a Data Pump export of the data source's schema, collected from and put back through DATA_PUMP_DIR. */
export const oracleEngine: EngineModule = {
  name: 'oracle',
  engines: ['oracle'],
  formats: ['oracle-dmp'],
  tools: () => TOOLS,
  probe: async (target, ctx) => refusedLogin(oracleLoginProblem(target as ServerTarget)) ?? probeOverTcp(target as ServerTarget, ctx, TOOLS),
  connect: async () => {
    throw new NbError('no Oracle driver in nbbackup: its data sources are reached with the Data Pump tools only', undefined, 'unsupported');
  },
  prepareDump: oraclePrepareDump,
  // Data Pump files have no documented magic: the sha256 proves the bytes, the read proves the stream decompresses.
  verifyDump: async (request) => void (await dumpEnds(request)),
  // Whether oracleDumpDir is set and writable depends on .nbbackuprc, which the plan does not see:
  // preflight's rights check asks it, with the exact fix, before anything is touched.
  restoreBlocker: (_entry, item) => oracleLoginProblem((item as DatabaseItem).target as ServerTarget),
  restoreStep: ({ entry, item }) => oracleStep(entry, (item as DatabaseItem).target as ServerTarget, item as DatabaseItem),
  rightsCheck: async (item) => rightsOf(item as DatabaseItem, () => oracleRestoreRights((item as DatabaseItem).target as ServerTarget, new ToolFinder())),
  cannot: { connect: 'no pure-JavaScript Oracle driver is used: inventory reads only the main database, which is never Oracle' },
};
