import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashFile, readManifest, writeManifest } from '../../source/core/set/backup-set.js';
import { backupFolder, makeSet } from '../support/made-sets.js';
import { processesMentioning } from '../support/processes.js';
import { runCli } from '../support/run-cli.js';
import { startSshd, type SshdServer } from '../support/sshd-server.js';
import { waitFor } from '../support/wait-for.js';

/** Each test has its own state folder (copy records) and its own far folder. */
function world() {
  const state = mkdtempSync(path.join(os.tmpdir(), 'nbtest-copy-state-'));
  const far = path.join(mkdtempSync(path.join(os.tmpdir(), 'nbtest-copy-far-')), 'off site');
  const cli = (args: readonly string[]) => runCli(args, { env: { NBBACKUP_STATE_DIR: state } });
  return { state, far, cli };
}

/** name → bytes of every file in a folder. */
function contents(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(path.join(dir, f)).toString('base64')]));
}

describe('nbbackup copy to a folder', () => {
  it('copies a set byte for byte, private, listed and verifiable there; a second copy finds it already there', async () => {
    const { far, cli, state } = world();
    const set = await makeSet(backupFolder(), { install: 'app', at: '2026-11-20T02:00:00Z' });
    const copied = await cli(['copy', set, '--to', far, '--json']);
    expect(copied.exitCode, String(copied.stderr)).toBe(0);
    const report = JSON.parse(String(copied.stdout));
    const name = path.basename(set);
    expect(report.copies).toEqual([expect.objectContaining({ to: far, ok: true, name, alreadyThere: false })]);
    const there = path.join(far, name);
    expect(contents(there)).toEqual(contents(set));
    expect(statSync(there).mode & 0o777).toBe(0o700);
    for (const f of readdirSync(there)) expect(statSync(path.join(there, f)).mode & 0o777, f).toBe(0o600);
    expect(readdirSync(far)).toEqual([name]);
    expect((await cli(['verify', there])).exitCode).toBe(0);

    const again = await cli(['copy', set, '--to', far]);
    expect(again.exitCode).toBe(0);
    expect(String(again.stdout)).toContain(`already there: ${name}`);
    // The copy is remembered for the sets browser, under the destination as typed.
    const records = JSON.parse(readFileSync(path.join(state, 'copies.json'), 'utf8')).records;
    expect(records).toEqual([expect.objectContaining({ set, to: far, state: 'copied' })]);
  });

  it('goes on from a copy that stopped half-way, and sends again a half-copy whose bytes are wrong', async () => {
    const { far, cli } = world();
    const set = await makeSet(backupFolder(), { install: 'app', at: '2026-11-20T02:00:00Z' });
    const name = path.basename(set);
    const file = 'storage--uploads.tar';
    const whole = readFileSync(path.join(set, file));
    const partial = path.join(far, `.${name}.partial`);
    mkdirSync(partial, { recursive: true });
    writeFileSync(path.join(partial, file), whole.subarray(0, 4096));
    const resumed = await cli(['copy', set, '--to', far, '--json']);
    expect(resumed.exitCode, String(resumed.stderr)).toBe(0);
    expect(JSON.parse(String(resumed.stdout)).copies[0].files).toContainEqual({ name: file, bytes: whole.length, resumedFrom: 4096 });
    expect(contents(path.join(far, name))).toEqual(contents(set));

    // A kept prefix that is not the file's own bytes: found by the far-end hash, sent whole once more.
    const far2 = path.join(path.dirname(far), 'second');
    mkdirSync(path.join(far2, `.${name}.partial`), { recursive: true });
    writeFileSync(path.join(far2, `.${name}.partial`, file), Buffer.alloc(4096, 7));
    const resent = await cli(['copy', set, '--to', far2]);
    expect(resent.exitCode, String(resent.stderr)).toBe(0);
    expect(contents(path.join(far2, name))).toEqual(contents(set));
  });

  it('refuses a damaged set before sending anything, and leaves no set at the far end', async () => {
    const { far, cli } = world();
    const damaged = await makeSet(backupFolder(), { install: 'app', at: '2026-11-20T02:00:00Z', damaged: true });
    const result = await cli(['copy', damaged, '--to', far]);
    expect(result.exitCode).toBe(1);
    expect(String(result.stdout)).toMatch(/storage--uploads\.tar is \d+ bytes; its manifest says \d+/);
    expect(existsSync(path.join(far, path.basename(damaged)))).toBe(false);

    // Same size, other bytes: the far end's hash catches it, and the set never appears there.
    const flipped = await makeSet(backupFolder(), { install: 'app', at: '2026-11-21T02:00:00Z' });
    const tar = path.join(flipped, 'storage--uploads.tar');
    const bytes = readFileSync(tar);
    bytes[100] ^= 0xff;
    writeFileSync(tar, bytes);
    const caught = await cli(['copy', flipped, '--to', far]);
    expect(caught.exitCode).toBe(1);
    expect(String(caught.stdout)).toContain('does not match the sha256 its manifest records');
    expect(readdirSync(far).filter((n) => !n.startsWith('.'))).toEqual([]);
  });

  it('will not put a set over a different set of the same name', async () => {
    const { far, cli } = world();
    const set = await makeSet(backupFolder(), { install: 'app', at: '2026-11-20T02:00:00Z' });
    const other = await makeSet(backupFolder(), { install: 'app', at: '2026-11-20T02:00:00Z', version: '2.0.0' });
    expect((await cli(['copy', other, '--to', far])).exitCode).toBe(0);
    const result = await cli(['copy', set, '--to', far]);
    expect(result.exitCode).toBe(1);
    expect(String(result.stdout)).toContain('already holds a different set named');
    expect(contents(path.join(far, path.basename(set)))).toEqual(contents(other));
  });

  it('reads every destination as data: an ssh option, a bad bucket or a control character is a usage error before anything is sent', async () => {
    const { far, cli } = world();
    const set = await makeSet(backupFolder(), { install: 'app', at: '2026-11-20T02:00:00Z' });
    for (const to of ['-oProxyCommand=touch${IFS}/tmp/nb-pwned:x', 'bad host:x', 's3://UPPER/x', 's3://b/../x', `${far}\nrm`, 'backup:Hunter2pw@vault:/srv', 'ssh://u:Hunter2pw@vault/x', 's3://KEY:Hunter2pw@bucket/x']) {
      const result = await cli(['copy', set, '--to', far, '--to', to]);
      expect(result.exitCode, to).toBe(2);
      expect(String(result.stderr).trim().split('\n').length, to).toBeLessThanOrEqual(2);
      // A password typed into a destination is never repeated back.
      expect(String(result.stderr), to).not.toContain('Hunter2pw');
    }
    // The good first destination got nothing either: every destination is read before the first byte goes.
    expect(existsSync(far)).toBe(false);
    expect(existsSync('/tmp/nb-pwned')).toBe(false);
  });

  it('a set missing a file it lists is refused with the file named', async () => {
    const { far, cli } = world();
    const set = await makeSet(backupFolder(), { install: 'app', at: '2026-11-20T02:00:00Z' });
    truncateSync(path.join(set, 'storage--uploads.tar'), 0);
    const result = await cli(['copy', set, '--to', far, '--json']);
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(String(result.stdout)).copies[0]).toMatchObject({ ok: false, error: expect.stringContaining('storage--uploads.tar is 0 bytes') });
  });
});

