import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';

/** A program running in its own tmux server (never the user's), at a fixed terminal size. */
export class TmuxSession {
  private readonly socket = `nbtest-${randomBytes(4).toString('hex')}`;

  private constructor() {}

  static async start(command: string, columns = 80, rows = 24): Promise<TmuxSession> {
    const session = new TmuxSession();
    await execa('tmux', ['-L', session.socket, '-f', '/dev/null', 'new-session', '-d', '-s', 'main', '-x', String(columns), '-y', String(rows), command]);
    return session;
  }

  /** The visible screen as text; with `escapes`, with its colour and style codes. */
  async screen(escapes = false): Promise<string> {
    const { stdout } = await execa('tmux', ['-L', this.socket, 'capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', 'main'], { reject: false });
    return stdout;
  }

  /** Keys one at a time, as a person types them. */
  async keys(...keys: string[]): Promise<void> {
    for (const key of keys) {
      await execa('tmux', ['-L', this.socket, 'send-keys', '-t', 'main', key]);
      await sleep(120);
    }
  }

  async waitFor(text: string | RegExp, timeoutMs = 20000): Promise<string> {
    const until = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < until) {
      last = await this.screen();
      if (typeof text === 'string' ? last.includes(text) : text.test(last)) return last;
      await sleep(50);
    }
    throw new Error(`screen never showed ${String(text)}; last screen:\n${last}`);
  }

  /** The pid of the program in the pane (start it with `exec` so the shell gives way to it). */
  async pid(): Promise<number> {
    const { stdout } = await execa('tmux', ['-L', this.socket, 'list-panes', '-t', 'main', '-F', '#{pane_pid}']);
    return Number(stdout.trim());
  }

  async alive(): Promise<boolean> {
    return (await execa('tmux', ['-L', this.socket, 'has-session', '-t', 'main'], { reject: false })).exitCode === 0;
  }

  async kill(): Promise<void> {
    await execa('tmux', ['-L', this.socket, 'kill-server'], { reject: false });
  }
}
