import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, readdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { snapshot } from '../support/tree-snapshot.js';

describe('storage archives', () => {
  it('keep bytes, modes, nanosecond mtimes and symlinks as links, never following them out of the tree', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nbtest-storage-'));
    const outside = mkdtempSync(path.join(os.tmpdir(), 'nbtest-outside-'));
    writeFileSync(path.join(outside, 'secret.txt'), 'must not be archived');
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', dependencies: { '@nocobase/cli': '1.9.0' } }));
    writeFileSync(path.join(dir, '.env'), 'DB_DIALECT=sqlite\n');
    const uploads = path.join(dir, 'storage/uploads');
    mkdirSync(path.join(uploads, 'deep/er'), { recursive: true });
    writeFileSync(path.join(uploads, 'deep/er/photo.jpg'), Buffer.from([0, 1, 2, 255]));
    writeFileSync(path.join(uploads, 'script.sh'), '#!/bin/sh\n');
    chmodSync(path.join(uploads, 'script.sh'), 0o750);
    writeFileSync(path.join(uploads, 'name with spaces & ünïcode.txt'), 'x');
    symlinkSync('deep/er/photo.jpg', path.join(uploads, 'alias.jpg'));
    symlinkSync(outside, path.join(uploads, 'escape'));
    utimesSync(path.join(uploads, 'deep/er/photo.jpg'), 1700000000.123456, 1700000000.123456);

    const out = mkdtempSync(path.join(os.tmpdir(), 'nbtest-storage-sets-'));
    const result = await runCli(['backup', '--install', dir, '--items', 'storage:uploads', '--out', out, '--json']);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const set = JSON.parse(String(result.stdout)).set;
    const restored = mkdtempSync(path.join(os.tmpdir(), 'nbtest-storage-restored-'));
    await execa('tar', ['--zstd', '-xpf', path.join(set, 'storage--uploads.tar.zst'), '-C', restored]);
    expect(snapshot(path.join(restored, 'uploads'))).toEqual(snapshot(uploads));
    expect(readlinkSync(path.join(restored, 'uploads/escape'))).toBe(outside);
    const listing = (await execa('tar', ['--zstd', '-tf', path.join(set, 'storage--uploads.tar.zst')])).stdout;
    expect(listing).not.toContain('secret.txt');
  });
});

describe('app keys', () => {
  it('travel with every set, even a key file kept outside storage', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nbtest-keys-'));
    const keyDir = mkdtempSync(path.join(os.tmpdir(), 'nbtest-keyfile-'));
    writeFileSync(path.join(keyDir, 'nocobase.key'), Buffer.alloc(32, 9));
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', dependencies: { '@nocobase/cli': '1.9.0' } }));
    writeFileSync(path.join(dir, '.env'), `DB_DIALECT=sqlite\nAPP_AES_SECRET_KEY_PATH=${path.join(keyDir, 'nocobase.key')}\n`);
    mkdirSync(path.join(dir, 'storage/apps/main'), { recursive: true });
    mkdirSync(path.join(dir, 'storage/uploads'), { recursive: true });
    writeFileSync(path.join(dir, 'storage/apps/main/jwt_secret.dat'), 'jwt');
    const out = mkdtempSync(path.join(os.tmpdir(), 'nbtest-keys-sets-'));
    const result = await runCli(['backup', '--install', dir, '--items', 'storage:uploads', '--out', out, '--json']);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const set = JSON.parse(String(result.stdout)).set;
    const manifest = JSON.parse(readFileSync(path.join(set, 'manifest.json'), 'utf8'));
    expect(manifest.items.find((i: { id: string }) => i.id === 'keys')).toMatchObject({ files: ['apps/main/jwt_secret.dat'], externalFiles: [{ name: 'nocobase.key', path: path.join(keyDir, 'nocobase.key') }] });
    const listing = (await execa('tar', ['--zstd', '-tf', path.join(set, 'keys.tar.zst')])).stdout.split('\n');
    expect(listing).toEqual(['apps/main/jwt_secret.dat', 'nocobase.key']);
  });
});

describe('every compression', () => {
  it.each(['none', 'gzip', 'zstd'])('%s: writes a set that verifies, and a damaged one that does not', async (compression) => {
    const { cpSync } = await import('node:fs');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nbtest-comp-'));
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', dependencies: { '@nocobase/cli': '1.9.0' } }));
    writeFileSync(path.join(dir, '.env'), 'DB_DIALECT=sqlite\n');
    mkdirSync(path.join(dir, 'storage/uploads'), { recursive: true });
    writeFileSync(path.join(dir, 'storage/uploads/a.bin'), Buffer.alloc(200_000, 3));
    const out = mkdtempSync(path.join(os.tmpdir(), 'nbtest-comp-sets-'));
    const result = await runCli(['backup', '--install', dir, '--items', 'storage:uploads', '--compress', compression, '--out', out, '--json']);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const set = JSON.parse(String(result.stdout)).set;
    const file = `storage--uploads.tar${{ none: '', gzip: '.gz', zstd: '.zst' }[compression]}`;
    expect(readdirSync(set)).toContain(file);
    expect((await runCli(['verify', set])).exitCode).toBe(0);
    const copy = mkdtempSync(path.join(os.tmpdir(), 'nbtest-comp-bad-'));
    cpSync(set, copy, { recursive: true });
    const bytes = readFileSync(path.join(copy, file));
    bytes[bytes.length - 10] ^= 0xff;
    writeFileSync(path.join(copy, file), bytes);
    const bad = await runCli(['verify', copy]);
    expect(bad.exitCode).toBe(1);
    expect(String(bad.stdout)).toContain(`✖ storage:uploads  ${file} does not match the manifest`);
  });
});
