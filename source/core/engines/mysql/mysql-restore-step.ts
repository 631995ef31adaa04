import path from 'node:path';
import { rm } from 'node:fs/promises';
import type { ServerTarget } from '../../db/db-target.js';
import { runDump } from '../../stream/dump-pipeline.js';
import { errorLine, NbError } from '../../errors.js';
import type { ManifestItem } from '../../set/manifest.js';
import type { Compression } from '../../stream/compression.js';
import { withMysql } from './mysql-client.js';
import { mysqlOptions, mysqlPrepareDump, mysqlTools } from './mysql-dump.js';
import { clearMarker, markLoading, MARKER_TABLE } from './mysql-load-marker.js';
import type { DatabaseItem } from '../../inventory/item.js';
import { feedDump } from '../../stream/feed-dump.js';
import type { AppliedStep, RestoreStep, StepContext } from '../restore-step.js';

/**
 * MySQL and MariaDB cannot rename a database, so the database is emptied — every table, view, routine
 * and event, so nothing made after the backup survives — and the dump loaded into it. Undo loads a dump
 * taken of the database just before. While it is neither, a marker table says so (mysql-load-marker.ts).
 */
export function mysqlStep(entry: ManifestItem, target: ServerTarget, item: DatabaseItem): RestoreStep {
  return {
    entry,
    async apply(ctx: StepContext): Promise<AppliedStep> {
      const rollback = path.join(ctx.workDir, `rollback-${item.id.replace(/[^\w]+/g, '_')}.sql.zst`);
      const spec = await mysqlPrepareDump({ item, tools: ctx.tools, workDir: ctx.privateDir, scratchDir: ctx.workDir });
      await runDump({ spec, file: rollback, compression: 'zstd', tools: ctx.tools, signal: ctx.signal ?? new AbortController().signal });
      // Putting the database back is never stopped by an interrupt: it always runs to its end.
      const putBack = async () => {
        await markLoading(target, ctx.workDir);
        await emptyDatabase(target);
        await loadDump(rollback, 'zstd', target, ctx, false);
        await clearMarker(target);
      };
      // Nothing is changed yet if marking fails.
      await markLoading(target, ctx.workDir);
      try {
        await emptyDatabase(target);
        await loadDump(path.join(ctx.setDir, entry.file ?? ''), entry.compression ?? 'none', target, ctx, true);
        await clearMarker(target);
      } catch (error) {
        await putBack().catch((undoError: unknown) => {
          throw new NbError(`${errorLine(error)}; loading ${target.database} back failed too: ${errorLine(undoError)}`, `load ${rollback} by hand, or restore the safety set`);
        });
        throw error;
      }
      return {
        notes: [],
        undo: putBack,
        commit: async () => {
          await rm(rollback, { force: true });
          return undefined;
        },
      };
    },
  };
}

/** `forward`: the set's own load, which an interrupt stops and whose progress is shown; a rollback load is neither. */
async function loadDump(file: string, compression: Compression, target: ServerTarget, ctx: StepContext, forward: boolean): Promise<void> {
  const { restore, hint } = mysqlTools(target.engine === 'mariadb');
  const client = await ctx.tools.first(restore);
  if (!client) throw new NbError(`${restore.join(' or ')} not found on this machine`, hint, 'missing-tool');
  const args = ['--binary-mode', `--database=${target.database}`];
  const result = await feedDump(file, compression, client, args, ctx.tools, { secret: { option: '--defaults-extra-file=', content: mysqlOptions(target) }, signal: forward ? ctx.signal : undefined, onProgress: forward ? ctx.onProgress : undefined, unlock: forward ? ctx.unlock : undefined });
  if (result.failed) {
    const lines = result.stderr.trim().split('\n');
    throw new NbError(`loading the dump failed: ${lines.find((l) => /^ERROR/.test(l)) ?? lines[0] ?? `exit ${result.exitCode}`}`);
  }
}

/** Drops every object of the database but the marker (not the database: the app's user may lack CREATE DATABASE). */
async function emptyDatabase(target: ServerTarget): Promise<void> {
  await withMysql(target, async (c) => {
    await c.rows('set foreign_key_checks = 0');
    for (const t of await c.rows<{ name: string; type: string }>(`select table_name as name, table_type as type from information_schema.tables where table_schema = database() and table_name <> ?`, [MARKER_TABLE])) {
      await c.rows(`drop ${t.type === 'VIEW' ? 'view' : t.type === 'SEQUENCE' ? 'sequence' : 'table'} if exists ${c.quote(t.name)}`);
    }
    for (const r of await c.rows<{ name: string; type: string }>(`select routine_name as name, routine_type as type from information_schema.routines where routine_schema = database()`)) {
      await c.rows(`drop ${r.type === 'FUNCTION' ? 'function' : 'procedure'} if exists ${c.quote(r.name)}`);
    }
    for (const e of await c.rows<{ name: string }>(`select event_name as name from information_schema.events where event_schema = database()`)) {
      await c.rows(`drop event if exists ${c.quote(e.name)}`);
    }
  });
}