/** A set whose one file is `mb` MB of random bytes (nothing compresses it on the way). */
async function bigSet(mb: number): Promise<string> {
  const set = await makeSet(backupFolder(), { install: 'big', at: '2026-11-22T02:00:00Z' });
  const file = path.join(set, 'storage--uploads.tar');
  writeFileSync(file, randomBytes(mb * 1024 * 1024), { mode: 0o600 });
  const manifest = await readManifest(set);
  const { sha256, bytes } = await hashFile(file);
  await writeManifest(set, { ...manifest, items: manifest.items.map((i) => ({ ...i, sha256, bytes })) });
  return set;
}

/** ssh with its standard input passed on at about 20 MB/s: a stand-in for a slow link. */
function slowSsh(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nbtest-slowssh-'));
  const throttle = path.join(dir, 'throttle.mjs');
  writeFileSync(throttle, `import { setTimeout as sleep } from 'node:timers/promises';
for await (const chunk of process.stdin) { process.stdout.write(chunk); await sleep(chunk.length / 20000); }
`);
  const wrapper = path.join(dir, 'slow-ssh');
  writeFileSync(wrapper, `#!/bin/bash\nset -o pipefail\n${JSON.stringify(process.execPath)} ${JSON.stringify(throttle)} | ssh "$@"\n`, { mode: 0o755 });
  return wrapper;
}

