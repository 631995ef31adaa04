import type { ServerTarget } from '../../db/db-target.js';
import { NbError } from '../../errors.js';
import type { EngineModule, EngineTools } from '../engine.js';
import { dumpEnds } from '../read-back.js';
import { probeOverTcp } from '../server-probe.js';
import { ORACLE_HINT, oraclePrepareDump } from './oracle-dump.js';

const TOOLS: EngineTools = { dump: ['expdp'], restore: ['impdp'], hint: ORACLE_HINT };

/** Oracle: a Data Pump export of the data source's schema, collected from DATA_PUMP_DIR. */
export const oracleEngine: EngineModule = {
  name: 'oracle',
  engines: ['oracle'],
  formats: ['oracle-dmp'],
  tools: () => TOOLS,
  probe: (target, ctx) => probeOverTcp(target as ServerTarget, ctx, TOOLS),
  connect: async () => {
    throw new NbError('no Oracle driver in nbbackup: its data sources are reached with the Data Pump tools only', undefined, 'unsupported');
  },
  prepareDump: oraclePrepareDump,
  // Data Pump files have no documented magic: the sha256 proves the bytes, the read proves the stream decompresses.
  verifyDump: async (request) => void (await dumpEnds(request)),
  restoreBlocker: (entry) => `restoring oracle is not available in this version: restore ${entry.file} with impdp`,
  restoreStep: () => {
    throw new NbError('restoring oracle is not available in this version');
  },
  rightsCheck: async () => undefined,
  cannot: { connect: 'no pure-JavaScript Oracle driver is used: inventory reads only the main database, which is never Oracle' },
};
