import path from 'node:path';
import { NbError } from '../../errors.js';
import type { ServerTarget } from '../../db/db-target.js';
import type { DatabaseItem } from '../../inventory/item.js';
import { toolInfo, type ToolInfo } from '../../process/tool-version.js';
import type { DumpSpec } from '../../stream/dump-spec.js';
import { dockerExec } from '../../db/docker-route.js';
import type { DumpRequest, EngineTools } from '../engine.js';
import { withMysql } from './mysql-client.js';
import { unfinishedLoadProblem, unfinishedLoads } from './mysql-load-marker.js';

/** mariadb-dump against MariaDB, mysqldump against MySQL; the other flavour only when it is all there is. */
export function mysqlTools(serverIsMaria: boolean): EngineTools {
  return serverIsMaria
    ? { dump: ['mariadb-dump', 'mysqldump'], restore: ['mariadb', 'mysql'], hint: 'install the MariaDB client: apt-get install mariadb-client' }
    : { dump: ['mysqldump', 'mariadb-dump'], restore: ['mysql', 'mariadb'], hint: 'install the MySQL/MariaDB client: apt-get install mariadb-client (or mysql-client)' };
}

/**
 * mysqldump / mariadb-dump of one database *without* `--databases`: no CREATE DATABASE / USE in the
 * file, so it restores into a database of any name.
 */
export async function mysqlPrepareDump({ item: anyItem, tools }: DumpRequest): Promise<DumpSpec> {
  const item = anyItem as DatabaseItem;
  const target = item.target as ServerTarget;
  const serverIsMaria = target.engine === 'mariadb' || /mariadb/i.test(item.serverVersion ?? '');
  if (target.docker) {
    const tool = serverIsMaria ? 'mariadb-dump' : 'mysqldump';
    const args = [`--host=127.0.0.1`, `--port=${target.port}`, `--user=${target.user}`, ...mysqlDumpFlags(serverIsMaria), '--', target.database];
    return { ...dockerExec(target.docker, tool, args, { MYSQL_PWD: target.password }), format: 'mysql-sql', extension: 'sql', tool: `${tool} (in container)`, toolVersion: 'container', currentObject };
  }
  const tool = await pickMysqlDump(serverIsMaria, tools);
  // A database a stopped reload left part-loaded would make a set that looks whole.
  const unfinished = unfinishedLoadProblem(target.database, await withMysql(target, unfinishedLoads, { connectTimeoutMs: 5000 }));
  if (unfinished) throw new NbError(unfinished.detail, unfinished.fix);
  return {
    file: tool.path,
    // The login arrives as --defaults-extra-file through a pipe. `--` ends the options: a database
    // named `--all-databases` stays a name.
    args: [...mysqlDumpFlags(tool.mariadb), '--', target.database],
    env: {},
    secret: { option: '--defaults-extra-file=', content: mysqlOptions(target) },
    format: 'mysql-sql',
    extension: 'sql',
    tool: path.basename(tool.path),
    toolVersion: tool.versionText,
    currentObject,
  };
}

/** The flags for a consistent, complete dump; MySQL-8-only flags only for MySQL's own client. */
export function mysqlDumpFlags(clientIsMaria: boolean): string[] {
  const flags = ['--single-transaction', '--routines', '--triggers', '--events', '--replace', '--skip-lock-tables', '--hex-blob', '--no-tablespaces', '--default-character-set=utf8mb4', '--verbose'];
  // MariaDB's client rejects --column-statistics (exit 7); MySQL 8's needs it off against MariaDB and old servers.
  if (!clientIsMaria) flags.push('--column-statistics=0', '--set-gtid-purged=OFF');
  return flags;
}

/** The dump tool of the server's flavour, with its version. */
export async function pickMysqlDump(serverIsMaria: boolean, tools: { first(names: readonly string[]): Promise<string | undefined> }): Promise<ToolInfo> {
  const { dump, hint } = mysqlTools(serverIsMaria);
  const found = await tools.first(dump);
  if (!found) throw new NbError(`${dump.join(' or ')} not found on this machine`, hint, 'missing-tool');
  return toolInfo(found);
}

/** The [client] options with the login: handed to the tool on a pipe (fd 3), never written to disk or argv. */
export function mysqlOptions(target: ServerTarget): string {
  const quote = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const lines = ['[client]', `host=${quote(target.host)}`, `port=${target.port}`, `user=${quote(target.user)}`, `password=${quote(target.password)}`];
  if (target.ssl?.ca) lines.push(`ssl-ca=${quote(target.ssl.ca)}`);
  if (target.ssl?.cert) lines.push(`ssl-cert=${quote(target.ssl.cert)}`);
  if (target.ssl?.key) lines.push(`ssl-key=${quote(target.ssl.key)}`);
  return `${lines.join('\n')}\n`;
}

function currentObject(line: string): string | undefined {
  return /for table [`']?([^`'.\s]+)/.exec(line)?.[1] ?? /Dumping (routines|events|triggers)/i.exec(line)?.[1];
}
