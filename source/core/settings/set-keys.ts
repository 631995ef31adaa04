import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import { sealer, unlocker, type Sealer, type Unlocker } from '../crypt/set-crypt.js';
import { NbError, UsageError } from '../errors.js';

/**
 * Where the keys of encrypted sets come from: files, a program or the interactive tool's prompt, never
 * argv. A passphrase is the one typed at the prompt, else read from --passphrase-file, else
 * NBBACKUP_PASSPHRASE_FILE, else the config's passcommand.
 */
export interface PassphraseSources {
  /** Typed at the interactive tool's prompt: held in memory only, never written or logged. */
  readonly passphrase?: string;
  readonly passphraseFile?: string;
  /** The config's `passcommand`: argv of a program that prints the passphrase. */
  readonly passcommand?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

export interface EncryptOptions extends PassphraseSources {
  readonly recipients?: readonly string[];
  readonly recipientsFile?: string;
}

export interface UnlockOptions extends PassphraseSources {
  readonly identityFile?: string;
}

/** Recipients when any are given (no secret needed here), else a passphrase from its sources. */
export async function sealerFor(options: EncryptOptions): Promise<Sealer> {
  const recipients = [...(options.recipients ?? []), ...(options.recipientsFile ? keyLines(await readKeyFile(options.recipientsFile, 'recipients file')) : [])];
  if (recipients.length) return sealer({ mode: 'recipients', recipients });
  const passphrase = await readPassphrase(options);
  if (passphrase === undefined) throw new UsageError('--encrypt needs recipients or a passphrase', 'give --recipient age1…, --recipients-file FILE, --passphrase-file FILE, NBBACKUP_PASSPHRASE_FILE, or passcommand in .nbbackuprc');
  return sealer({ mode: 'passphrase', passphrase });
}

/** A new set's sealer, and for a passphrase the unlocker its read-back opens the files with. */
export async function sealKeysFor(options: EncryptOptions): Promise<{ sealer: Sealer; unlock?: Unlocker }> {
  const sealer = await sealerFor(options);
  return { sealer, unlock: sealer.record.mode === 'passphrase' ? await unlockerFor(options) : undefined };
}

/** The key given for verify or restore, if any: an identity file and/or a passphrase. */
export async function unlockerFor(options: UnlockOptions): Promise<Unlocker | undefined> {
  const identities = options.identityFile ? keyLines(await readKeyFile(options.identityFile, 'identity file')) : [];
  if (options.identityFile && !identities.length) throw new UsageError(`${options.identityFile} holds no age identity`, 'it should hold a line AGE-SECRET-KEY-1… (age-keygen writes one)');
  const passphrase = await readPassphrase(options);
  if (!identities.length && passphrase === undefined) return undefined;
  return unlocker({ identities, passphrase });
}

/** Where a passphrase would come from, named as the operator set it up; none: only a prompt can give one. */
export function passphraseSource(options: PassphraseSources): string | undefined {
  if (options.passphrase !== undefined) return 'the prompt';
  if (options.passphraseFile) return options.passphraseFile;
  if ((options.env ?? process.env).NBBACKUP_PASSPHRASE_FILE) return 'NBBACKUP_PASSPHRASE_FILE';
  return options.passcommand?.length ? 'passcommand' : undefined;
}

/** Whether sealing would need a passphrase that nothing gives: no recipients and no passphrase source. */
export function sealNeedsPassphrase(options: EncryptOptions): boolean {
  return !options.recipients?.length && !options.recipientsFile && passphraseSource(options) === undefined;
}

export async function readPassphrase(options: PassphraseSources): Promise<string | undefined> {
  if (options.passphrase !== undefined) return nonEmpty(options.passphrase, 'the prompt');
  const file = options.passphraseFile ?? (options.env ?? process.env).NBBACKUP_PASSPHRASE_FILE;
  if (file) return nonEmpty(stripNewline(await readKeyFile(file, 'passphrase file')), file);
  if (!options.passcommand?.length) return undefined;
  const [command, ...args] = options.passcommand;
  const result = await execa(command, args, { reject: false, stdin: 'ignore', stderr: 'pipe', timeout: 60_000, shell: false });
  if (result.exitCode !== 0) throw new NbError(`passcommand failed: ${String(result.stderr).split('\n')[0] || (result.shortMessage ?? '').split('\n')[0]}`, 'check passcommand in .nbbackuprc');
  return nonEmpty(stripNewline(String(result.stdout)), 'passcommand');
}

async function readKeyFile(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** age's own key-file shape: one key a line, # comments and blank lines ignored. */
function keyLines(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}

function stripNewline(text: string): string {
  return text.replace(/\r?\n$/, '');
}

function nonEmpty(passphrase: string, from: string): string {
  if (!passphrase) throw new UsageError(`the passphrase from ${from} is empty`);
  return passphrase;
}
