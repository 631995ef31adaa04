import { createReadStream } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Decrypter, Encrypter } from 'age-encryption';
import { z } from 'zod';
import { NbError, UsageError } from '../errors.js';
import { ScryptIdentity, ScryptRecipient } from './scrypt-stanza.js';

/**
 * Every file of an encrypted set is one age file: sealed while it streams to disk, opened while it
 * streams back, so a stock `age -d` opens it too. The manifest says how, never with what.
 */
export const EncryptionRecord = z.object({
  scheme: z.literal('age'),
  mode: z.enum(['recipients', 'passphrase']),
  recipients: z.array(z.string().regex(/^age1[0-9a-z]+$/)).optional(),
});
export type EncryptionRecord = z.infer<typeof EncryptionRecord>;

/** What a backup encrypts to: public keys (no secret on the server) or a passphrase. */
export type SealKey = { readonly mode: 'recipients'; readonly recipients: readonly string[] } | { readonly mode: 'passphrase'; readonly passphrase: string };

/** What a verify or restore decrypts with: age identities and/or a passphrase. */
export interface UnlockKey {
  readonly identities: readonly string[];
  readonly passphrase?: string;
}

/** A key that does not open a set's files (a wrong passphrase or identity): the prompt asks again. */
export class WrongKey extends NbError {}

export interface Sealer {
  readonly record: EncryptionRecord;
  /** The plain stream as an age file, produced as the plain bytes arrive. */
  seal(plain: Readable): Promise<Readable>;
}

export interface Unlocker {
  /** The plaintext of an age file; resolves once the header is opened, so a wrong key fails here, before any output. */
  open(cipher: Readable): Promise<Readable>;
}

export function sealer(key: SealKey): Sealer {
  const encrypter = new Encrypter();
  if (key.mode === 'passphrase') {
    if (!key.passphrase) throw new UsageError('the passphrase is empty');
    encrypter.addRecipient(new ScryptRecipient(key.passphrase));
  } else {
    if (!key.recipients.length) throw new UsageError('--encrypt needs a recipient (--recipient, --recipients-file) or a passphrase');
    for (const r of key.recipients) {
      if (!/^age1[0-9a-z]+$/.test(r)) throw new UsageError(`not an age X25519 public key: ${r.slice(0, 20)}`, 'recipients look like age1… (age-keygen -y IDENTITY prints one)');
      try {
        encrypter.addRecipient(r);
      } catch (error) {
        throw new UsageError(`not an age public key: ${r.slice(0, 20)}… (${(error as Error).message})`);
      }
    }
  }
  const record: EncryptionRecord = key.mode === 'passphrase' ? { scheme: 'age', mode: 'passphrase' } : { scheme: 'age', mode: 'recipients', recipients: [...key.recipients] };
  return {
    record,
    seal: async (plain) => fromWeb(await encrypter.encrypt(toWeb(plain))),
  };
}

export function unlocker(key: UnlockKey): Unlocker {
  const decrypter = new Decrypter();
  for (const identity of key.identities) {
    try {
      decrypter.addIdentity(identity);
    } catch {
      throw new UsageError('the identity file holds no usable age identity', 'it should hold a line AGE-SECRET-KEY-1… (age-keygen writes one)');
    }
  }
  if (key.passphrase) decrypter.addIdentity(new ScryptIdentity(key.passphrase));
  return {
    open: async (cipher) => {
      try {
        return fromWeb(await decrypter.decrypt(toWeb(cipher)));
      } catch (error) {
        cipher.destroy();
        throw unlockError(error, key);
      }
    },
  };
}

/** Opens the header of each file (no plaintext is read): a wrong or missing key is found before anything is touched. */
export async function checkUnlock(files: readonly string[], unlock: Unlocker): Promise<void> {
  for (const file of files) {
    const plain = await unlock.open(createReadStream(file)).catch((error: unknown) => {
      if (!(error instanceof NbError)) throw error;
      const Kind = error instanceof WrongKey ? WrongKey : NbError;
      throw new Kind(`${error.message} (${file.split('/').pop()})`, error.hint, error.code);
    });
    plain.destroy();
  }
}

function unlockError(error: unknown, key: UnlockKey): NbError {
  const message = (error as Error).message ?? String(error);
  if (/no identity matched|incorrect|failed to decrypt|scrypt/i.test(message)) {
    const what = key.passphrase && key.identities.length ? 'the passphrase and the identity' : key.passphrase ? 'the passphrase' : 'the identity';
    return new WrongKey(`${what} does not open this encrypted set`, 'check the passphrase file or the --identity file', 'refused');
  }
  return new NbError(`not a readable age file: ${message.split('\n')[0]}`, undefined, 'refused');
}

/** A pull-driven web stream over a Node stream: age reads only as fast as the file is written, so memory stays flat. */
function toWeb(source: Readable): ReadableStream<Uint8Array> {
  // Read at once: a child's stdout nobody listens to when it exits is drained and lost (Node's flushStdio).
  const held = new PassThrough();
  pipeline(source, held).catch(() => undefined);
  const it = held[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await it.next();
        if (next.done) controller.close();
        else controller.enqueue(new Uint8Array(next.value as Buffer));
      },
      async cancel() {
        await it.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}

function fromWeb(stream: ReadableStream<Uint8Array>): Readable {
  const reader = stream.getReader();
  return Readable.from(
    (async function* () {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          // A copy: the library may reuse its buffer for the next chunk while this one waits in a pipe.
          yield Buffer.from(value);
        }
      } finally {
        await reader.cancel().catch(() => undefined);
      }
    })(),
    { objectMode: false },
  );
}
