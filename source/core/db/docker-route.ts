import type { DockerRoute } from './db-target.js';

/**
 * Runs a client tool inside the database's compose service, streaming its stdout to the host.
 * `-e NAME` without a value hands the variable over from docker's own environment, so secrets stay out of argv.
 */
export function dockerExec(route: DockerRoute, tool: string, args: readonly string[], env: Readonly<Record<string, string>>) {
  const pass = Object.keys(env).flatMap((name) => ['-e', name]);
  return {
    file: 'docker',
    args: ['compose', '-f', route.composeFile, 'exec', '-T', ...pass, route.service, tool, ...args],
    env,
  };
}
