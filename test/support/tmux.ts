import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { execa } from 'execa';
import { childEnv, type ChildEnv } from './child-env.js';
import { waitFor } from './wait-for.js';

/**
 * A program running in its own tmux server (never the user's), at a fixed terminal size, in an
 * environment of its own (see childEnv): the server and so the program get nothing else.
 */
export class TmuxSession {
  private readonly socket = `nbtest-${randomBytes(4).toString('hex')}`;

  private constructor(readonly child: ChildEnv) {}

  static async start(command: string, options: { columns?: number; rows?: number; env?: Record<string, string | undefined> } = {}): Promise<TmuxSession> {
    const session = new TmuxSession(process.env.VITEST ? childEnv(options.env) : callersEnv(options.env));
    await session.tmux('new-session', '-d', '-s', 'main', '-x', String(options.columns ?? 80), '-y', String(options.rows ?? 24), command);
    return session;
  }

  /** Every tmux call runs in the session's environment: TMUX_TMPDIR and friends decide where the server is. */
  private tmux(...args: string[]) {
    return execa('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { env: this.child.env, extendEnv: false, reject: false });
  }

  /** The visible screen as text; with `escapes`, with its colour and style codes. */
  async screen(escapes = false): Promise<string> {
    return String((await this.tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', 'main')).stdout);
  }

  /**
   * Keys one at a time, as a person types them: each is sent once the one before it shows on the
   * screen, so no two reach the program in one read (see the report on typed-ahead keys).
   * Every key given here must change the screen.
   */
  async keys(...keys: string[]): Promise<void> {
    for (const key of keys) {
      const before = await this.screen();
      await this.send(key);
      await waitFor(async () => (await this.screen()) !== before, { what: `the screen to change after key ${JSON.stringify(key)}`, lastSeen: () => before });
    }
  }

  /** One key, without waiting for anything: for a key whose effect is awaited some other way (q, the last enter). */
  async send(key: string): Promise<void> {
    const result = await this.tmux('send-keys', '-t', 'main', key);
    if (result.exitCode !== 0) throw new Error(`tmux send-keys ${key} failed: ${String(result.stderr)}`);
  }

  /** Keys in one go, as typed ahead over a slow link: tmux writes them together, before any redraw. */
  async burst(...keys: string[]): Promise<void> {
    const result = await this.tmux('send-keys', '-t', 'main', ...keys);
    if (result.exitCode !== 0) throw new Error(`tmux send-keys ${keys.join(' ')} failed: ${String(result.stderr)}`);
  }

  /** Resizes the terminal, as an operator dragging the window (or SSH passing a new size) would. */
  async resize(columns: number, rows: number): Promise<void> {
    await this.tmux('resize-window', '-t', 'main', '-x', String(columns), '-y', String(rows));
  }

  async waitFor(text: string | RegExp, timeoutMs = 20_000): Promise<string> {
    const shows = (screen: string) => (typeof text === 'string' ? screen.includes(text) : text.test(screen));
    let last = '';
    return waitFor(async () => (shows((last = await this.screen())) ? last : undefined), { timeoutMs, what: `the screen to show ${String(text)}`, lastSeen: () => last });
  }

  /** The pid of the program in the pane (start it with `exec` so the shell gives way to it). */
  async pid(): Promise<number> {
    return Number(String((await this.tmux('list-panes', '-t', 'main', '-F', '#{pane_pid}')).stdout).trim());
  }

  async alive(): Promise<boolean> {
    return (await this.tmux('has-session', '-t', 'main')).exitCode === 0;
  }

  /** Waits for the program to end (the session goes with it). */
  async ended(timeoutMs = 20_000): Promise<void> {
    let last = '';
    await waitFor(async () => {
      if (!(await this.alive())) return true;
      last = await this.screen();
      return false;
    }, { timeoutMs, what: 'the program to end', lastSeen: () => last });
  }

  async kill(): Promise<void> {
    await this.tmux('kill-server');
  }
}

/** Outside a test run (the bench drives the tool too) the program gets the caller's environment. */
function callersEnv(extra: Readonly<Record<string, string | undefined>> = {}): ChildEnv {
  const env = Object.fromEntries(Object.entries({ ...process.env, ...extra }).filter((e): e is [string, string] => e[1] !== undefined));
  return { env, home: os.homedir(), tmp: os.tmpdir(), runtime: env.NBBACKUP_RUNTIME_DIR ?? '' };
}
