import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// ssh commands (node scripts wrapping the real ssh) that fail the way a link does, for transfers:
// each acts on the first upload of a set file (the script that appends to `$f`).

const tmp = (prefix: string) => mkdtempSync(path.join(os.tmpdir(), prefix));

/** ssh that cuts the first upload after 4 KiB and exits as a dropped link does (255). */
export function cutSsh(): string {
  return uploadFaultSsh('cut', path.join(tmp('nbtest-cutssh-'), 'cut'));
}

/** ssh that, on the first upload, passes 4 KiB, then marks `mark` and holds the rest back until it is killed. */
export function holdSsh(mark: string): string {
  return uploadFaultSsh('hold', mark);
}

/** The wrapper both are: the first upload past 4 KiB creates `mark`, then is cut off or held back. */
function uploadFaultSsh(mode: 'cut' | 'hold', mark: string): string {
  const script = path.join(tmp('nbtest-faultssh-'), 'fault-ssh.mjs');
  writeFileSync(
    script,
    `import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
const args = process.argv.slice(2);
const upload = args.at(-1).includes('cat >> "$f"');
const mark = ${JSON.stringify(mark)};
const cut = ${JSON.stringify(mode === 'cut')};
const ssh = spawn('ssh', args, { stdio: ['pipe', 'inherit', 'inherit'] });
let sent = 0;
let stopped = false;
process.stdin.on('data', (chunk) => {
  if (stopped) return;
  if (upload && !existsSync(mark) && sent + chunk.length > 4096) {
    ssh.stdin.write(chunk.subarray(0, 4096 - sent));
    writeFileSync(mark, '');
    stopped = true;
    if (cut) ssh.stdin.end();
    process.stdin.pause();
    return;
  }
  sent += chunk.length;
  ssh.stdin.write(chunk);
});
process.stdin.on('end', () => ssh.stdin.end());
ssh.on('close', (code) => {
  if (cut && stopped) process.stderr.write('Connection to 127.0.0.1 closed by remote host.\\n');
  process.exit(cut && stopped ? 255 : code ?? 255);
});
`,
  );
  chmodSync(script, 0o755);
  return script;
}
