import { describe, expect, it } from 'vitest';
import type { ServerTarget } from '../../../source/core/db/db-target.js';
import { mysqlDumpFlags, pickMysqlDump } from '../../../source/core/engines/mysql/mysql-dump.js';
import { pgDumpArgs, pickPgDump } from '../../../source/core/engines/postgres/pg-dump.js';
import { ToolFinder } from '../../../source/core/process/tool-finder.js';

const target: ServerTarget = { engine: 'postgres', host: 'db.local', port: 5433, database: 'nocobase', user: 'nb', password: 'never in argv' };

describe('pg_dump command lines', () => {
  it('dumps a whole database with its large objects, leaving schema-mode sub-apps out', () => {
    const args = pgDumpArgs(target, { excludeSchemas: ['app_a', 'app_b'] });
    expect(args).toEqual([
      '--format=custom', '--compress=0', '--quote-all-identifiers', '--verbose', '--no-password',
      '--host=db.local', '--port=5433', '--username=nb', "--dbname=dbname='nocobase'",
      '--blobs', '--exclude-schema="app_a"', '--exclude-schema="app_b"',
    ]);
    expect(args.join(' ')).not.toContain('never in argv');
  });

  it('dumps a schema-mode sub-app as its schema alone, without the database-wide large objects', () => {
    const args = pgDumpArgs({ ...target, schema: 'app_a' }, { onlySchema: 'app_a' });
    expect(args).toContain('--schema="app_a"');
    expect(args).not.toContain('--blobs');
  });

  it('refuses a pg_dump older than the server, naming both versions and the fix', async () => {
    const tools = new ToolFinder();
    const pgDumps = await tools.all('pg_dump');
    await expect(pickPgDump(target, '99.1', pgDumps)).rejects.toThrow(/^pg_dump \d+ is older than the server \(PostgreSQL 99\)$/);
    await expect(pickPgDump(target, '99.1', pgDumps)).rejects.toMatchObject({ hint: expect.stringContaining('postgresql-client-99') });
    expect((await pickPgDump(target, '15.2', pgDumps)).major).toBeGreaterThanOrEqual(15);
    await expect(pickPgDump(target, '15.2', [])).rejects.toThrow('pg_dump not found on this machine');
  });
});

describe('mysqldump command lines', () => {
  it('never passes MySQL-8-only flags to MariaDB clients (they exit 7 on --column-statistics)', () => {
    expect(mysqlDumpFlags(true)).not.toContain('--column-statistics=0');
    expect(mysqlDumpFlags(false)).toContain('--column-statistics=0');
    for (const flags of [mysqlDumpFlags(true), mysqlDumpFlags(false)]) {
      expect(flags).toEqual(expect.arrayContaining(['--single-transaction', '--routines', '--triggers', '--events', '--skip-lock-tables']));
      // --databases would write CREATE DATABASE/USE of the source name into the dump.
      expect(flags).not.toContain('--databases');
    }
  });

  it('picks the client that matches the server flavour, and detects what it really is', async () => {
    const tools = new ToolFinder();
    const forMaria = await pickMysqlDump(true, tools);
    expect(forMaria.path).toMatch(/mariadb-dump$/);
    expect(forMaria.mariadb).toBe(true);
    // The real client accepts the flags we build for it.
    const { execa } = await import('execa');
    const help = await execa(forMaria.path, [...mysqlDumpFlags(forMaria.mariadb), '--help'], { reject: false });
    expect(help.exitCode).toBe(0);
  });
});
