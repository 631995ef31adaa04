import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pgFingerprint } from '../support/db-fingerprint.js';
import { buildRichInstall, type RichInstall } from '../support/fixtures.js';
import { pgAdmin } from '../support/pg-server.js';
import { runCli } from '../support/run-cli.js';
import { HARD_PASSWORD } from '../support/secrets.js';

const pg = inject('pg');
const maria = inject('maria');
const STAND_IN = path.resolve(import.meta.dirname, '../support/bin');
let rich: RichInstall;
let compose: string;
let log: string;
let env: Record<string, string>;

/**
 * The official compose layout: PostgreSQL and MariaDB as sibling services with no published port.
 * No Docker engine runs here, so test/support/bin/docker stands in for the CLI (see its header).
 */
beforeAll(async () => {
  rich = await buildRichInstall(pg, maria);
  compose = mkdtempSync(path.join(os.tmpdir(), 'nbtest-compose-'));
  mkdirSync(path.join(compose, 'storage/uploads'), { recursive: true });
  writeFileSync(path.join(compose, 'storage/uploads/a.txt'), 'a');
  writeFileSync(
    path.join(compose, 'docker-compose.yml'),
    `services:
  app:
    image: nocobase/nocobase:1.9.3-full
    environment:
      DB_DIALECT: postgres
      DB_HOST: postgres
      DB_PORT: 5432
      DB_DATABASE: ${rich.pgDb}
      DB_USER: ${rich.user}
      DB_PASSWORD: "${HARD_PASSWORD.replace(/\$/g, '$$$$').replace(/"/g, '\\"')}"
    volumes:
      - ./storage:/app/nocobase/storage
  postgres:
    image: postgres:16
  mariadb:
    image: mariadb:11
`,
  );
  // The data source names the compose service as its host, as it would inside the network.
  await pgAdmin(pg, `update "dataSources" set options = jsonb_set(jsonb_set(options, '{host}', '"mariadb"'), '{port}', '3306') where key = 'shop'`, rich.pgDb);
  log = path.join(compose, 'docker.log');
  env = { PATH: `${STAND_IN}:${process.env.PATH}`, NBTEST_DOCKER_LOG: log, NBTEST_DOCKER_PORTS: JSON.stringify({ 5432: pg.port, 3306: maria.port }) };
});
afterAll(async () => {
  await rich?.cleanup();
});

describe('databases inside a compose network', () => {
  it('are inventoried through docker compose exec', async () => {
    const result = await runCli(['scan', compose, '--json'], { env });
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const items = Object.fromEntries(JSON.parse(String(result.stdout)).installs[0].items.map((i: { id: string }) => [i.id, i]));
    expect(items.main).toMatchObject({ status: 'ok', dockerService: 'postgres', database: rich.pgDb });
    expect(items.main.sizeBytes).toBeGreaterThan(0);
    expect(items['external:shop']).toMatchObject({ status: 'ok', dockerService: 'mariadb', database: rich.mariaDb });
    expect(items[`subapp:${rich.schemaApp}`]).toMatchObject({ status: 'ok', dockerService: 'postgres', schema: rich.schemaApp });
  });

  it('are dumped inside their container and streamed to the host, secrets passed by name only', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'nbtest-compose-sets-'));
    writeFileSync(log, '');
    const result = await runCli(['backup', '--install', compose, '--items', 'main,external:shop', '--out', out, '--json'], { env });
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const set = JSON.parse(String(result.stdout)).set;
    const calls = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as string[]);
    const pgCall = calls.find((c) => c.includes('pg_dump')) as string[];
    expect(pgCall.slice(0, 8)).toEqual(['compose', '-f', path.join(compose, 'docker-compose.yml'), 'exec', '-T', '-e', 'PGPASSWORD', '-e']);
    expect(pgCall).toContain('postgres');
    expect(calls.find((c) => c.includes('mariadb-dump'))).toEqual(expect.arrayContaining(['-e', 'MYSQL_PWD', 'mariadb']));
    for (const call of calls) expect(call.join(' ')).not.toContain(HARD_PASSWORD);
    // What came out of the "container" is a faithful dump.
    const target = `fromdocker_${path.basename(out).slice(-6).toLowerCase()}`;
    await pgAdmin(pg, `create database ${target}`);
    const restore = execa(path.join(pg.binDir, 'pg_restore'), ['--host', pg.socketDir, '--port', String(pg.port), '--username', 'postgres', '--dbname', target, '--exit-on-error']);
    execa('zstd', ['-d', '-c', path.join(set, 'main.pgdump.zst')]).stdout?.pipe(restore.stdin!);
    await restore;
    expect((await pgFingerprint(pg, target)).tables['public.customers']).toBe((await pgFingerprint(pg, rich.pgDb)).tables['public.customers']);
    await pgAdmin(pg, `drop database ${target} with (force)`);
    expect((await runCli(['verify', set])).exitCode).toBe(0);
  });

  it('say so when no docker CLI is installed', async () => {
    // A PATH with node alone: whatever else this machine has installed, no docker is on it.
    const bin = mkdtempSync(path.join(os.tmpdir(), 'nbtest-bin-'));
    symlinkSync(process.execPath, path.join(bin, 'node'));
    const result = await runCli(['scan', compose, '--json'], { env: { PATH: bin } });
    const main = JSON.parse(String(result.stdout)).installs[0].items[0];
    expect(main).toMatchObject({ status: 'missing-tool', reason: 'docker not found on this machine' });
  });
});
