import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { NbError } from '../errors.js';
import { FarErrorSchema } from './far-answers.js';
import { printable, printableDeep } from '../text/printable.js';
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

/**
 * The helper's folder must be ours and closed to others, and so must every folder above it (by their
 * real paths, links resolved), but root's and sticky ones like /tmp: anyone who may rename a folder on
 * the way could put another file where the helper is started.
 */
const SAFE_FOLDER = [
  'if [ -L "$d" ]; then echo "$d is a link: nbbackup keeps its helper only in a real folder" >&2; exit 3; fi',
  'm=$(stat -c %a -- "$d") && u=$(stat -c %u -- "$d") || exit 1',
  `if [ "$u" != "$(id -u)" ] || [ $(( 0$m & 022 )) -ne 0 ]; then echo "$d belongs to another user or others may write in it: remove it" >&2; exit ${REFUSED}; fi`,
  'r=$(cd -P -- "$d" && pwd -P) || exit 1',
  `while [ "$r" != / ]; do r=$(dirname -- "$r"); m=$(stat -c %a -- "$r") && u=$(stat -c %u -- "$r") || exit 1; if { [ "$u" != 0 ] && [ "$u" != "$(id -u)" ]; } || { [ $(( 0$m & 022 )) -ne 0 ] && [ $(( 0$m & 01000 )) -eq 0 ]; }; then echo "$r, above nbbackup's helper folder, may be changed by another user: nbbackup does not run its helper there" >&2; exit ${REFUSED}; fi; done`,
];

/** Prints `present` when agent-$2.mjs is there whole. */
const CHECK: RemoteScript = {
  doing: 'prepare nbbackup in',
  tools: ['mkdir', 'stat', 'id', 'sha256sum', 'dirname'],
  lines: ['mkdir -p -- "$d" || exit 1', ...SAFE_FOLDER, 'a="$d/agent-$2.mjs"', 'if [ -f "$a" ] && [ ! -L "$a" ]; then h=$(sha256sum < "$a") && [ "${h%% *}" = "$2" ] && echo present; fi'],
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
  tools: ['stat', 'id', 'sha256sum', 'dirname'],
  lines: [
    'a="$d/agent-$2.mjs"',
    'h="$2"',
    'shift 2',
    // Checked again at every start: a backup and a transfer may lie between two starts.
    ...SAFE_FOLDER,
    `if [ ! -f "$a" ] || [ -L "$a" ]; then echo "nbbackup is not in $d any more" >&2; exit ${REFUSED}; fi`,
    `s=$(sha256sum < "$a"); if [ "\${s%% *}" != "$h" ]; then echo "nbbackup's helper in $d was changed since it was sent" >&2; exit ${REFUSED}; fi`,
    // A non-interactive ssh session often lacks nvm's PATH: the usual places are tried too.
    `for n in "$(command -v node 2>/dev/null)" /usr/local/bin/node /usr/bin/node "$HOME"/.nvm/versions/node/*/bin/node "$HOME"/.volta/bin/node; do if [ -n "$n" ] && [ -x "$n" ]; then v=$("$n" -e "process.stdout.write(process.versions.node.split('.')[0])" 2>/dev/null); if [ "$v" -ge 20 ] 2>/dev/null; then exec "$n" "$a" "$@"; fi; fi; done`,
    `echo "Node.js 20 or newer was not found there (looked on PATH, in /usr/local/bin, /usr/bin, ~/.nvm and ~/.volta); NocoBase needs it too: install it there" >&2; exit ${REFUSED}`,
  ],
};

/** The code of an error the helper itself answered with (the link was fine). */
const FAR_FAILURE = 'far';

export interface AgentCall<R, E> {
  readonly args: readonly string[];
  /** The answer's shape: anything else is no answer. */
  readonly result: z.ZodType<R>;
  /** An event's shape: others are dropped. */
  readonly event?: z.ZodType<E>;
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
  call<R, E = never>(call: AgentCall<R, E>): Promise<R>;
}

