import type { ServerTarget } from '../../db/db-target.js';
import type { DatabaseItem } from '../../inventory/item.js';
import { directOrDocker } from '../docker-sql-client.js';
import type { EngineModule, EngineTools } from '../engine.js';
import { readThrough } from '../read-back.js';
import { probeOverSql, refusedLogin } from '../server-probe.js';
import { pgConnect, pgDocker } from '../postgres/pg-client.js';
import { pgMeasure } from '../postgres/pg-probe.js';
import { pgFamilyBlocker, pgFamilyRights, pgFamilyStep } from '../postgres/postgres-engine.js';
import { KINGBASE_HINT, kingbasePrepareDump } from './kingbase-dump.js';
import { KINGBASE_FLAVOUR } from './kingbase-flavour.js';
import { kbpassProblem } from './kbpass.js';

const TOOLS: EngineTools = { dump: ['sys_dump'], restore: ['sys_restore'], hint: KINGBASE_HINT };

/** KingbaseES: PostgreSQL's wire protocol and pg_dump's options under its own tool names and password file. */
export const kingbaseEngine: EngineModule = {
  name: 'kingbase',
  engines: ['kingbase'],
  formats: ['kingbase-custom'],
  tools: () => TOOLS,
  probe: async (target, ctx) => {
    const t = target as ServerTarget;
    return refusedLogin(kbpassProblem(t)) ?? probeOverSql(t, ctx, TOOLS, () => kingbaseEngine.connect(t, { tools: ctx.tools }), (c) => pgMeasure(c, t));
  },
  connect: (target, ctx) => directOrDocker(target as ServerTarget, ctx, pgDocker, pgConnect),
  prepareDump: kingbasePrepareDump,
  verifyDump: (request) => readThrough(request, ['sys_restore'], ['--list']),
  restoreBlocker: (entry, item) => pgFamilyBlocker(entry, item) ?? kbpassProblem((item as DatabaseItem).target as ServerTarget),
  restoreStep: (request) => pgFamilyStep(request, KINGBASE_FLAVOUR),
  rightsCheck: pgFamilyRights,
};
