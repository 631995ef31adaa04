import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// ssh commands (node scripts wrapping the real ssh) that fail the way a link does, for transfers:
// each acts on the first upload of a set file (the script that appends to `$f`).

const tmp = (prefix: string) => mkdtempSync(path.join(os.tmpdir(), prefix));

/** ssh that cuts the first upload after 4 KiB and exits as a dropped link does (255). */
export function cutSsh(): string {
  const dir = tmp('nbtest-cutssh-');
  const script = path.join(dir, 'cut-ssh.mjs');
  writeFileSync(
    script,
    `import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
const args = process.argv.slice(2);
const upload = args.at(-1).includes('cat >> "$f"');
const marker = ${JSON.stringify(path.join(dir, 'cut'))};
const ssh = spawn('ssh', args, { stdio: ['pipe', 'inherit', 'inherit'] });
let sent = 0;
let cut = false;
process.stdin.on('data', (chunk) => {
  if (cut) return;
  if (upload && !existsSync(marker) && sent + chunk.length > 4096) {
    ssh.stdin.write(chunk.subarray(0, 4096 - sent));
    writeFileSync(marker, '');
    cut = true;
    ssh.stdin.end();
    process.stdin.pause();
    return;
  }
  sent += chunk.length;
  ssh.stdin.write(chunk);
});
process.stdin.on('end', () => ssh.stdin.end());
ssh.on('close', (code) => {
  if (cut) process.stderr.write('Connection to 127.0.0.1 closed by remote host.\\n');
  process.exit(cut ? 255 : code ?? 255);
});
`,
  );
  chmodSync(script, 0o755);
  return script;
}

/** ssh that, on the first upload, passes 4 KiB, then marks \`mark\` and holds the rest back until it is killed. */
export function holdSsh(mark: string): string {
  const dir = tmp('nbtest-holdssh-');
  mkdirSync(dir, { recursive: true });
  const script = path.join(dir, 'hold-ssh.mjs');
  writeFileSync(
    script,
    `import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
const args = process.argv.slice(2);
const upload = args.at(-1).includes('cat >> "$f"');
const ssh = spawn('ssh', args, { stdio: ['pipe', 'inherit', 'inherit'] });
let sent = 0;
process.stdin.on('data', (chunk) => {
  if (upload && sent + chunk.length > 4096) {
    ssh.stdin.write(chunk.subarray(0, 4096 - sent));
    sent = 4096;
    if (!existsSync(${JSON.stringify(mark)})) writeFileSync(${JSON.stringify(mark)}, '');
    process.stdin.pause();
    return;
  }
  sent += chunk.length;
  ssh.stdin.write(chunk);
});
process.stdin.on('end', () => ssh.stdin.end());
ssh.on('close', (code) => process.exit(code ?? 255));
`,
  );
  return script;
}
