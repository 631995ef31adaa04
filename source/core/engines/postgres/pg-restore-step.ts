import path from 'node:path';
import type { ServerTarget } from '../../db/db-target.js';
import { NbError } from '../../errors.js';
import type { ManifestItem } from '../../set/manifest.js';
import type { SqlClient } from '../../db/sql-client.js';
import { withPg } from './pg-client.js';
import { retrying } from '../../db/retrying.js';
import { dbnameArg, literalPattern, pgEnv } from './pg-args.js';
import { PG_HINT } from './pg-dump.js';
import type { Readable } from 'node:stream';
import { childExit } from '../../process/child-exit.js';
import { stopGroup } from '../../process/process-group.js';
import { spawnTool } from '../../process/spawn-tool.js';
import { feedDump } from '../../stream/feed-dump.js';
import { sideName, type AppliedStep, type RestoreStep, type StepContext } from '../restore-step.js';

/**
 * The pg_dump-family client a restore drives: PostgreSQL's own, or a vendor's build of it (KingbaseES's
 * sys_restore) with its own way of taking the password.
 */
export interface PgFlavour {
  readonly restoreTools: readonly string[];
  readonly dumpTools: readonly string[];
  readonly hint: string;
  /** A database every server has, to connect to while the target's own is renamed. */
  readonly adminDatabase: string;
  /** The environment that carries the login; a file it needs goes in `privateDir`. */
  env(target: ServerTarget, privateDir: string): Promise<Record<string, string>>;
  /** Removes what `env` wrote (KingbaseES's private HOME with its .kbpass) as soon as the tool is done. */
  release?(env: Record<string, string>): Promise<void>;
}

export const POSTGRES_FLAVOUR: PgFlavour = {
  restoreTools: ['pg_restore'],
  dumpTools: ['pg_dump'],
  hint: PG_HINT,
  adminDatabase: 'postgres',
  env: async (target) => pgEnv(target),
};

/**
 * A whole database is restored into a fresh one and swapped in by renames, so nothing made after the
 * backup survives (pg_restore --clean alone leaves such objects) and undo is two renames.
 */
export function pgDatabaseStep(entry: ManifestItem, target: ServerTarget, keepSchemas: readonly string[], flavour: PgFlavour = POSTGRES_FLAVOUR): RestoreStep {
  return {
    entry,
    async apply(ctx: StepContext): Promise<AppliedStep> {
      const fresh = sideName(target.database, 'nbr', ctx.stamp);
      const old = sideName(target.database, 'nbold', ctx.stamp);
      await admin(target, flavour, (c) => createLike(c, target.database, fresh));
      const notes: string[] = [];
      try {
        notes.push(...(await pgRestore(entry, { ...target, database: fresh }, ctx, flavour)));
        // Schema-mode sub-apps live inside this database: those not being restored come along as they are.
        // A sub-app that never started has no schema yet: there is nothing of it to keep.
        const present = await withPg(target, (c) => c.rows<{ name: string }>(`select nspname as name from pg_namespace where nspname = any(?)`, [keepSchemas]));
        for (const schema of keepSchemas.filter((s) => present.some((p) => p.name === s))) await copySchema(target, fresh, schema, ctx, flavour);
      } catch (error) {
        await admin(target, flavour, (c) => c.rows(`drop database if exists ${c.quote(fresh)}`)).catch(() => undefined);
        throw error;
      }
      // Both renames in one transaction: whatever stops nbbackup, the live name always has a database.
      await admin(target, flavour, async (c) => {
        await disconnect(c, [target.database, fresh]);
        await inTransaction(c, [`alter database ${c.quote(target.database)} rename to ${c.quote(old)}`, `alter database ${c.quote(fresh)} rename to ${c.quote(target.database)}`]);
      });
      return {
        notes,
        // Safe to run again: it looks at which databases are there first, so a retry never swaps twice.
        undo: () =>
          retrying((attempt) =>
            admin(
              target,
              flavour,
              async (c) => {
                const there = await c.rows<{ name: string }>(`select datname as name from pg_database where datname = any(?)`, [[old, fresh]]);
                if (there.some((d) => d.name === old)) {
                  await disconnect(c, [target.database, old]);
                  await inTransaction(c, [`alter database ${c.quote(target.database)} rename to ${c.quote(fresh)}`, `alter database ${c.quote(old)} rename to ${c.quote(target.database)}`]);
                }
                await disconnect(c, [fresh]);
                await c.rows(`drop database if exists ${c.quote(fresh)}`);
              },
              { connectTimeoutMs: 5000 * attempt },
            ),
          ),
        commit: async () => {
          await admin(target, flavour, async (c) => {
            await disconnect(c, [old]);
            await c.rows(`drop database ${c.quote(old)}`);
          });
          return undefined;
        },
      };
    },
  };
}

