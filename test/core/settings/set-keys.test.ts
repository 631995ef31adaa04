import { createWriteStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { checkUnlock, WrongKey } from '../../../source/core/crypt/set-crypt.js';
import { UsageError } from '../../../source/core/errors.js';
import { passphraseSource, readPassphrase, sealKeysFor, sealNeedsPassphrase, unlockerFor } from '../../../source/core/settings/set-keys.js';
import { typedUnlock } from '../../../source/core/verify/set-key.js';

// A passphrase handed over in memory (typed at the interactive tool's prompt) beside the files and the
// program that give one: the same scrypt recipient, and where nothing else gives one, the only source.

const dir = () => mkdtempSync(path.join(os.tmpdir(), 'nbtest-set-keys-'));

describe('keys of encrypted sets', () => {
  it('name where a passphrase would come from: the prompt, a file, NBBACKUP_PASSPHRASE_FILE, passcommand, or nowhere', () => {
    expect(passphraseSource({ passphrase: 'x', passphraseFile: '/f', env: {} })).toBe('the prompt');
    expect(passphraseSource({ passphraseFile: '/f', env: { NBBACKUP_PASSPHRASE_FILE: '/e' } })).toBe('/f');
    expect(passphraseSource({ passcommand: ['pass'], env: { NBBACKUP_PASSPHRASE_FILE: '/e' } })).toBe('NBBACKUP_PASSPHRASE_FILE');
    expect(passphraseSource({ passcommand: ['pass'], env: {} })).toBe('passcommand');
    expect(passphraseSource({ env: {} })).toBeUndefined();
    expect(sealNeedsPassphrase({ env: {} })).toBe(true);
    expect(sealNeedsPassphrase({ recipientsFile: '/r', env: {} })).toBe(false);
    expect(sealNeedsPassphrase({ passcommand: ['pass'], env: {} })).toBe(false);
  });

  it('read a typed passphrase before any file, and refuse an empty one', async () => {
    const file = path.join(dir(), 'pass');
    writeFileSync(file, 'from the file\n');
    expect(await readPassphrase({ passphrase: 'typed', env: { NBBACKUP_PASSPHRASE_FILE: file } })).toBe('typed');
    expect(await readPassphrase({ env: { NBBACKUP_PASSPHRASE_FILE: file } })).toBe('from the file');
    await expect(readPassphrase({ passphrase: '', env: {} })).rejects.toThrow(UsageError);
    await expect(typedUnlock('identity', '  ')).rejects.toThrow(/type the path of the age identity file/);
  });

  it('seal with a passphrase given in memory, open with it, and refuse another as a wrong key', async () => {
    const { sealer, unlock } = await sealKeysFor({ passphrase: 'typed at the prompt', env: {} });
    expect(sealer.record).toEqual({ scheme: 'age', mode: 'passphrase' });
    const file = path.join(dir(), 'main.sql');
    await pipeline(await sealer.seal(Readable.from([Buffer.from('select 1;')])), createWriteStream(file));
    expect(readFileSync(file).includes('typed at the prompt')).toBe(false);
    expect(await text(await unlock!.open(Readable.from([readFileSync(file)])))).toBe('select 1;');
    const wrong = (await unlockerFor({ passphrase: 'typed wrongly', env: {} }))!;
    const refused = await checkUnlock([file], wrong).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WrongKey);
    expect((refused as Error).message).toBe('the passphrase does not open this encrypted set (main.sql)');
  }, 60_000);
});
