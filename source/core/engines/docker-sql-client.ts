import { execa } from '../process/lazy-execa.js';
import type { ServerTarget } from '../db/db-target.js';
import { dockerExec } from '../db/docker-route.js';
import { bindPlaceholders, type ConnectOptions, type SqlClient, type TableRef } from '../db/sql-client.js';
import type { ToolFinder } from '../process/tool-finder.js';

/** How one engine's client inside its container runs a query and prints rows. */
export interface DockerDialect {
  /** The tool, its arguments for running `sql`, and the environment that carries the password. */
  command(target: ServerTarget, sql: string): { tool: string; args: string[]; env: Record<string, string> };
  parse(stdout: string): Record<string, unknown>[];
  literal(value: unknown): string;
  quote(identifier: string): string;
  tables(client: SqlClient, names: readonly string[], schemas: readonly string[]): Promise<TableRef[]>;
}

/** Queries a database that only lives inside a compose network, through the client inside its container. */
export function dockerSqlClient(target: ServerTarget, dialect: DockerDialect, docker = 'docker'): SqlClient {
  const route = target.docker;
  if (!route) throw new Error('dockerSqlClient needs a compose route');
  const client: SqlClient = {
    engine: target.engine,
    async rows<T>(sql: string, params: readonly unknown[] = []) {
      let i = 0;
      const text = bindPlaceholders(sql, () => dialect.literal(params[i++]));
      const { tool, args, env } = dialect.command(target, text);
      const exec = dockerExec(route, tool, args, env);
      const result = await execa(docker, exec.args, { env: exec.env, timeout: 30000, reject: false });
      if (result.failed) throw dockerError(String(result.stderr), result.exitCode);
      return dialect.parse(String(result.stdout)) as T[];
    },
    tables: (names, schemas) => dialect.tables(client, names, schemas),
    quote: dialect.quote,
    close: async () => undefined,
  };
  return client;
}

/** The driver-like error codes classifyDbError understands, read from the client's message. */
function dockerError(stderr: string, exitCode?: number): Error & { code?: string } {
  const line = stderr.split('\n').find((l) => l.trim()) ?? `exit code ${exitCode}`;
  const error: Error & { code?: string } = new Error(line);
  if (/password authentication failed|Access denied/i.test(stderr)) error.code = '28P01';
  else if (/database "[^"]+" does not exist|Unknown database/i.test(stderr)) error.code = '3D000';
  else if (/Cannot connect to the Docker daemon|is not running|no such service|No such container|not running/i.test(stderr)) error.code = 'ECONNREFUSED';
  return error;
}

/** The engine's own driver, or — for a database that lives only inside a compose network — its client in the container. */
export async function directOrDocker(target: ServerTarget, ctx: ConnectOptions & { readonly tools: ToolFinder }, dialect: DockerDialect, direct: (t: ServerTarget, o: ConnectOptions) => Promise<SqlClient>): Promise<SqlClient> {
  return target.docker ? dockerSqlClient(target, dialect, (await ctx.tools.first(['docker'])) ?? 'docker') : direct(target, ctx);
}
