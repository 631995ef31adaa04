import { classifyDbError } from '../db/db-status.js';
import type { DbTarget, ServerTarget } from '../db/db-target.js';
import type { SqlClient } from '../db/sql-client.js';
import { tcpOpen } from '../process/tcp-probe.js';
import type { EngineTools, ProbeContext, ProbeResult } from './engine.js';

/** The missing-tool verdict, naming the tools and how to get them. */
export function missingTool(target: DbTarget, tools: EngineTools): ProbeResult {
  const names = target.engine !== 'sqlite' && target.docker ? ['docker'] : tools.dump;
  return { verdict: { status: 'missing-tool', reason: `${names.join(' or ')} not found on this machine`, hint: target.engine !== 'sqlite' && target.docker ? 'install Docker with its compose plugin' : tools.hint } };
}

/**
 * A server engine with a SQL client here: its dump tool must be present, and a connection (direct, or
 * through the client inside its compose service) measures it. Every failure becomes a status.
 */
export async function probeOverSql(target: ServerTarget, ctx: ProbeContext, tools: EngineTools, open: () => Promise<SqlClient>, measure: (client: SqlClient) => Promise<ProbeResult>): Promise<ProbeResult> {
  const tool = await ctx.tools.first(target.docker ? ['docker'] : tools.dump);
  if (ctx.offline) return tool ? {} : missingTool(target, tools);
  if (target.docker && !tool) return missingTool(target, tools);
  let result: ProbeResult;
  try {
    const client = await open();
    try {
      result = await measure(client);
    } finally {
      await client.close();
    }
  } catch (error) {
    const verdict = classifyDbError(error, target);
    return { verdict: target.docker ? { ...verdict, reason: `${verdict.reason} (inside compose service ${target.docker.service})` } : verdict };
  }
  return tool ? result : { ...result, ...missingTool(target, tools) };
}

/** A login whose values cannot be handed to the engine's tools safely is reported at once, never tried. */
export function refusedLogin(problem: string | undefined): ProbeResult | undefined {
  return problem === undefined ? undefined : { verdict: { status: 'unsupported', reason: problem } };
}

/** A server engine without a driver here: a TCP check says whether it answers at all. */
export async function probeOverTcp(target: ServerTarget, ctx: ProbeContext, tools: EngineTools): Promise<ProbeResult> {
  if (target.docker) return { verdict: { status: 'unsupported', reason: `${target.engine} inside a compose service is not reachable from here`, hint: 'publish its port in the compose file' } };
  const tool = await ctx.tools.first(tools.dump);
  if (ctx.offline) return tool ? {} : missingTool(target, tools);
  if (!(await tcpOpen(target.host, target.port, 3000))) return { verdict: { status: 'unreachable', reason: `no answer from ${target.host}:${target.port}`, hint: `start the ${target.engine} server or check host and port` } };
  return tool ? {} : missingTool(target, tools);
}
