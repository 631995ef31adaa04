/**
 * The by-hand yardstick of `backup --encrypt`: the limit job with the stock `age` CLI at the end of each
 * pipeline. age reads a passphrase only from a terminal, so those pipelines run under a pseudo-terminal
 * that types it when asked (as an operator would, twice: enter and confirm).
 */
import { spawn } from 'node:child_process';
import type { BenchInstall } from './bench-fixture.js';
import { limitSteps, pipeline, type Cmd, type Servers } from './by-hand.js';

export type AgeKey = { readonly recipient: string } | { readonly passphrase: string };

const PTY_TYPIST = String.raw`
import os, pty, sys, select
passphrase = os.environ.pop('BENCH_AGE_PASSPHRASE').encode()
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
buf = b''; typed = 0
while True:
    r, _, _ = select.select([fd], [], [], 0.5)
    if not r: continue
    try: chunk = os.read(fd, 65536)
    except OSError: break
    if not chunk: break
    buf = (buf + chunk)[-4096:]
    if typed < 2 and buf.lower().count(b'passphrase') > typed:
        os.write(fd, passphrase + b'\n'); typed += 1
code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
if code: sys.stderr.write(buf.decode(errors='replace')[-300:])
sys.exit(code)
`;

const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/** `a | b | … | age -p -o FILE` run by bash on a pseudo-terminal that types the passphrase. */
function underTerminal(cmds: readonly Cmd[], file: string, passphrase: string): Promise<void> {
  const line = [...cmds, { file: 'age', args: ['-p', '-o', file] }].map((c) => [c.file, ...c.args].map(quote).join(' ')).join(' | ');
  const env = Object.assign({}, process.env, ...cmds.map((c) => c.env ?? {}), { BENCH_AGE_PASSPHRASE: passphrase });
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', PTY_TYPIST, 'bash', '-o', 'pipefail', '-c', line], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`age -p pipeline exit ${code}: ${err.slice(-300)}`))));
  });
}

/** The limit's dumps, each `| zstd -1 | age …` into its own file, all at once. */
export function sealedLimitJobs(s: Servers, b: BenchInstall, out: string, key: AgeKey): (() => Promise<void>)[] {
  return limitSteps(s, b, out).map((step) =>
    'recipient' in key
      ? () => pipeline([...step.cmds, { file: 'age', args: ['-r', key.recipient] }], `${step.file}.age`)
      : () => underTerminal(step.cmds, `${step.file}.age`, key.passphrase),
  );
}
