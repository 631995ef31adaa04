import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { NbError } from '../errors.js';
import { childExit } from '../process/child-exit.js';
import { stopGroup } from '../process/process-group.js';
import { spawnTool } from '../process/spawn-tool.js';
import { REFUSED, remoteCommand, remoteShell, sshArgv, type RemoteScript, type SshSpec } from '../copy/remote-shell.js';
import { sshFailure } from '../copy/ssh-failure.js';

// The far side runs the same restore as `nbbackup restore`, in a one-file build of nbbackup's
// headless core (dist/far-agent.js) sent over ssh and run with the Node.js that NocoBase itself needs
// there. It is kept in ~/.cache/nbbackup under its own sha256, so a second migration sends nothing.
// It speaks one JSON object per line on stdout: {"event":…} while it works, {"result":…} at the end.

/** Where the helper lives there; `~/…` as scp reads it. */
const AGENT_DIR = '~/.cache/nbbackup';

/** Prints `present` when agent-$2.mjs is there whole; the folder must be ours and closed to others. */
const CHECK: RemoteScript = {
  doing: 'prepare nbbackup in',
  tools: ['mkdir', 'stat', 'id', 'sha256sum'],
  lines: [
    'mkdir -p -- "$d" || exit 1',
    'm=$(stat -c %a -- "$d") && u=$(stat -c %u -- "$d") || exit 1',
    // Another user who may write there could swap the helper between its check and its start.
    `if [ -L "$d" ] || [ "$u" != "$(id -u)" ] || [ $(( 0$m & 022 )) -ne 0 ]; then echo "$d belongs to another user or others may write in it: remove it" >&2; exit ${REFUSED}; fi`,
    'a="$d/agent-$2.mjs"',
    'if [ -f "$a" ] && [ ! -L "$a" ]; then h=$(sha256sum < "$a") && [ "${h%% *}" = "$2" ] && echo present; fi',
  ],
};

/** Writes stdin to agent-$2.mjs through a temporary file, kept only when its sha256 is $2. */
const PUT: RemoteScript = {
  doing: 'send nbbackup to',
  tools: ['cat', 'mv', 'rm', 'sha256sum'],
  lines: [
    'a="$d/agent-$2.mjs"',
    't="$a.partial.$$"',
    'cat > "$t" || { rm -f -- "$t"; exit 1; }',
    `h=$(sha256sum < "$t"); if [ "\${h%% *}" != "$2" ]; then rm -f -- "$t"; echo "nbbackup arrived damaged" >&2; exit ${REFUSED}; fi`,
    'mv -f -- "$t" "$a"',
  ],
};

/** Starts the helper with the newest Node.js ≥ 20 it finds; $2 is its sha256, the rest its arguments. */
const RUN: RemoteScript = {
  doing: 'run nbbackup in',
  tools: [],
  lines: [
    'a="$d/agent-$2.mjs"',
    'shift 2',
    `if [ ! -f "$a" ] || [ -L "$a" ]; then echo "nbbackup is not in $d any more" >&2; exit ${REFUSED}; fi`,
    // A non-interactive ssh session often lacks nvm's PATH: the usual places are tried too.
    `for n in "$(command -v node 2>/dev/null)" /usr/local/bin/node /usr/bin/node "$HOME"/.nvm/versions/node/*/bin/node "$HOME"/.volta/bin/node; do if [ -n "$n" ] && [ -x "$n" ]; then v=$("$n" -e "process.stdout.write(process.versions.node.split('.')[0])" 2>/dev/null); if [ "$v" -ge 20 ] 2>/dev/null; then exec "$n" "$a" "$@"; fi; fi; done`,
    `echo "Node.js 20 or newer was not found there (looked on PATH, in /usr/local/bin, /usr/bin, ~/.nvm and ~/.volta); NocoBase needs it too: install it there" >&2; exit ${REFUSED}`,
  ],
};

export interface AgentCall<E> {
  readonly args: readonly string[];
  readonly onEvent?: (event: E) => void;
  /** Also shown: the helper's own log lines (stderr), as printable text. */
  readonly onLog?: (line: string) => void;
  readonly signal: AbortSignal;
}

