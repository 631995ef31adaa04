import type { ServerTarget } from '../../db/db-target.js';
import type { SqlClient } from '../../db/sql-client.js';
import type { DatabaseItem } from '../../inventory/item.js';
import { rightsOf } from '../check.js';
import { directOrDocker } from '../docker-sql-client.js';
import type { EngineModule, ProbeResult, VerifyRequest } from '../engine.js';
import { dumpEnds } from '../read-back.js';
import { probeOverSql } from '../server-probe.js';
import { mysqlConnect, mysqlDocker } from './mysql-client.js';
import { mysqlPrepareDump, mysqlTools } from './mysql-dump.js';
import { mysqlStep } from './mysql-restore-step.js';
import { mysqlRights } from './mysql-rights.js';
import { unfinishedLoadProblem, unfinishedLoads } from './mysql-load-marker.js';

/** MySQL and MariaDB: one database as SQL without `--databases`, loaded back into an emptied database. */
export const mysqlEngine: EngineModule = {
  name: 'mysql',
  engines: ['mysql', 'mariadb'],
  formats: ['mysql-sql'],
  tools: (engine) => mysqlTools(engine === 'mariadb'),
  probe: (target, ctx) => {
    const t = target as ServerTarget;
    return probeOverSql(t, ctx, mysqlTools(t.engine === 'mariadb'), () => mysqlEngine.connect(t, { tools: ctx.tools }), mysqlMeasure);
  },
  connect: (target, ctx) => directOrDocker(target as ServerTarget, ctx, mysqlDocker, mysqlConnect),
  prepareDump: mysqlPrepareDump,
  verifyDump: mysqlVerify,
  restoreBlocker: () => undefined,
  restoreStep: ({ entry, item }) => mysqlStep(entry, (item as DatabaseItem).target as ServerTarget, item as DatabaseItem),
  rightsCheck: async (item) => {
    const t = (item as DatabaseItem).target as ServerTarget;
    let unfinished: ReturnType<typeof unfinishedLoadProblem>;
    const rights = await rightsOf(item as DatabaseItem, async () => {
      const c = await mysqlConnect(t, { connectTimeoutMs: 5000 });
      try {
        unfinished = unfinishedLoadProblem(t.database, await unfinishedLoads(c));
        return await mysqlRights(c, t);
      } finally {
        await c.close();
      }
    });
    // A reload stopped midway is said before anything else about this database.
    return unfinished ? { id: `unfinished-load:${item.id}`, name: `${item.id} loaded whole`, ok: false, ...unfinished } : rights;
  },
};

async function mysqlMeasure(client: SqlClient): Promise<ProbeResult> {
  const [row] = await client.rows<{ size: string; version: string }>(
    `select (select coalesce(sum(data_length + index_length), 0) from information_schema.tables where table_schema = database()) as size, version() as version`,
  );
  return { sizeBytes: Number(row.size), serverVersion: row.version };
}

/** A dump made whole carries the tool's header and its closing "Dump completed" line. */
async function mysqlVerify(request: VerifyRequest): Promise<void> {
  const { head, tail } = await dumpEnds(request);
  if (!/^-- (MySQL|MariaDB) dump/m.test(head)) throw new Error('not a mysqldump file (no dump header)');
  if (!/-- Dump completed/.test(tail)) throw new Error('the dump is cut short (no "Dump completed" line)');
}