/** A schema-mode sub-app: the schema in place is renamed aside, the dump recreates it. */
export function pgSchemaStep(entry: ManifestItem, target: ServerTarget, schema: string, flavour: PgFlavour = POSTGRES_FLAVOUR): RestoreStep {
  return {
    entry,
    async apply(ctx: StepContext): Promise<AppliedStep> {
      const old = sideName(schema, 'nbold', ctx.stamp);
      const existed = await withPg(target, async (c) => {
        const [row] = await c.rows<{ n: number }>(`select count(*)::int as n from pg_namespace where nspname = ?`, [schema]);
        if (row.n) await c.rows(`alter schema ${c.quote(schema)} rename to ${c.quote(old)}`);
        return row.n > 0;
      });
      // One transaction, and safe to run again: once the old schema is back under its name, it is left alone.
      const back = () =>
        retrying(() =>
          withPg(target, async (c) => {
            const drop = `drop schema if exists ${c.quote(schema)} cascade`;
            if (!existed) return void (await c.rows(drop));
            const [aside] = await c.rows<{ n: number }>(`select count(*)::int as n from pg_namespace where nspname = ?`, [old]);
            if (aside.n) await inTransaction(c, [drop, `alter schema ${c.quote(old)} rename to ${c.quote(schema)}`]);
          }),
        );
      let notes: string[];
      try {
        notes = await pgRestore(entry, target, ctx, flavour);
      } catch (error) {
        await back().catch(() => undefined);
        throw error;
      }
      return {
        notes,
        undo: back,
        commit: async () => {
          if (existed) await withPg(target, (c) => c.rows(`drop schema ${c.quote(old)} cascade`));
          return undefined;
        },
      };
    },
  };
}

/**
 * pg_restore into an empty database or schema. "errors ignored on restore" is never a success; the one
 * known-safe case is fixed: materialized views whose refresh failed under pg_restore's empty
 * search_path are refreshed again with the database's own.
 */
async function pgRestore(entry: ManifestItem, target: ServerTarget, ctx: StepContext, flavour: PgFlavour): Promise<string[]> {
  const pgRestorePath = await ctx.tools.first(flavour.restoreTools);
  if (!pgRestorePath) throw new NbError(`${flavour.restoreTools.join(' or ')} not found on this machine`, flavour.hint, 'missing-tool');
  const file = path.join(ctx.setDir, entry.file ?? '');
  const args = ['--no-owner', '--no-privileges', '--no-password', `--host=${target.host}`, `--port=${target.port}`, `--username=${target.user}`, `--dbname=${dbnameArg(target.database)}`];
  const env = await flavour.env(target, ctx.privateDir);
  const result = await feedDump(file, entry.compression ?? 'none', pgRestorePath, args, ctx.tools, { env, signal: ctx.signal, onProgress: ctx.onProgress, unlock: ctx.unlock }).finally(() => flavour.release?.(env));
  if (!result.failed) return [];
  // Each error is a block: "pg_restore: error: …" (a vendor build prints its own name) then its detail lines down to "Command was: …".
  const tool = path.basename(pgRestorePath);
  const errors = result.stderr.split(new RegExp(`\\n(?=${tool}: )`)).filter((block) => block.startsWith(`${tool}: error:`));
  if (!errors.length) throw new NbError(`${tool} failed: ${result.stderr.trim().split('\n').pop() || `exit ${result.exitCode}`}`);
  const refreshes = errors.filter((block) => /Command was: REFRESH MATERIALIZED VIEW/i.test(block));
  const others = errors.filter((block) => !refreshes.includes(block));
  if (others.length) throw new NbError(`${tool} reported ${errors.length} error(s): ${others[0].split('\n')[0].replace(`${tool}: error: `, '')}`, 'the set may come from a newer or differently configured server');
  await refreshMaterializedViews(target);
  return [`${refreshes.length} materialized view refresh(es) failed under pg_restore's empty search_path and were refreshed again with the database's own`];
}

