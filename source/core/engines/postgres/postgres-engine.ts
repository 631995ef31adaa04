import type { ServerTarget } from '../../db/db-target.js';
import type { DatabaseItem, Item } from '../../inventory/item.js';
import type { ManifestItem } from '../../set/manifest.js';
import { directOrDocker } from '../docker-sql-client.js';
import type { EngineModule, EngineTools, RestoreStepRequest, VerifyRequest } from '../engine.js';
import type { RestoreStep } from '../restore-step.js';
import type { Check } from '../check.js';
import { readThrough } from '../read-back.js';
import { rightsOf } from '../check.js';
import { probeOverSql } from '../server-probe.js';
import { pgConnect, pgDocker, withPg } from './pg-client.js';
import { PG_HINT, pgPrepareDump } from './pg-dump.js';
import { pgMeasure } from './pg-probe.js';
import { pgDatabaseStep, pgSchemaStep, POSTGRES_FLAVOUR, type PgFlavour } from './pg-restore-step.js';
import { pgDatabaseRights, pgSchemaRights, pgUnreadable } from './pg-rights.js';

const TOOLS: EngineTools = { dump: ['pg_dump'], restore: ['pg_restore'], hint: PG_HINT };

/** PostgreSQL: pg_dump's custom (or parallel directory) format, restored into a fresh database and swapped in. */
export const postgresEngine: EngineModule = {
  name: 'postgres',
  engines: ['postgres'],
  formats: ['pg-custom', 'pg-directory'],
  tools: () => TOOLS,
  probe: (target, ctx) => {
    const t = target as ServerTarget;
    return probeOverSql(t, ctx, TOOLS, () => postgresEngine.connect(t, { tools: ctx.tools }), (c) => pgMeasure(c, t));
  },
  connect: (target, ctx) => directOrDocker(target as ServerTarget, ctx, pgDocker, pgConnect),
  prepareDump: pgPrepareDump,
  verifyDump: pgVerify,
  restoreBlocker: (entry, item) => pgFamilyBlocker(entry, item),
  restoreStep: (request) => pgFamilyStep(request, POSTGRES_FLAVOUR),
  rightsCheck: pgFamilyRights,
};

/** pg_restore --list reads the archive's table of contents; a directory dump travels as a tar holding toc.dat. */
export async function pgVerify(request: VerifyRequest): Promise<void> {
  if (request.format === 'pg-custom') return readThrough(request, ['pg_restore'], ['--list']);
  let toc = false;
  await readThrough(request, ['tar'], ['--list', '--file=-'], (line) => (toc ||= line === './toc.dat'));
  if (!toc) throw new Error('not a pg_dump directory archive (no toc.dat)');
}

/** A schema entry must land on a schema of the same name; a database only reachable inside compose cannot be restored from here. */
export function pgFamilyBlocker(entry: ManifestItem, item: Item): string | undefined {
  const t = (item as DatabaseItem).target as ServerTarget;
  if (entry.schema && t.schema !== entry.schema) return `${entry.id} is a schema (${entry.schema}) in the set but not on the target`;
  return undefined;
}

/** A schema entry replaces its schema; a database entry its database, keeping the schema-mode sub-apps not restored with it. */
export function pgFamilyStep({ entry, item, restoring }: RestoreStepRequest, flavour: PgFlavour): RestoreStep {
  const t = (item as DatabaseItem).target as ServerTarget;
  if (entry.schema) return pgSchemaStep(entry, t, entry.schema, flavour);
  const keep = ((item as DatabaseItem).excludeSchemas ?? []).filter((s) => !restoring.some((e) => e.id === `subapp:${s}`));
  return pgDatabaseStep(entry, t, keep, flavour);
}

/**
 * The rights the step needs, and every object the safety copy must read. KingbaseES answers the same
 * questions: pg_roles, pg_database, pg_namespace, pg_has_role and has_*_privilege are in its
 * PostgreSQL-compatible catalogs.
 */
export async function pgFamilyRights(item: Item, entry: ManifestItem): Promise<Check> {
  const t = (item as DatabaseItem).target as ServerTarget;
  return rightsOf(item as DatabaseItem, () =>
    withPg(t, async (c) => {
      const rights = entry.schema ? await pgSchemaRights(c, t, entry.schema) : await pgDatabaseRights(c, t);
      const unreadable = rights.ok ? await pgUnreadable(c, entry.schema) : [];
      if (!unreadable.length) return rights;
      const shown = unreadable.slice(0, 5).join(', ') + (unreadable.length > 5 ? ', …' : '');
      return { ok: false, detail: `${t.user} cannot read ${shown}: the safety copy would fail`, fix: `as a superuser, give ${t.user} those objects (ALTER TABLE … OWNER TO "${t.user}") or GRANT SELECT on them` };
    }, { connectTimeoutMs: 5000 }),
  );
}
