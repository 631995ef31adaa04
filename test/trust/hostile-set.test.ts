import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closedPort } from '../support/child-env.js';
import { buildRichInstall, type RichInstall } from '../support/fixtures.js';
import { runCli } from '../support/run-cli.js';
import { snapshot } from '../support/tree-snapshot.js';

const pg = inject('pg');
const maria = inject('maria');
const asRoot = process.getuid?.() === 0;
let a: RichInstall;
let b: RichInstall;
let set: string;

type Manifest = { items: Record<string, unknown>[] } & Record<string, unknown>;

/** A copy of the set with its manifest edited as an attacker would. */
function tampered(edit: (m: Manifest) => void): string {
  const copy = mkdtempSync(path.join(os.tmpdir(), 'nbtest-tampered-'));
  cpSync(set, copy, { recursive: true });
  const file = path.join(copy, 'manifest.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  edit(manifest);
  writeFileSync(file, JSON.stringify(manifest));
  return copy;
}

const entry = (m: Manifest, id: string) => m.items.find((i) => i.id === id) as Record<string, unknown>;

/** A copy of the set whose uploads archive is `tarFile`, with a manifest that vouches for it. */
function withUploadsArchive(tarFile: string): string {
  const bytes = readFileSync(tarFile);
  const copy = tampered((m) => {
    Object.assign(entry(m, 'storage:uploads'), { file: 'storage--uploads.tar', compression: 'none', bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
  });
  writeFileSync(path.join(copy, 'storage--uploads.tar'), bytes);
  return copy;
}

/** GNU tar of an `uploads/` folder the test lays out, as a crafted set would carry it. */
async function craftedUploads(lay: (uploads: string) => unknown): Promise<string> {
  const staging = mkdtempSync(path.join(os.tmpdir(), 'nbtest-craft-'));
  mkdirSync(path.join(staging, 'uploads'));
  writeFileSync(path.join(staging, 'uploads/ok.txt'), 'fine');
  await lay(path.join(staging, 'uploads'));
  const file = path.join(staging, 'storage--uploads.tar');
  await execa('tar', ['--create', '--format=posix', '--numeric-owner', `--file=${file}`, `--directory=${staging}`, 'uploads']);
  return file;
}

async function restore(setDir: string, extra: string[] = []) {
  return runCli(['restore', setDir, '--to', b.dir, '--yes', '--no-upgrade', '--no-snapshot', '--json', ...extra]);
}

/** Work folders or kept-aside copies a restore left beside storage. */
const leftovers = () => readdirSync(b.dir).filter((n) => n.startsWith('.nbrestore-') || n.startsWith('storage-bak-'));

beforeAll(async () => {
  a = await buildRichInstall(pg, maria);
  b = await buildRichInstall(pg, maria);
  const out = mkdtempSync(path.join(os.tmpdir(), 'nbtest-hostile-'));
  const backup = await runCli(['backup', '--install', a.dir, '--items', 'main,storage:uploads,storage:apps', '--out', out, '--json']);
  expect(backup.exitCode, String(backup.stderr)).toBe(0);
  set = JSON.parse(String(backup.stdout)).set;
});
afterAll(async () => {
  await a?.cleanup();
  await b?.cleanup();
});

describe('a hostile backup set', () => {
  it.each([
    ['a storage part outside storage', (m: Manifest) => Object.assign(entry(m, 'storage:uploads'), { storagePath: '../../VICTIM' })],
    ['a key file outside storage', (m: Manifest) => Object.assign(entry(m, 'keys'), { files: ['../../VICTIM/f'] })],
    ['a set file outside the set', (m: Manifest) => Object.assign(entry(m, 'main'), { file: '../outside.txt' })],
    ['an item id that is not one', (m: Manifest) => Object.assign(entry(m, 'main'), { id: '../../VICTIM' })],
  ])('naming %s is refused before anything is read or written', async (_what, edit) => {
    const victim = path.join(path.dirname(b.dir), `VICTIM-${randomBytes(4).toString('hex')}`);
    mkdirSync(victim);
    writeFileSync(path.join(victim, 'f'), 'keep me');
    const bad = tampered((m) => {
      edit(m);
      for (const i of m.items) for (const k of ['storagePath', 'file', 'id']) if (typeof i[k] === 'string') i[k] = (i[k] as string).replace('VICTIM', path.basename(victim));
      const keys = entry(m, 'keys');
      if (Array.isArray(keys?.files)) keys.files = (keys.files as string[]).map((f) => f.replace('VICTIM', path.basename(victim)));
    });
    const storageBefore = snapshot(path.join(b.dir, 'storage'));
    for (const args of [['verify', bad], ['restore', bad, '--to', b.dir, '--yes', '--no-upgrade', '--json']]) {
      const result = await runCli(args);
      expect(result.exitCode, args[0]).toBe(1);
      expect(String(result.stderr)).toMatch(/manifest\.json is not a manifest nbbackup can trust \(items\.\d+\.(storagePath|files\.0|file|id): /);
      expect(String(result.stderr)).not.toMatch(/\n\s+at /);
    }
    expect(readFileSync(path.join(victim, 'f'), 'utf8')).toBe('keep me');
    expect(snapshot(path.join(b.dir, 'storage'))).toEqual(storageBefore);
    expect(leftovers()).toEqual([]);
  });

  it.runIf(asRoot).each([
    ['a named pipe', (u: string) => execa('mkfifo', [path.join(u, 'pipe')])],
    ['a device node', (u: string) => execa('mknod', [path.join(u, 'null'), 'c', '1', '3'])],
    ['an absolute link', (u: string) => symlinkSync('/etc/passwd', path.join(u, 'passwd'))],
    ['a link out of the folder', (u: string) => symlinkSync('../../../../etc', path.join(u, 'etc'))],
    ['a link that climbs through another link', (u: string) => { symlinkSync('.', path.join(u, 's0')); symlinkSync('s0/../..', path.join(u, 'leak')); }],
  ])('an archive holding %s is refused, and storage is as it was', async (what, lay) => {
    const bad = withUploadsArchive(await craftedUploads(lay));
    const before = snapshot(path.join(b.dir, 'storage'));
    const result = await restore(bad, ['--items', 'storage:uploads']);
    expect(result.exitCode, String(result.stderr)).toBe(1);
    const report = JSON.parse(String(result.stdout));
    expect(report.reason, what).toMatch(/the set's archive is not safe to restore: uploads\/\w+ (is a device, pipe or socket|links outside the folder being restored)/);
    expect(report.notes).toEqual(['nothing was changed on the target']);
    expect(snapshot(path.join(b.dir, 'storage'))).toEqual(before);
    expect(leftovers()).toEqual([]);
  });

  it.runIf(asRoot)('restores no setuid bits and no owners from the archive: files belong to the storage folder’s owner', async () => {
    const bad = withUploadsArchive(
      await craftedUploads((u) => {
        writeFileSync(path.join(u, 'tool'), '#!/bin/sh\n');
        chmodSync(path.join(u, 'tool'), 0o6755);
        chownSync(path.join(u, 'tool'), 4321, 4321);
        symlinkSync('ok.txt', path.join(u, 'inside-link'));
      }),
    );
    const result = await restore(bad, ['--items', 'storage:uploads']);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const tool = statSync(path.join(b.dir, 'storage/uploads/tool'));
    const owner = statSync(path.join(b.dir, 'storage'));
    expect((tool.mode & 0o7777).toString(8)).toBe('755');
    expect([tool.uid, tool.gid]).toEqual([owner.uid, owner.gid]);
    expect(lstatSync(path.join(b.dir, 'storage/uploads/inside-link')).isSymbolicLink()).toBe(true);
  });

  it('is never unpacked through a link planted where the work folder goes: preflight stops first', async () => {
    const victim = mkdtempSync(path.join(os.tmpdir(), 'nbtest-planted-'));
    const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
    const planted = ['.nbrestore-', `.nbrestore-${stamp}`].map((name) => path.join(b.dir, name));
    for (const link of planted) symlinkSync(victim, link);
    try {
      const result = await restore(set);
      expect(result.exitCode, String(result.stderr)).toBe(3);
      expect(JSON.parse(String(result.stdout)).preflight).toContainEqual(expect.objectContaining({ id: 'earlier-restore', ok: false, detail: expect.stringContaining(planted[0]) }));
      expect(readdirSync(victim)).toEqual([]);
    } finally {
      for (const link of planted) rmSync(link);
    }
  });
});

describe('restore asks plainly', () => {
  it('names the ids a set has when asked for one it does not (exit 2)', async () => {
    const result = await restore(set, ['--items', 'main,nope']);
    expect(result.exitCode).toBe(2);
    expect(String(result.stderr)).toContain('unknown item nope');
    expect(String(result.stderr)).toMatch(/hint: items of this set: (main|storage:uploads|storage:apps)(, (main|storage:uploads|storage:apps)){2}$/);
  });

  it('leaves key files a restored storage part brought exactly as that part restored them', async () => {
    const result = await restore(set, ['--items', 'main,storage:apps']);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(snapshot(path.join(b.dir, 'storage/apps'))).toEqual(snapshot(path.join(a.dir, 'storage/apps')));
  });

  it('backs up storage and its own parts as one restorable set', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'nbtest-both-'));
    const backup = await runCli(['backup', '--install', a.dir, '--items', 'storage,storage:uploads', '--out', out, '--json']);
    expect(backup.exitCode, String(backup.stderr)).toBe(0);
    const report = JSON.parse(String(backup.stdout));
    expect(report.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'storage', status: 'ok' }), { id: 'storage:uploads', status: 'skipped', reason: 'inside the whole storage folder, which is backed up' }]));
    const result = await restore(report.set);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(snapshot(path.join(b.dir, 'storage/uploads'))).toEqual(snapshot(path.join(a.dir, 'storage/uploads')));
  });
});

