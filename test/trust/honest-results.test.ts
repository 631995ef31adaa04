import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ToolFinder } from '../../source/core/process/tool-finder.js';
import { feedDump } from '../../source/core/stream/feed-dump.js';
import { closedPort } from '../support/child-env.js';
import { buildRichInstall, type RichInstall } from '../support/fixtures.js';
import { pgAdmin } from '../support/pg-server.js';
import { runCli } from '../support/run-cli.js';
import { HARD_PASSWORD } from '../support/secrets.js';

const pg = inject('pg');
const maria = inject('maria');
let rich: RichInstall;

beforeAll(async () => {
  rich = await buildRichInstall(pg, maria);
  // A data source whose server is down: it exists, so a backup that asks for it must fail.
  const options = JSON.stringify({ host: '127.0.0.1', port: closedPort(), database: 'reports', username: rich.user, password: HARD_PASSWORD });
  await pgAdmin(pg, `insert into "dataSources" (key, "displayName", type, options, enabled) values ('gone', 'Reports', 'postgres', '${options.replace(/'/g, "''")}', true)`, rich.pgDb);
});
afterAll(async () => {
  await rich?.cleanup();
});

describe('an incomplete backup says so everywhere', () => {
  it('backup --all fails (exit 1) naming the database it could not dump; list, verify and restore say what is missing', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'nbtest-incomplete-'));
    const backup = await runCli(['backup', '--install', rich.dir, '--all', '--out', out]);
    expect(backup.exitCode).toBe(1);
    expect(String(backup.stderr)).toMatch(/\[external:gone\] FAILED  unreachable: no answer from 127\.0\.0\.1:\d+/);
    const set = String(backup.stdout).trim();
    const list = await runCli(['list', out]);
    expect(String(list.stdout)).toContain('INCOMPLETE: external:gone failed');
    expect(JSON.parse(String((await runCli(['list', out, '--json'])).stdout)).sets[0]).toMatchObject({ complete: false, failed: ['external:gone'] });
    const verify = await runCli(['verify', set]);
    expect(verify.exitCode).toBe(1);
    expect(String(verify.stdout)).toMatch(/✖ external:gone {2}not in the set: it failed at backup[\s\S]*set INCOMPLETE/);
    const restore = await runCli(['restore', set, '--to', rich.dir, '--yes', '--no-upgrade', '--no-snapshot', '--json']);
    expect(restore.exitCode, String(restore.stderr)).toBe(0);
    expect(JSON.parse(String(restore.stdout)).skipped).toContainEqual({ id: 'external:gone', reason: expect.stringMatching(/^not in this set: failed at backup/) });
  });

  it('--exclude leaves it out on purpose (exit 0)', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'nbtest-exclude-'));
    const backup = await runCli(['backup', '--install', rich.dir, '--all', '--exclude', 'external:gone', '--out', out, '--json']);
    expect(backup.exitCode, String(backup.stderr)).toBe(0);
    expect(JSON.parse(String(backup.stdout)).items.map((i: { id: string }) => i.id)).not.toContain('external:gone');
    expect((await runCli(['backup', '--install', rich.dir, '--all', '--exclude', 'nope', '--out', out])).exitCode).toBe(2);
  });

  it('leaves no set at all when nothing asked could be written', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'nbtest-nothing-'));
    const backup = await runCli(['backup', '--install', rich.dir, '--items', 'external:gone', '--out', out, '--json']);
    expect(backup.exitCode).toBe(1);
    expect(JSON.parse(String(backup.stdout))).toMatchObject({ set: null, items: [{ id: 'external:gone', status: 'failed' }] });
    expect(readdirSync(out)).toEqual([]);
  });

  it.runIf(process.getuid?.() === 0)('says a full disk in one line: the device, its free space and what was needed, and leaves no set', async () => {
    const small = mkdtempSync(path.join(os.tmpdir(), 'nbtest-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'nbtest-full', small]);
    try {
      writeFileSync(path.join(rich.dir, 'storage/uploads/big.bin'), Buffer.alloc(2_000_000, 1).map((_, i) => (i * 2654435761) % 251));
      const backup = await runCli(['backup', '--install', rich.dir, '--items', 'storage:uploads', '--out', small, '--compress', 'none']);
      expect(backup.exitCode).toBe(1);
      expect(String(backup.stderr)).toMatch(/the disk is full: nbtest-full \(mounted on .*nbtest-full-\w+, [\d.]+ k?B free\); about [\d.]+ MB more is needed for storage--uploads\.tar/);
      expect(String(backup.stderr)).not.toMatch(/ENOSPC|\n\s+at /);
      expect(readdirSync(small)).toEqual([]);
    } finally {
      execFileSync('umount', [small]);
    }
  });
});

describe('what a tool says is kept bounded', () => {
  it('keeps the last 64 KiB of a tool that writes without end on stderr', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nbtest-noisy-'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'dump'), 'x');
    const before = process.memoryUsage().rss;
    // 200 MB of error text, as a crafted dump could make a restore tool print.
    const result = await feedDump(path.join(dir, 'dump'), 'none', 'bash', ['-c', 'head -c 200000000 /dev/zero | tr "\\0" "e" >&2; exit 3'], new ToolFinder());
    expect(result.exitCode).toBe(3);
    expect(result.stderr.length).toBe(64 * 1024);
    expect(process.memoryUsage().rss - before).toBeLessThan(150_000_000);
  });
});