async function refreshMaterializedViews(target: ServerTarget): Promise<void> {
  await withPg(target, async (c) => {
    const views = await c.rows<{ schema: string; name: string }>(`select schemaname as schema, matviewname as name from pg_matviews order by 1, 2`);
    const schemas = [...new Set(['public', ...views.map((v) => v.schema)])].map((s) => c.quote(s)).join(', ');
    await c.rows(`set search_path = ${schemas}`);
    for (const v of views) await c.rows(`refresh materialized view ${c.quote(v.schema)}.${c.quote(v.name)}`);
  });
}

/** A schema kept from the database being replaced, copied into the fresh one: dump piped straight into restore. */
async function copySchema(target: ServerTarget, fresh: string, schema: string, ctx: StepContext, flavour: PgFlavour): Promise<void> {
  const pgDump = await ctx.tools.first(flavour.dumpTools);
  const pgRestorePath = await ctx.tools.first(flavour.restoreTools);
  if (!pgDump || !pgRestorePath) throw new NbError(`${flavour.dumpTools[0]} and ${flavour.restoreTools[0]} are needed to keep the sub-app schemas`, flavour.hint, 'missing-tool');
  const env = await flavour.env(target, ctx.privateDir);
  const conn = [`--host=${target.host}`, `--port=${target.port}`, `--username=${target.user}`, '--no-password'];
  const dump = spawnTool(pgDump, [...conn, `--dbname=${dbnameArg(target.database)}`, '--format=custom', `--schema=${literalPattern(schema)}`], { env });
  const restore = spawnTool(pgRestorePath, [...conn, `--dbname=${dbnameArg(fresh)}`, '--no-owner', '--no-privileges', '--exit-on-error'], { env, stdin: dump.stdout as Readable });
  (dump.stdout as Readable).destroy();
  const stop = () => [dump, restore].forEach((c) => stopGroup(c));
  ctx.signal?.addEventListener('abort', stop, { once: true });
  if (ctx.signal?.aborted) stop();
  const errors: string[] = [];
  for (const c of [dump, restore]) c.stderr?.setEncoding('utf8').on('data', (d: string) => errors.push(d.slice(0, 2000)));
  try {
    const [a, b] = await Promise.all([childExit(dump), childExit(restore)]);
    if (a.failed || b.failed) throw new NbError(`keeping schema ${schema} failed: ${errors.join('').split('\n')[0] || `exit ${a.exitCode ?? b.exitCode}`}`);
  } finally {
    ctx.signal?.removeEventListener('abort', stop);
    await flavour.release?.(env);
  }
}

/** Runs maintenance statements connected to the admin database, not the one being renamed. */
function admin<T>(target: ServerTarget, flavour: PgFlavour, fn: (c: SqlClient) => Promise<T>, options: { connectTimeoutMs?: number } = {}): Promise<T> {
  return withPg(target, fn, { ...options, database: flavour.adminDatabase });
}

async function createLike(c: SqlClient, like: string, name: string): Promise<void> {
  const [info] = await c.rows<{ enc: string; coll: string; ctype: string }>(`select pg_encoding_to_char(encoding) as enc, datcollate as coll, datctype as ctype from pg_database where datname = ?`, [like]);
  const lit = (v: string) => `'${v.replace(/'/g, "''")}'`;
  const options = info ? ` encoding ${lit(info.enc)} lc_collate ${lit(info.coll)} lc_ctype ${lit(info.ctype)}` : '';
  await c.rows(`create database ${c.quote(name)} template template0${options}`);
}

async function inTransaction(c: SqlClient, statements: readonly string[]): Promise<void> {
  await c.rows('begin');
  try {
    for (const statement of statements) await c.rows(statement);
    await c.rows('commit');
  } catch (error) {
    await c.rows('rollback').catch(() => undefined);
    throw error;
  }
}

/**
 * Sessions left on a database block its rename: the app is stopped by then, so these are stragglers.
 * Only client sessions of roles we may end: the server ends its own autovacuum workers for a rename,
 * and a non-superuser may not signal a superuser's process (an autovacuum worker on a freshly restored
 * table is one: ending it failed the restore).
 */
async function disconnect(c: SqlClient, databases: readonly string[]): Promise<void> {
  await c.rows(
    `select pg_terminate_backend(a.pid) from pg_stat_activity a left join pg_roles r on r.oid = a.usesysid
     where a.datname = any(?) and a.pid <> pg_backend_pid() and a.backend_type = 'client backend'
       and (not coalesce(r.rolsuper, false) or (select rolsuper from pg_roles where rolname = current_user))`,
    [databases],
  );
}
