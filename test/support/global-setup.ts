import type { TestProject } from 'vitest/node';
import { startMariaDb, stopMariaDb, type MariaDbServerInfo } from './mariadb-server.js';
import { startPostgres, stopPostgres, type PgServerInfo } from './pg-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pg: PgServerInfo;
    maria: MariaDbServerInfo;
  }
}

/** One PostgreSQL and one MariaDB for the whole run, torn down even when tests fail or the run is interrupted. */
export default async function setup(project: TestProject) {
  const [pg, maria] = await Promise.all([startPostgres(), startMariaDb()]);
  let stopped = false;
  const teardown = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.all([stopPostgres(pg), stopMariaDb(maria)]);
  };
  const onSignal = () => void teardown().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  project.provide('pg', pg);
  project.provide('maria', maria);
  return teardown;
}