describe('what a copy to a folder does not trust', () => {
  it('an empty file travels too; a fifo as the manifest is refused at once, never waited on', async () => {
    const { far, cli } = world();
    const set = await makeSet(backupFolder(), { install: 'app', at: '2026-11-20T02:00:00Z' });
    const file = path.join(set, 'storage--uploads.tar');
    writeFileSync(file, '');
    const manifest = await readManifest(set);
    const { sha256, bytes } = await hashFile(file);
    await writeManifest(set, { ...manifest, items: manifest.items.map((i) => ({ ...i, sha256, bytes })) });
    const copied = await cli(['copy', set, '--to', far]);
    expect(copied.exitCode, String(copied.stdout)).toBe(0);
    expect(contents(path.join(far, path.basename(set)))).toEqual(contents(set));

    const fifo = await makeSet(backupFolder(), { install: 'app', at: '2026-11-21T02:00:00Z' });
    rmSync(path.join(fifo, 'manifest.json'));
    execFileSync('mkfifo', [path.join(fifo, 'manifest.json')]);
    const refused = await cli(['copy', fifo, '--to', far]);
    expect(refused.exitCode).toBe(1);
    expect(String(refused.stdout)).toContain('manifest.json is not a plain file');
  });

  it('a copy there that rotted is found by the next copy, not taken as already there', async () => {
    const { far, cli } = world();
    const set = await makeSet(backupFolder(), { install: 'app', at: '2026-11-20T02:00:00Z' });
    expect((await cli(['copy', set, '--to', far])).exitCode).toBe(0);
    const there = path.join(far, path.basename(set), 'storage--uploads.tar');
    const bytes = readFileSync(there);
    bytes[10] ^= 0xff;
    writeFileSync(there, bytes);
    const again = await cli(['copy', set, '--to', far]);
    expect(again.exitCode).toBe(1);
    expect(String(again.stdout)).toContain(`holds ${path.basename(set)}, but its storage--uploads.tar differs from this set`);
  });

  it('a half-copy folder that others may write in (a shared share) is refused, not written through', async () => {
    const { far, cli } = world();
    const set = await makeSet(backupFolder(), { install: 'app', at: '2026-11-20T02:00:00Z' });
    const partial = path.join(far, `.${path.basename(set)}.partial`);
    mkdirSync(partial, { recursive: true });
    chmodSync(partial, 0o777);
    const victim = path.join(path.dirname(far), 'victim');
    writeFileSync(victim, 'precious');
    symlinkSync(victim, path.join(partial, 'storage--uploads.tar'));
    const result = await cli(['copy', set, '--to', far]);
    expect(result.exitCode).toBe(1);
    expect(String(result.stdout)).toContain('belongs to another user or others may write in it');
    expect(readFileSync(victim, 'utf8')).toBe('precious');
  });
});

describe('nbbackup copy over SSH', () => {
  let sshd: SshdServer;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => sshd?.close());

  it('copies through the ssh command NBBACKUP_SSH names; Ctrl+C stops it with no ssh left, and the next copy goes on from there', async () => {
    const state = mkdtempSync(path.join(os.tmpdir(), 'nbtest-copy-state-'));
    const far = path.join(mkdtempSync(path.join(os.tmpdir(), 'nbtest-copy-ssh-')), 'sets');
    // The upload is held to about 20 MB/s, so Ctrl+C lands mid-file however fast the machine is.
    const env = { NBBACKUP_STATE_DIR: state, NBBACKUP_SSH: [slowSsh(), ...sshd.sshCommand.slice(1)].join(' ') };
    const set = await bigSet(40);
    const name = path.basename(set);
    const partial = path.join(far, `.${name}.partial`, 'storage--uploads.tar');
    const child = runCli(['copy', set, '--to', `127.0.0.1:${far}`], { env });
    await waitFor(() => existsSync(partial) && statSync(partial).size > 0, { what: 'the first bytes at the far end' });
    child.kill('SIGINT');
    const stopped = await child;
    expect(stopped.exitCode).toBe(130);
    expect(existsSync(path.join(far, name))).toBe(false);
    await waitFor(() => processesMentioning(sshd.sshCommand[2]).length === 0, { what: 'no ssh of the copy left' });
    const kept = statSync(partial).size;
    expect(kept).toBeLessThan(40 * 1024 * 1024);
    const records = JSON.parse(readFileSync(path.join(state, 'copies.json'), 'utf8')).records;
    expect(records).toEqual([expect.objectContaining({ set, to: `127.0.0.1:${far}`, state: 'partial' })]);

    const resumed = await runCli(['copy', set, '--to', `127.0.0.1:${far}`, '--json'], { env });
    expect(resumed.exitCode, String(resumed.stderr)).toBe(0);
    const file = JSON.parse(String(resumed.stdout)).copies[0].files.find((f: { name: string }) => f.name === 'storage--uploads.tar');
    expect(file.resumedFrom).toBeGreaterThan(0);
    expect(contents(path.join(far, name))).toEqual(contents(set));
  });
});
