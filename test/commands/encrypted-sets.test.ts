import { cpSync, mkdtempSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync, closeSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ageDecrypt, ageDecryptWithPassphrase, ageIdentity } from '../support/age-cli.js';
import { buildRichInstall, richState, type RichInstall } from '../support/fixtures.js';
import { processesMentioning } from '../support/processes.js';
import { runCli } from '../support/run-cli.js';
import { sandbox } from '../support/child-env.js';

const pg = inject('pg');
const maria = inject('maria');
const APP = 'crypt_app';
const PASSPHRASE = `correct horse ${Math.random().toString(36).slice(2)} staple`;
const made: RichInstall[] = [];
let source: RichInstall;
let identity: { file: string; recipient: string };
let passFile: string;
let recipientSet: string;
let passphraseSet: string;
/** Every argv seen while nbbackup ran with the passphrase, and everything it printed. */
const seenArgv: string[] = [];
const printed: string[] = [];

const state = (install: RichInstall) => richState(pg, maria, install);
const tmp = (prefix: string) => mkdtempSync(path.join(os.tmpdir(), prefix));

/** Runs the CLI while sampling every process's argv for the passphrase, until it exits. */
async function watched(args: readonly string[], env: Record<string, string> = {}) {
  const run = runCli(args, { env });
  const sampler = setInterval(() => seenArgv.push(...processesMentioning(PASSPHRASE)), 10);
  const result = await run.finally(() => clearInterval(sampler));
  printed.push(String(result.stdout), String(result.stderr));
  return result;
}

async function encryptedBackup(extra: readonly string[], env: Record<string, string> = {}): Promise<string> {
  const result = await watched(['backup', '--install', source.dir, '--all', '--out', tmp('nbtest-crypt-sets-'), '--encrypt', ...extra, '--json'], env);
  expect(result.exitCode, String(result.stderr)).toBe(0);
  return JSON.parse(String(result.stdout)).set as string;
}

const setFiles = (set: string) => readdirSync(set).filter((f) => f !== 'manifest.json' && !f.startsWith('.'));
const manifestOf = (set: string) => JSON.parse(readFileSync(path.join(set, 'manifest.json'), 'utf8'));

async function target(): Promise<RichInstall> {
  const b = await buildRichInstall(pg, maria, `create table leftover (id int);`, `create table leftover (id int);`, { schemaApp: APP });
  made.push(b);
  return b;
}

/** A copy of the set with one byte of its main dump flipped, in the middle of the file. */
function damagedCopy(set: string): string {
  const copy = path.join(tmp('nbtest-crypt-flip-'), path.basename(set));
  cpSync(set, copy, { recursive: true });
  const main = manifestOf(copy).items.find((i: { id: string }) => i.id === 'main').file as string;
  const file = path.join(copy, main);
  const at = Math.floor(statSync(file).size / 2);
  const byte = readFileSync(file).subarray(at, at + 1);
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.from([byte[0] ^ 0x01]), 0, 1, at);
  closeSync(fd);
  return copy;
}

beforeAll(async () => {
  source = await buildRichInstall(pg, maria, '', '', { schemaApp: APP });
  made.push(source);
  identity = await ageIdentity();
  passFile = path.join(tmp('nbtest-crypt-pass-'), 'passphrase');
  writeFileSync(passFile, `${PASSPHRASE}\n`, { mode: 0o600 });
  recipientSet = await encryptedBackup(['--recipient', identity.recipient]);
  // Uncompressed: a table name in the plaintext would show through unless the file is encrypted.
  passphraseSet = await encryptedBackup(['--passphrase-file', passFile, '--compress', 'none']);
}, 600_000);
afterAll(async () => {
  for (const i of made) await i.cleanup();
});