export function farAgent(spec: SshSpec, sshCommand: readonly string[]): FarAgent {
  const at = { ...spec, path: AGENT_DIR };
  const label = `${spec.user ? `${spec.user}@` : ''}${spec.host}`;
  const shell = remoteShell(at, sshCommand, label);
  const bundle = agentBundle();
  return {
    async install(signal) {
      const found = await shell.run(CHECK, { args: [bundle.sha256], refused: (why) => new NbError(`${label}: ${why}`, 'nbbackup keeps its helper in ~/.cache/nbbackup there', 'refused') }, signal);
      if (/^present$/m.test(found.toString('utf8'))) return false;
      await shell.run(PUT, { args: [bundle.sha256], upload: { path: bundle.path, from: 0, onProgress: () => undefined } }, signal);
      return true;
    },
    call: (call) => runAgent(at, sshCommand, label, bundle.sha256, call),
  };
}

/** One answer line is a few MB at most (a plan of thousands of items); a far end that sends more is cut off. */
const LINE_MAX_BYTES = 16 * 1024 * 1024;

async function runAgent<R, E>(at: SshSpec, sshCommand: readonly string[], label: string, sha256: string, call: AgentCall<R, E>): Promise<R> {
  const [file, args] = sshArgv(sshCommand, at, remoteCommand(RUN, at.path, [sha256, ...call.args]));
  const child = spawnTool(file, args, { stdin: 'pipe', stdout: 'pipe' });
  // Closing stdin asks the helper to stop; a dead link makes ssh exit on its own (ServerAlive).
  const askToStop = () => child.stdin?.end();
  call.signal.addEventListener('abort', askToStop, { once: true });
  if (call.signal.aborted) askToStop();
  child.stdin!.on('error', () => undefined);
  let result: { value: R } | undefined;
  let error: z.infer<typeof FarErrorSchema> | undefined;
  let garbled = '';
  let stderr = '';
  const take = (line: string) => {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      return; // a chatty login script: not ours
    }
    if (!message || typeof message !== 'object') return;
    const { event, result: answer, error: failed } = message as Record<string, unknown>;
    if (event !== undefined) {
      const parsed = call.event?.safeParse(printableDeep(event));
      if (parsed?.success) call.onEvent?.(parsed.data);
    } else if (answer !== undefined) {
      const parsed = call.result.safeParse(printableDeep(answer));
      if (parsed.success) result = { value: parsed.data };
      else garbled = 'it answered something nbbackup did not ask for';
    } else if (failed !== undefined) {
      const parsed = FarErrorSchema.safeParse(printableDeep(failed));
      if (parsed.success) error = parsed.data;
      else garbled = 'it failed without saying why';
    }
  };
  let pending = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    pending += chunk;
    let end: number;
    while ((end = pending.indexOf('\n')) >= 0) {
      take(pending.slice(0, end));
      pending = pending.slice(end + 1);
    }
    if (pending.length > LINE_MAX_BYTES) {
      garbled = `it answered more than ${LINE_MAX_BYTES} bytes in one line`;
      pending = '';
      stopGroup(child);
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    stderr = (stderr + text).slice(-65536);
    for (const line of text.split(/\r?\n/)) if (line.trim()) call.onLog?.(printable(line));
  });
  try {
    const exit = await childExit(child);
    if (pending) take(pending);
    if (result) return result.value;
    if (error) throw new NbError(`${label}: ${error.message}`, error.hint, error.code === 'refused' || error.code === 'interrupted' ? error.code : FAR_FAILURE);
    if (call.signal.aborted) throw new NbError('interrupted', 'nothing there was changed', 'interrupted');
    if (garbled) throw new NbError(`${label}: nbbackup there gave no usable answer (${garbled})`, 'a login script there may print to stdout; otherwise run the same ssh command by hand to see more');
    const failure = sshFailure(exit, stderr, { label, host: at.host, port: at.port, path: at.path, doing: RUN.doing });
    if (failure === 'refused') throw new NbError(`${label}: ${printable(stderr.trim().split('\n').at(-1) ?? 'refused')}`, 'nothing there was changed', 'refused');
    throw failure ?? new NbError(`${label}: nbbackup stopped there without an answer`, 'run the same ssh command by hand to see more');
  } finally {
    call.signal.removeEventListener('abort', askToStop);
    stopGroup(child);
  }
}

/** The helper's file and sha256: beside the running chunk in dist/, or the project's build when run from source (tests). */
function agentBundle(): { path: string; sha256: string } {
  const candidates = [new URL('./far-agent.js', import.meta.url), new URL('../../../dist/far-agent.js', import.meta.url)].map((u) => fileURLToPath(u));
  const file = candidates.find((c) => existsSync(c));
  if (!file) throw new NbError('this nbbackup lacks its far-side helper (dist/far-agent.js)', 'build it with npm run build');
  return { path: file, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') };
}
