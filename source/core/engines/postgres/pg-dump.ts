import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { NbError } from '../../errors.js';
import type { ServerTarget } from '../../db/db-target.js';
import type { DatabaseItem } from '../../inventory/item.js';
import { majorOf, toolInfo, type ToolInfo } from '../../process/tool-version.js';
import type { DumpSpec } from '../../stream/dump-spec.js';
import { dockerExec } from '../../db/docker-route.js';
import type { DumpRequest } from '../engine.js';
import { withPg } from './pg-client.js';
import { dbnameArg, literalPattern, pgEnv } from './pg-args.js';

export const PG_HINT = 'install the PostgreSQL client: apt-get install postgresql-client';

/**
 * pg_dump custom format, uncompressed (`-Z0`): the set's own compressor (zstd by default) is faster
 * and smaller than pg_dump's built-in zlib, and the same for every engine.
 */
export async function pgPrepareDump({ item: anyItem, tools, scratchDir, options }: DumpRequest): Promise<DumpSpec> {
  const item = anyItem as DatabaseItem;
  const target = item.target as ServerTarget;
  // Only a schema-mode sub-app is a single schema; main (whatever DB_SCHEMA says) and externals are whole databases.
  const args = pgDumpArgs(target, { onlySchema: item.group === 'subapp' ? target.schema : undefined, excludeSchemas: item.excludeSchemas ?? [] });
  const env = pgEnv(target);
  if (target.docker) {
    return { ...dockerExec(target.docker, 'pg_dump', args, env), format: 'pg-custom', extension: 'pgdump', tool: 'pg_dump (in container)', toolVersion: 'container', currentObject };
  }
  const tool = await pickPgDump(target, item.serverVersion, await tools.all('pg_dump'));
  const jobs = options?.pgJobs ?? 1;
  if (jobs > 1) return directoryFormat(args, env, tool.path, tool.versionText, jobs, scratchDir, tools);
  return { file: tool.path, args, env, format: 'pg-custom', extension: 'pgdump', tool: 'pg_dump', toolVersion: tool.versionText, currentObject };
}

/**
 * Directory format with parallel jobs: pg_dump writes one file per table at once, then the folder is
 * streamed into the set as a tar. Its restore can run in parallel too (pg_restore -j needs a seekable
 * archive, which a streamed custom-format dump is not).
 */
async function directoryFormat(customArgs: string[], env: Record<string, string>, pgDump: string, version: string, jobs: number, workDir: string, tools: DumpRequest['tools']): Promise<DumpSpec> {
  const tar = await tools.first(['tar']);
  if (!tar) throw new NbError('tar not found on this machine', 'install GNU tar', 'missing-tool');
  const dir = path.join(workDir, `pgdir-${randomBytes(6).toString('hex')}`);
  const args = customArgs.filter((a) => a !== '--format=custom').concat(['--format=directory', `--jobs=${jobs}`, `--file=${dir}`]);
  return {
    before: { file: pgDump, args, env, tool: 'pg_dump' },
    file: tar,
    args: ['--create', '--format=posix', '--file=-', `--directory=${dir}`, '.'],
    env: {},
    format: 'pg-directory',
    extension: 'pgdir.tar',
    tool: 'pg_dump',
    toolVersion: version,
    currentObject,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface PgDumpScope {
  readonly onlySchema?: string;
  readonly excludeSchemas?: readonly string[];
}

export function pgDumpArgs(target: ServerTarget, scope: PgDumpScope): string[] {
  const args = ['--format=custom', '--compress=0', '--quote-all-identifiers', '--verbose', '--no-password'];
  args.push(`--host=${target.docker ? '127.0.0.1' : target.host}`, `--port=${target.port}`, `--username=${target.user}`, `--dbname=${dbnameArg(target.database)}`);
  // Large objects belong to the database, not a schema: only the whole-database item carries them.
  if (scope.onlySchema) args.push(`--schema=${literalPattern(scope.onlySchema)}`);
  else args.push('--blobs');
  for (const schema of scope.excludeSchemas ?? []) args.push(`--exclude-schema=${literalPattern(schema)}`);
  return args;
}

/** The newest pg_dump whose major is at least the server's: older ones refuse newer servers. */
export async function pickPgDump(target: ServerTarget, serverVersion: string | undefined, candidates: readonly string[]): Promise<ToolInfo> {
  if (!candidates.length) throw new NbError('pg_dump not found on this machine', PG_HINT, 'missing-tool');
  const serverMajor = majorOf(serverVersion) ?? (await serverMajorOf(target));
  const infos = await Promise.all(candidates.map(toolInfo));
  const fit = infos.filter((i) => i.major >= serverMajor).sort((a, b) => b.major - a.major)[0];
  if (!fit) {
    const newest = Math.max(...infos.map((i) => i.major));
    throw new NbError(
      `pg_dump ${newest} is older than the server (PostgreSQL ${serverMajor})`,
      `install postgresql-client-${serverMajor} (apt.postgresql.org) — nbbackup also looks in /usr/lib/postgresql/*/bin`,
      'missing-tool',
    );
  }
  return fit;
}

async function serverMajorOf(target: ServerTarget): Promise<number> {
  const rows = await withPg(target, (c) => c.rows<{ v: string }>(`select current_setting('server_version') as v`));
  return majorOf(rows[0]?.v) ?? 0;
}

export function currentObject(line: string): string | undefined {
  return /dumping contents of table "?([^"]+)"?/.exec(line)?.[1] ?? /reading (\w[\w ]*)/.exec(line)?.[1];
}
