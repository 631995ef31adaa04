// The stock age CLI (Debian package `age`), to prove an encrypted set opens without nbbackup.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';

/** A fresh X25519 identity made by age-keygen: its file and its public key. */
export async function ageIdentity(): Promise<{ file: string; recipient: string }> {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'nbtest-age-')), 'identity.txt');
  await execa('age-keygen', ['-o', file]);
  const { stdout } = await execa('age-keygen', ['-y', file]);
  return { file, recipient: stdout.trim() };
}

/** `age -d -i IDENTITY FILE`: the plaintext. */
export async function ageDecrypt(file: string, identity: string): Promise<Buffer> {
  const { stdout } = await execa('age', ['-d', '-i', identity, file], { encoding: 'buffer' });
  return Buffer.from(stdout);
}

// age reads a passphrase only from a terminal: python's pty module gives it one. The passphrase
// travels by environment, so it never sits in an argv either.
const PTY_AGE = `
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execvp('age', ['age', '-d', '-o', sys.argv[2], sys.argv[1]])
seen = b''
while b'passphrase' not in seen.lower():
    chunk = os.read(fd, 1024)
    if not chunk:
        break
    seen += chunk
os.write(fd, os.environ['AGE_TEST_PASSPHRASE'].encode() + b'\\n')
try:
    while os.read(fd, 1024):
        pass
except OSError:
    pass
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
`;

/** `age -d FILE` with the passphrase typed at its terminal prompt: the plaintext, or throws on exit ≠ 0. */
export async function ageDecryptWithPassphrase(file: string, passphrase: string): Promise<Buffer> {
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'nbtest-agepty-')), 'plain');
  await execa('python3', ['-c', PTY_AGE, file, out], { env: { AGE_TEST_PASSPHRASE: passphrase } });
  return readFileSync(out);
}