describe('a SQLite sub-app row naming a file outside the install', () => {
  it('is backed up, but its file is never replaced by a restore', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nbtest-sqlite-evil-'));
    const victim = path.join(mkdtempSync(path.join(os.tmpdir(), 'nbtest-victim-')), 'precious.sqlite');
    mkdirSync(path.join(dir, 'storage/db'), { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'dev', dependencies: { '@nocobase/app': '2.1.3' } }));
    writeFileSync(path.join(dir, '.env'), `DB_DIALECT=sqlite\nAPP_PORT=${closedPort()}\n`);
    const { nocobaseSchemaSql } = await import('../support/nocobase-schema.js');
    await execa('sqlite3', [path.join(dir, 'storage/db/nocobase.sqlite')], { input: nocobaseSchemaSql('postgres', {}, { version: '2.1.3', applications: [{ name: 'evil', options: { database: { storage: victim } } }] }) });
    await execa('sqlite3', [victim], { input: 'create table t (x text); insert into t values (\'mine\');' });
    const out = mkdtempSync(path.join(os.tmpdir(), 'nbtest-evil-sets-'));
    const backup = await runCli(['backup', '--install', dir, '--items', 'main,subapp:evil', '--out', out, '--json']);
    expect(backup.exitCode, String(backup.stderr)).toBe(0);
    await execa('sqlite3', [victim, "update t set x = 'changed after the backup'"]);
    const before = readFileSync(victim);
    const result = await runCli(['restore', JSON.parse(String(backup.stdout)).set, '--to', dir, '--yes', '--no-upgrade', '--no-snapshot', '--json']);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(JSON.parse(String(result.stdout)).skipped).toEqual([{ id: 'subapp:evil', reason: expect.stringContaining("is outside the install's storage") }]);
    expect(readFileSync(victim).equals(before)).toBe(true);
    expect(existsSync(`${victim}.nbold-`)).toBe(false);
  });
});
