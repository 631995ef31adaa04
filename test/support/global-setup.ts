import type { TestProject } from 'vitest/node';
import { holdClosedPort } from './closed-port.js';
import { startMariaDb, stopMariaDb, type MariaDbServerInfo } from './mariadb-server.js';
import { startPostgres, stopPostgres, type PgServerInfo } from './pg-server.js';
import { createSandbox, removeSandbox, type SandboxInfo } from './sandbox.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pg: PgServerInfo;
    maria: MariaDbServerInfo;
    sandbox: SandboxInfo;
    closedPort: number;
  }
}

/**
 * One PostgreSQL and one MariaDB for the whole run, a port held closed for it, and the sandbox its
 * children live in; all torn down even when tests fail or the run is interrupted.
 */
export default async function setup(project: TestProject) {
  const sandbox = createSandbox();
  const [pgUp, mariaUp, closedUp] = await Promise.allSettled([startPostgres(), startMariaDb(), holdClosedPort()]);
  if (pgUp.status === 'rejected' || mariaUp.status === 'rejected' || closedUp.status === 'rejected') {
    // Whatever did start is stopped again: a failed setup leaves no server and no folder behind.
    if (closedUp.status === 'fulfilled') closedUp.value.release();
    await Promise.all([pgUp.status === 'fulfilled' && stopPostgres(pgUp.value), mariaUp.status === 'fulfilled' && stopMariaDb(mariaUp.value)]);
    removeSandbox(sandbox);
    throw [pgUp, mariaUp, closedUp].flatMap((s) => (s.status === 'rejected' ? [s.reason] : []))[0];
  }
  const [pg, maria, closed] = [pgUp.value, mariaUp.value, closedUp.value];
  let stopped = false;
  const teardown = async () => {
    if (stopped) return;
    stopped = true;
    closed.release();
    await Promise.all([stopPostgres(pg), stopMariaDb(maria)]);
    removeSandbox(sandbox);
  };
  const onSignal = () => void teardown().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  project.provide('pg', pg);
  project.provide('maria', maria);
  project.provide('sandbox', sandbox);
  project.provide('closedPort', closed.port);
  return teardown;
}
