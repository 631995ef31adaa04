import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildRichInstall, richState, type RichInstall } from '../support/fixtures.js';
import { backUpInto, runCli } from '../support/run-cli.js';
import { standInApp, type StandInApp } from '../support/stand-in-app.js';
import { tamperedCopy } from '../support/damaged-sets.js';

// `restore --stop-app`: nbbackup stops the running app first. When the restore then does not go
// through (preflight refuses, a step fails and is rolled back), the app it stopped runs again.
// The install's own CLI is a stand-in (test/support/stand-in-app.ts).

const pg = inject('pg');
const maria = inject('maria');
let a: RichInstall;
let b: RichInstall;
let set: string;
let app: StandInApp;

beforeAll(async () => {
  a = await buildRichInstall(pg, maria);
  b = await buildRichInstall(pg, maria, 'create table leftover (id int);');
  set = await backUpInto(a.dir, 'all');
  app = await standInApp(b.dir);
});
afterAll(async () => {
  app?.stop();
  await a?.cleanup();
  await b?.cleanup();
});

describe('restore --stop-app', () => {
  it('starts the app it stopped again when preflight refuses', async () => {
    await app.start();
    const tampered = tamperedCopy(set);
    const before = await richState(pg, maria, b);
    const result = await runCli(['restore', tampered, '--to', b.dir, '--yes', '--stop-app', '--no-upgrade', '--no-snapshot', '--json']);
    expect(result.exitCode, String(result.stderr)).toBe(3);
    const report = JSON.parse(String(result.stdout));
    expect(report.started).toEqual({ ok: true, detail: `started; NocoBase answers its health check on port ${app.port}` });
    expect(report.notes).toContain('the app nbbackup stopped runs again');
    expect(String(result.stderr)).toMatch(/app stop: stopped with nocobase pm2 kill[\s\S]*app start: started/);
    expect(await app.running()).toBe(true);
    expect(await richState(pg, maria, b)).toEqual(before);
  });
});
