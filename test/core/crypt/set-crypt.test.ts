import { createHash, randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { describe, expect, it } from 'vitest';
import { sealer, unlocker } from '../../../source/core/crypt/set-crypt.js';

const MiB = 1024 * 1024;

/** `total` bytes made on demand (a 1 MiB block repeated), so the test itself holds no large buffer. */
function source(total: number, hash: ReturnType<typeof createHash>): Readable {
  const block = randomBytes(MiB);
  let left = total;
  return new Readable({
    read() {
      if (left <= 0) return void this.push(null);
      const chunk = block.subarray(0, Math.min(MiB, left));
      left -= chunk.length;
      hash.update(chunk);
      this.push(chunk);
    },
  });
}

describe('set encryption', () => {
  it('streams 200 MiB through age and back with memory that stays flat', async () => {
    const identity = await generateX25519Identity();
    const seal = sealer({ mode: 'recipients', recipients: [await identityToRecipient(identity)] });
    const open = unlocker({ identities: [identity] });
    const sent = createHash('sha256');
    const got = createHash('sha256');
    let bytes = 0;
    const base = process.memoryUsage().rss;
    let peak = base;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const plain = await open.open(await seal.seal(source(200 * MiB, sent)));
    await pipeline(
      plain,
      new Writable({
        write(chunk: Buffer, _enc, done) {
          bytes += chunk.length;
          got.update(chunk);
          done();
        },
      }),
    ).finally(() => clearInterval(sampler));
    expect(bytes).toBe(200 * MiB);
    expect(got.digest('hex')).toBe(sent.digest('hex'));
    expect((peak - base) / MiB).toBeLessThan(100);
  }, 180_000);

  it('refuses a wrong key when the header is opened, before any plaintext', async () => {
    const sealed = await sealer({ mode: 'passphrase', passphrase: 'right' }).seal(Readable.from([Buffer.from('data')]));
    await expect(unlocker({ identities: [], passphrase: 'wrong' }).open(sealed)).rejects.toThrow(/the passphrase does not open this encrypted set/);
  }, 60_000);
});
