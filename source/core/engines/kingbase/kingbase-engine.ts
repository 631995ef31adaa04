import type { DbTarget, ServerTarget } from '../../db/db-target.js';
import type { DatabaseItem } from '../../inventory/item.js';
import { rightsOf } from '../check.js';
import { dockerSqlClient } from '../docker-sql-client.js';
import type { EngineModule, EngineTools } from '../engine.js';
import { readThrough } from '../read-back.js';
import { probeOverSql } from '../server-probe.js';
import { pgConnect, pgDocker } from '../postgres/pg-client.js';
import { pgMeasure } from '../postgres/pg-probe.js';
import { pgDatabaseStep, pgSchemaStep } from '../postgres/pg-restore-step.js';
import { pgDatabaseRights, pgSchemaRights } from '../postgres/pg-rights.js';
import { pgFamilyBlocker } from '../postgres/postgres-engine.js';
import { KINGBASE_HINT, kingbasePrepareDump } from './kingbase-dump.js';
import { KINGBASE_FLAVOUR } from './kingbase-flavour.js';

const TOOLS: EngineTools = { dump: ['sys_dump'], restore: ['sys_restore'], hint: KINGBASE_HINT };

/** KingbaseES: PostgreSQL's wire protocol and pg_dump's options under its own tool names and password file. */
export const kingbaseEngine: EngineModule = {
  name: 'kingbase',
  engines: ['kingbase'],
  formats: ['kingbase-custom'],
  tools: () => TOOLS,
  probe: (target, ctx) => {
    const t = target as ServerTarget;
    return probeOverSql(t, ctx, TOOLS, () => kingbaseEngine.connect(t, { tools: ctx.tools }), (c) => pgMeasure(c, t));
  },
  async connect(target: DbTarget, ctx) {
    const t = target as ServerTarget;
    return t.docker ? dockerSqlClient(t, pgDocker, (await ctx.tools.first(['docker'])) ?? 'docker') : pgConnect(t, ctx);
  },
  prepareDump: kingbasePrepareDump,
  verifyDump: (request) => readThrough(request, ['sys_restore'], ['--list']),
  restoreBlocker: (entry, item) => pgFamilyBlocker(entry, item),
  restoreStep({ entry, item, restoring }) {
    const t = (item as DatabaseItem).target as ServerTarget;
    if (entry.schema) return pgSchemaStep(entry, t, entry.schema, KINGBASE_FLAVOUR);
    const keep = ((item as DatabaseItem).excludeSchemas ?? []).filter((s) => !restoring.some((e) => e.id === `subapp:${s}`));
    return pgDatabaseStep(entry, t, keep, KINGBASE_FLAVOUR);
  },
  // The same questions as PostgreSQL's, through pg_roles, pg_database, pg_namespace, pg_has_role and
  // has_database_privilege, which KingbaseES's PostgreSQL-compatible catalogs answer alike.
  rightsCheck: async (item, entry) => {
    const t = (item as DatabaseItem).target as ServerTarget;
    return rightsOf(item as DatabaseItem, async () => {
      const c = await pgConnect(t, { connectTimeoutMs: 5000 });
      try {
        return entry.schema ? await pgSchemaRights(c, t, entry.schema) : await pgDatabaseRights(c, t);
      } finally {
        await c.close();
      }
    });
  },
};
