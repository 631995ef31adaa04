/**
 * Fixed costs an operator feels before any work: a command's start, the first dump tool's start, the
 * TUI's first frame. Each is the median of several runs.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';

export const CLI = path.resolve('dist/cli.js');

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Wall seconds of `node args…` to its exit, median of `runs`. */
export async function commandSeconds(args: readonly string[], runs = 7, env: Record<string, string> = {}): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await execa(process.execPath, [...args], { env, reject: false, stdout: 'ignore', stderr: 'ignore' });
    times.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  return median(times);
}

/**
 * Seconds from launching `nbbackup backup …` to the first dump tool's start: the tools are found first on
 * PATH as tiny shims that note the time of every real run (not a --version probe) and exec the real tool.
 */
export async function launchToFirstDump(args: readonly string[], tools: Readonly<Record<string, string>>, runs = 5): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nbbench-shims-'));
  const marks = path.join(dir, 'marks');
  for (const [name, real] of Object.entries(tools)) {
    const shim = path.join(dir, name);
    writeFileSync(shim, `#!/bin/sh\ncase "$1" in --version) ;; *) date +%s%N >> '${marks}' ;; esac\nexec '${real}' "$@"\n`);
    chmodSync(shim, 0o755);
  }
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    writeFileSync(marks, '');
    const started = BigInt(Date.now()) * 1_000_000n;
    await execa(process.execPath, [CLI, ...args], { env: { PATH: `${dir}:${process.env.PATH}` }, stdout: 'ignore', stderr: 'ignore' });
    const first = readFileSync(marks, 'utf8').split('\n').filter(Boolean).map(BigInt).sort()[0];
    if (first === undefined) throw new Error('no dump tool was started through the shims');
    times.push(Number(first - started) / 1e9);
  }
  return median(times);
}

// Runs the program on a pseudo-terminal and reports when each wanted text first shows, in seconds.
const PTY_TIMER = String.raw`
import os, pty, sys, time, select, json
wanted = json.loads(sys.argv[1]); argv = sys.argv[2:]
start = time.monotonic()
pid, fd = pty.fork()
if pid == 0:
    os.environ['COLUMNS'] = '80'; os.environ['LINES'] = '24'
    os.execvp(argv[0], argv)
import fcntl, termios, struct
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 80, 0, 0))
seen = {}; buf = b''
while len(seen) < len(wanted) and time.monotonic() - start < 120:
    r, _, _ = select.select([fd], [], [], 0.5)
    if not r: continue
    try: chunk = os.read(fd, 65536)
    except OSError: break
    buf += chunk
    for w in wanted:
        if w not in seen and w.encode() in buf: seen[w] = time.monotonic() - start
os.write(fd, b'q')
deadline = time.monotonic() + 10
while time.monotonic() < deadline:
    r, _, _ = select.select([fd], [], [], 0.2)
    if r:
        try: os.read(fd, 65536)
        except OSError: break
    done, _ = os.waitpid(pid, os.WNOHANG)
    if done: break
print(json.dumps(seen))
`;

/** Seconds until each of `texts` is first drawn by the interactive tool, median of `runs`. */
export async function tuiTimes(cwd: string, texts: readonly string[], env: Record<string, string>, runs = 5): Promise<Record<string, number>> {
  const all: Record<string, number[]> = Object.fromEntries(texts.map((t) => [t, []]));
  for (let i = 0; i < runs; i++) {
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn('python3', ['-c', PTY_TIMER, JSON.stringify(texts), process.execPath, CLI], { cwd, env: { ...process.env, ...env, TERM: 'xterm-256color' }, stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.once('error', reject);
      child.once('close', () => resolve(text));
    });
    const seen = JSON.parse(out) as Record<string, number>;
    for (const t of texts) all[t].push(seen[t] ?? Number.NaN);
  }
  return Object.fromEntries(texts.map((t) => [t, median(all[t])]));
}