export interface FarAgent {
  /** Sends the helper unless it is there already; true when it was sent. */
  install(signal: AbortSignal): Promise<boolean>;
  /**
   * Runs one helper command and resolves with its result. Aborting closes the helper's stdin, which it
   * takes as Ctrl+C: it stops and rolls back there, reports, and only then does this resolve.
   */
  call<R, E = unknown>(call: AgentCall<E>): Promise<R>;
}

export function farAgent(spec: SshSpec, sshCommand: readonly string[]): FarAgent {
  const at = { ...spec, path: AGENT_DIR };
  const label = `${spec.user ? `${spec.user}@` : ''}${spec.host}`;
  const shell = remoteShell(at, sshCommand, label);
  const bundle = agentBundle();
  return {
    async install(signal) {
      const found = await shell.run(CHECK, { args: [bundle.sha256], refused: (why) => new NbError(`${label}: ${why}`, 'nbbackup keeps its helper in ~/.cache/nbbackup there') }, signal);
      if (/^present$/m.test(found.toString('utf8'))) return false;
      await shell.run(PUT, { args: [bundle.sha256], upload: { path: bundle.path, from: 0, onProgress: () => undefined } }, signal);
      return true;
    },
    call: (call) => runAgent(at, sshCommand, label, bundle.sha256, call),
  };
}

async function runAgent<R, E>(at: SshSpec, sshCommand: readonly string[], label: string, sha256: string, call: AgentCall<E>): Promise<R> {
  const [file, args] = sshArgv(sshCommand, at, remoteCommand(RUN, at.path, [sha256, ...call.args]));
  const child = spawnTool(file, args, { stdin: 'pipe', stdout: 'pipe' });
  // Closing stdin asks the helper to stop; a dead link makes ssh exit on its own (ServerAlive).
  const askToStop = () => child.stdin?.end();
  call.signal.addEventListener('abort', askToStop, { once: true });
  child.stdin!.on('error', () => undefined);
  let result: { value: R } | undefined;
  let error: { message: string; hint?: string; code?: string } | undefined;
  let stderr = '';
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => {
    let message: { event?: E; result?: R; error?: typeof error };
    try {
      message = JSON.parse(line);
    } catch {
      return; // a chatty login script: not ours
    }
    if (message.event !== undefined) call.onEvent?.(printableDeep(message.event));
    else if (message.result !== undefined) result = { value: printableDeep(message.result) };
    else if (message.error) error = message.error;
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    stderr = (stderr + text).slice(-65536);
    for (const line of text.split(/\r?\n/)) if (line.trim()) call.onLog?.(printable(line));
  });
  try {
    const exit = await childExit(child);
    if (result) return result.value;
    if (error) throw new NbError(`${label}: ${printable(error.message)}`, error.hint ? printable(error.hint) : undefined, error.code === 'refused' || error.code === 'interrupted' ? error.code : 'error');
    if (call.signal.aborted) throw new NbError('interrupted', 'nothing there was changed', 'interrupted');
    const failure = sshFailure(exit, stderr, { label, host: at.host, port: at.port, path: at.path, doing: RUN.doing });
    if (failure === 'refused') throw new NbError(`${label}: ${printable(stderr.trim().split('\n').at(-1) ?? 'refused')}`, 'nothing there was changed', 'refused');
    throw failure ?? new NbError(`${label}: nbbackup stopped there without an answer`, 'run the same ssh command by hand to see more');
  } finally {
    call.signal.removeEventListener('abort', askToStop);
    stopGroup(child);
  }
}

/** Far text as one printable line: a far host's output never drives this terminal. */
export function printable(text: string): string {
  return text.replace(/[\0-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]+/g, ' ').trim().slice(0, 500);
}

/** Every string of an answer made printable: the far host's files and servers are input here. */
function printableDeep<T>(value: T): T {
  if (typeof value === 'string') return printable(value) as T;
  if (Array.isArray(value)) return value.map(printableDeep) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [printable(k), printableDeep(v)])) as T;
  return value;
}

/** The helper's file and sha256: beside the running chunk in dist/, or the project's build when run from source (tests). */
function agentBundle(): { path: string; sha256: string } {
  const candidates = [new URL('./far-agent.js', import.meta.url), new URL('../../../dist/far-agent.js', import.meta.url)].map((u) => fileURLToPath(u));
  const file = candidates.find((c) => existsSync(c));
  if (!file) throw new NbError('this nbbackup lacks its far-side helper (dist/far-agent.js)', 'build it with npm run build');
  return { path: file, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') };
}
