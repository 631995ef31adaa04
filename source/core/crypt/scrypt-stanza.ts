import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { Stanza, type Identity, type Recipient } from 'age-encryption';

/**
 * age's scrypt recipient, with Node's own scrypt: the library's pure-JS one blocks the event loop for
 * seconds per file (no progress, no Ctrl+C). Runs one at a time, as each needs 256 MiB at work factor 18.
 */
const LABEL = 'age-encryption.org/v1/scrypt';
/** age's own default; a set's header may ask for at most 20 (as the library allows), so a hostile set cannot stall a restore. */
const WORK_FACTOR = 18;
const MAX_WORK_FACTOR = 20;

let queue: Promise<unknown> = Promise.resolve();

function derive(passphrase: string, salt: Uint8Array, logN: number): Promise<Buffer> {
  const run = () =>
    new Promise<Buffer>((resolve, reject) =>
      scrypt(passphrase, Buffer.concat([Buffer.from(LABEL), salt]), 32, { N: 2 ** logN, r: 8, p: 1, maxmem: 300 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key))),
    );
  const next = queue.then(run, run);
  queue = next.catch(() => undefined);
  return next;
}

const NONCE = Buffer.alloc(12);

export class ScryptRecipient implements Recipient {
  constructor(private readonly passphrase: string) {}

  async wrapFileKey(fileKey: Uint8Array): Promise<Stanza[]> {
    const salt = randomBytes(16);
    const key = await derive(this.passphrase, salt, WORK_FACTOR);
    const cipher = createCipheriv('chacha20-poly1305', key, NONCE, { authTagLength: 16 });
    const body = Buffer.concat([cipher.update(fileKey), cipher.final(), cipher.getAuthTag()]);
    return [new Stanza(['scrypt', salt.toString('base64').replace(/=+$/, ''), String(WORK_FACTOR)], new Uint8Array(body))];
  }
}

export class ScryptIdentity implements Identity {
  constructor(private readonly passphrase: string) {}

  async unwrapFileKey(stanzas: Stanza[]): Promise<Uint8Array | null> {
    const stanza = stanzas.find((s) => s.args[0] === 'scrypt');
    if (!stanza) return null;
    if (stanzas.length !== 1) throw new Error('scrypt recipient is not the only one in the header');
    const [, saltText, logText] = stanza.args;
    if (stanza.args.length !== 3 || !/^[1-9][0-9]*$/.test(logText ?? '')) throw new Error('invalid scrypt stanza');
    const salt = Buffer.from(saltText ?? '', 'base64');
    if (salt.length !== 16 || stanza.body.length !== 32) throw new Error('invalid scrypt stanza');
    const logN = Number(logText);
    if (logN > MAX_WORK_FACTOR) throw new Error('scrypt work factor is too high');
    const key = await derive(this.passphrase, salt, logN);
    const body = Buffer.from(stanza.body);
    const decipher = createDecipheriv('chacha20-poly1305', key, NONCE, { authTagLength: 16 });
    decipher.setAuthTag(body.subarray(16));
    try {
      return new Uint8Array(Buffer.concat([decipher.update(body.subarray(0, 16)), decipher.final()]));
    } catch {
      return null;
    }
  }
}
