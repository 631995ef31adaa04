import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pgDatabaseStep, pgSchemaStep } from '../../../source/core/engines/postgres/pg-restore-step.js';
import { locateInstall } from '../../../source/core/discover/locate-install.js';
import { ToolFinder } from '../../../source/core/process/tool-finder.js';
import { readManifest } from '../../../source/core/set/backup-set.js';
import { pgFingerprint } from '../../support/db-fingerprint.js';
import { pgAdmin } from '../../support/pg-server.js';
import { buildRichInstall, type RichInstall } from '../../support/fixtures.js';
import { backUpInto } from '../../support/run-cli.js';
import { HARD_PASSWORD } from '../../support/secrets.js';

const pg = inject('pg');
const maria = inject('maria');
let a: RichInstall;
let set: string;

beforeAll(async () => {
  a = await buildRichInstall(pg, maria);
  set = await backUpInto(a.dir, ['main', `subapp:${a.schemaApp}`]);
  // Made after the backup: a restore takes it away, an undo must bring it back.
  await pgAdmin(pg, `set role ${a.user}; create table after_backup (x int); insert into after_backup values (1); create table ${a.schemaApp}.after_backup (y text);`, a.pgDb);
});
afterAll(async () => {
  await a?.cleanup();
});

describe('undoing a PostgreSQL restore step', () => {
  it('puts the database back, and a second undo (a retry after a lost answer) changes nothing', async () => {
    const manifest = await readManifest(set);
    const entry = manifest.items.find((i) => i.id === 'main');
    const target = { engine: 'postgres' as const, host: '127.0.0.1', port: pg.port, database: a.pgDb, user: a.user, password: HARD_PASSWORD };
    const before = await pgFingerprint(pg, a.pgDb);
    const ctx = { setDir: set, tools: new ToolFinder(), stamp: '20261202T050000Z', workDir: mkdtempSync(path.join(os.tmpdir(), 'nbtest-undo-work-')), privateDir: mkdtempSync(path.join(os.tmpdir(), 'nbtest-undo-private-')), install: await locateInstall(a.dir, {}) };
    const applied = await pgDatabaseStep(entry!, target, [a.schemaApp]).apply(ctx);
    expect(Object.keys((await pgFingerprint(pg, a.pgDb)).tables)).not.toContain('public.after_backup');
    await applied.undo();
    expect(await pgFingerprint(pg, a.pgDb)).toEqual(before);
    await applied.undo();
    expect(await pgFingerprint(pg, a.pgDb)).toEqual(before);
  });

  it('puts a schema back, and a second undo leaves it as it is', async () => {
    const manifest = await readManifest(set);
    const entry = manifest.items.find((i) => i.id === `subapp:${a.schemaApp}`);
    const target = { engine: 'postgres' as const, host: '127.0.0.1', port: pg.port, database: a.pgDb, user: a.user, password: HARD_PASSWORD, schema: a.schemaApp };
    const before = await pgFingerprint(pg, a.pgDb);
    const ctx = { setDir: set, tools: new ToolFinder(), stamp: '20261202T050001Z', workDir: mkdtempSync(path.join(os.tmpdir(), 'nbtest-undo-work-')), privateDir: mkdtempSync(path.join(os.tmpdir(), 'nbtest-undo-private-')), install: await locateInstall(a.dir, {}) };
    const applied = await pgSchemaStep(entry!, target, a.schemaApp).apply(ctx);
    expect(Object.keys((await pgFingerprint(pg, a.pgDb)).tables)).not.toContain(`${a.schemaApp}.after_backup`);
    await applied.undo();
    expect(await pgFingerprint(pg, a.pgDb)).toEqual(before);
    await applied.undo();
    expect(await pgFingerprint(pg, a.pgDb)).toEqual(before);
  });
});