describe('encrypted sets', () => {
  it('record how they are encrypted in the manifest, and never a secret', () => {
    expect(manifestOf(recipientSet).encryption).toEqual({ scheme: 'age', mode: 'recipients', recipients: [identity.recipient] });
    expect(manifestOf(passphraseSet).encryption).toEqual({ scheme: 'age', mode: 'passphrase' });
    expect(readFileSync(path.join(passphraseSet, 'manifest.json'), 'utf8')).not.toContain(PASSPHRASE);
    expect(readFileSync(path.join(recipientSet, 'manifest.json'), 'utf8')).not.toContain(readFileSync(identity.file, 'utf8').match(/AGE-SECRET-KEY-\S+/)?.[0]);
  });

  it('are opened file by file by the stock age CLI, with an identity file and with the passphrase', async () => {
    for (const file of setFiles(recipientSet)) {
      const plain = await ageDecrypt(path.join(recipientSet, file), identity.file);
      expect(plain.subarray(0, 4).toString('hex'), file).toBe('28b52ffd'); // zstd's magic: the dump itself
    }
    const main = manifestOf(passphraseSet).items.find((i: { id: string }) => i.id === 'main').file as string;
    for (const file of setFiles(passphraseSet)) {
      const plain = await ageDecryptWithPassphrase(path.join(passphraseSet, file), PASSPHRASE);
      if (file === main) expect(plain.toString('latin1')).toContain('customers');
      expect(plain.length).toBeGreaterThan(0);
    }
  });

  it('reveal no table name in any file but the manifest', () => {
    const files = setFiles(passphraseSet);
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const file of files) {
      const bytes = readFileSync(path.join(passphraseSet, file));
      expect(bytes.subarray(0, 21).toString(), file).toBe('age-encryption.org/v1');
      for (const name of ['customers', 'orders', 'reporting', source.pgDb, source.mariaDb, 'aes_key']) expect(bytes.includes(name), `${name} in ${file}`).toBe(false);
    }
  });

  it('verify: hashes only without a key, a full read-back with one, exit 1 on a flipped byte either way', async () => {
    const bare = await runCli(['verify', recipientSet]);
    expect(bare.exitCode, String(bare.stdout)).toBe(0);
    expect(String(bare.stdout)).toMatch(/checked by hashes only/);
    const keyed = await runCli(['verify', recipientSet, '--identity', identity.file]);
    expect(keyed.exitCode, String(keyed.stdout)).toBe(0);
    expect(String(keyed.stdout)).toMatch(/set verified/);
    const pass = await watched(['verify', passphraseSet], { NBBACKUP_PASSPHRASE_FILE: passFile });
    expect(pass.exitCode, String(pass.stdout)).toBe(0);
    expect(String(pass.stdout)).toMatch(/set verified/);

    const damaged = damagedCopy(recipientSet);
    const flipped = await runCli(['verify', damaged]);
    expect(flipped.exitCode).toBe(1);
    expect(String(flipped.stdout)).toMatch(/✖ main .*does not match the manifest/);
    expect((await runCli(['verify', damaged, '--identity', identity.file])).exitCode).toBe(1);
    const wrong = await ageIdentity();
    const wrongKey = await runCli(['verify', recipientSet, '--identity', wrong.file]);
    expect(wrongKey.exitCode).toBe(1);
    expect(String(wrongKey.stdout)).toMatch(/the identity does not open this encrypted set/);
  }, 300_000);

  it('refuse a wrong or missing key in one line, before the target is touched', async () => {
    const b = await target();
    const before = await state(b);
    const wrong = await ageIdentity();
    const wrongFile = path.join(tmp('nbtest-crypt-wrong-'), 'passphrase');
    writeFileSync(wrongFile, 'not the passphrase\n');
    const attempts = [
      [recipientSet, ['--identity', wrong.file], /the identity does not open this encrypted set/],
      [passphraseSet, ['--passphrase-file', wrongFile], /the passphrase does not open this encrypted set/],
      [passphraseSet, [], /this set is encrypted \(age, passphrase\): it cannot be read without its key/],
    ] as const;
    for (const [set, key, message] of attempts) {
      const result = await runCli(['restore', set, '--to', b.dir, '--yes', '--no-upgrade', ...key]);
      expect(result.exitCode, String(result.stderr)).toBe(3);
      const lines = String(result.stderr).trim().split('\n').filter((l) => !/^\s*(hint|fix)?:/i.test(l) && !l.startsWith('  '));
      expect(lines[0]).toMatch(message);
      expect(lines.length, String(result.stderr)).toBe(1);
    }
    expect(await state(b)).toEqual(before);
  }, 300_000);

  it('restore with the identity: PostgreSQL, MariaDB, storage and keys as they were', async () => {
    const b = await target();
    const result = await runCli(['restore', recipientSet, '--to', b.dir, '--yes', '--no-upgrade', '--no-snapshot', '--identity', identity.file, '--json']);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const [want, got] = [await state(source), await state(b)];
    expect(got).toEqual(want);
  }, 300_000);

  it('restore with the passphrase from NBBACKUP_PASSPHRASE_FILE, and from passcommand', async () => {
    const b = await target();
    const result = await watched(['restore', passphraseSet, '--to', b.dir, '--yes', '--no-upgrade', '--no-snapshot', '--json'], { NBBACKUP_PASSPHRASE_FILE: passFile });
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(await state(b)).toEqual(await state(source));

    const config = path.join(tmp('nbtest-crypt-rc-'), 'nbbackup.yaml');
    writeFileSync(config, `${readFileSync(sandbox().config, 'utf8')}passcommand: [cat, ${JSON.stringify(passFile)}]\n`);
    const c = await target();
    const viaCommand = await watched(['restore', passphraseSet, '--to', c.dir, '--yes', '--no-upgrade', '--no-snapshot'], { NBBACKUP_CONFIG: config });
    expect(viaCommand.exitCode, String(viaCommand.stderr)).toBe(0);
    expect(await state(c)).toEqual(await state(source));
  }, 600_000);

  it('profiles keep where the key comes from, never the passphrase', async () => {
    // One home for every call: profiles are found where profile save put them.
    const home = tmp('nbtest-crypt-home-');
    const env = { HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), NBBACKUP_STATE_DIR: path.join(home, 'state') };
    const saved = await runCli(['profile', 'save', 'crypt', '--install', source.dir, '--all', '--encrypt', '--recipient', identity.recipient], { env });
    expect(saved.exitCode, String(saved.stderr)).toBe(0);
    const run = await watched(['run', 'crypt', '--json'], env);
    expect(run.exitCode, String(run.stderr)).toBe(0);
    const set = JSON.parse(String(run.stdout)).set as string;
    expect(manifestOf(set).encryption).toEqual({ scheme: 'age', mode: 'recipients', recipients: [identity.recipient] });
    const passSaved = await runCli(['profile', 'save', 'cryptpass', '--install', source.dir, '--items', 'storage:uploads', '--encrypt', '--passphrase-file', passFile], { env });
    expect(passSaved.exitCode, String(passSaved.stderr)).toBe(0);
    const passRun = await watched(['run', 'cryptpass', '--json'], env);
    expect(passRun.exitCode, String(passRun.stderr)).toBe(0);
    expect(manifestOf(JSON.parse(String(passRun.stdout)).set).encryption).toEqual({ scheme: 'age', mode: 'passphrase' });
    const profiles = await execa('grep', ['-rl', 'cryptpass', home], { reject: false });
    expect(String(profiles.stdout)).not.toBe('');
    const leaks = await execa('grep', ['-rlF', PASSPHRASE, home, sandbox().root], { reject: false });
    expect(leaks.stdout).toBe('');
  }, 300_000);

  it('never put the passphrase in an argv or in what nbbackup printed', () => {
    expect(seenArgv).toEqual([]);
    for (const text of printed) expect(text).not.toContain(PASSPHRASE);
  });
});
