import { errorLine } from '../errors.js';
import { DEMO_PASSWORD, type DemoServer } from './demo-install.js';
import { guardServer } from './server-guardian.js';
import { pgAdmin, pgBinDir, startPostgres, stopPostgres, type PgServerInfo } from './throwaway-postgres.js';

export interface RunningDemoServer extends DemoServer {
  stop(): Promise<void>;
}

/** This session's PostgreSQL for the demo's data source and sub-app; undefined (with why) when there are no server binaries. */
export async function startDemoServer(): Promise<{ server?: RunningDemoServer; why?: string }> {
  try {
    pgBinDir();
  } catch {
    return { why: 'no PostgreSQL server binaries on this machine: the demo runs on SQLite alone' };
  }
  let info: PgServerInfo | undefined;
  try {
    info = await startPostgres('nbbackup-demo-pg-');
    guardServer(info);
    // The rights a real install's owner has: its restore makes a fresh database and swaps it in.
    const user = 'demo';
    await pgAdmin(info, `create role ${user} login createdb password '${DEMO_PASSWORD.replace(/'/g, "''")}'`);
    for (const db of ['warehouse', 'branch']) await pgAdmin(info, `create database ${db} owner ${user}`);
    await pgAdmin(info, `set role ${user}; create table stock (id serial primary key, sku text unique, qty int default 0); insert into stock (sku, qty) select 'SKU-' || g, g % 50 from generate_series(1, 2000) g; create view low_stock as select * from stock where qty < 5;`, 'warehouse');
    await pgAdmin(info, `set role ${user}; create table tasks (id serial primary key, title text not null); insert into tasks (title) values ('Open the branch'), ('Hire staff');`, 'branch');
    const started = info;
    return { server: { port: started.port, user, password: DEMO_PASSWORD, stop: () => stopPostgres(started) } };
  } catch (error) {
    if (info) await stopPostgres(info).catch(() => undefined);
    return { why: `the demo's PostgreSQL did not start (${errorLine(error)}): the demo runs on SQLite alone` };
  }
}
