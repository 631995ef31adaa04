import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const one = (text: unknown) => String(text).trim().split('\n');

describe('the command line, asked wrongly', () => {
  it('prints its version', async () => {
    const { version } = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8'));
    const result = await runCli(['--version']);
    expect(result.exitCode).toBe(0);
    expect(String(result.stdout).trim()).toBe(version);
  });

  it('names an unknown or valueless option in its own words, pointing at the command help (exit 2)', async () => {
    const unknown = await runCli(['backup', '--bogus']);
    expect(unknown.exitCode).toBe(2);
    expect(one(unknown.stderr)).toEqual(['nbbackup: backup: unknown option --bogus', '  hint: see nbbackup backup --help']);
    const valueless = await runCli(['backup', '--out']);
    expect(one(valueless.stderr)[0]).toBe('nbbackup: backup: --out needs a value');
    const flagWithValue = await runCli(['scan', '--json=yes']);
    expect(one(flagWithValue.stderr)[0]).toBe('nbbackup: scan: --json takes no value');
  });

  it('says a set that is not there does not exist, rather than blaming an interrupted backup', async () => {
    const missing = await runCli(['verify', '/nonexistent/set']);
    expect(missing.exitCode).toBe(1);
    expect(one(missing.stderr)[0]).toBe('nbbackup: /nonexistent/set does not exist');
    const file = await runCli(['verify', '/etc/hostname']);
    expect(one(file.stderr)[0]).toBe('nbbackup: /etc/hostname is a file, not a backup set folder');
  });

  it('fails a scan whose named folders all do not exist (exit 2)', async () => {
    const result = await runCli(['scan', '/nonexistent/a', '/nonexistent/b']);
    expect(result.exitCode).toBe(2);
    expect(one(result.stderr)[0]).toBe('nbbackup: /nonexistent/a, /nonexistent/b: no such folder');
  });

  it('ends at once with the reason when the backup folder cannot be made (a recursive mkdir under /proc spins forever in Node)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nbtest-proc-'));
    mkdirSync(path.join(dir, 'storage/uploads'), { recursive: true });
    writeFileSync(path.join(dir, 'storage/uploads/a.txt'), 'a');
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', dependencies: { '@nocobase/app': '2.1.3' } }));
    writeFileSync(path.join(dir, '.env'), 'DB_DIALECT=sqlite\n');
    const result = await runCli(['backup', '--install', dir, '--items', 'storage', '--out', '/proc/nope/sets'], { timeout: 30_000 });
    expect(result.timedOut).toBe(false);
    expect(result.exitCode).toBe(1);
    expect(one(result.stderr)[0]).toBe('nbbackup: cannot make the backup folder /proc/nope/sets (nothing can be made there)');
  });
});
