import { render } from 'ink';
import { openTuiSession } from '../core/session/tui-session.js';
import { App } from './app.js';
import { enterAlternateScreen } from './terminal-screen.js';

/** Opens the interactive tool on this machine's installs (or the demo), and cleans up after it. */
export async function startTui(options: { demo?: boolean } = {}): Promise<void> {
  const screen = enterAlternateScreen(process.stdout);
  // The menu comes first; installs (or the demo's PostgreSQL starting) stream in behind it.
  const session = openTuiSession({ demo: options.demo ?? false });
  // A closed SSH window (SIGHUP) or a kill must not leave the demo's PostgreSQL behind.
  const signals = { SIGHUP: 129, SIGTERM: 143 } as const;
  const onSignal = (signal: keyof typeof signals) => () => {
    screen.leave();
    void session.close().finally(() => process.exit(signals[signal]));
  };
  const handlers = Object.keys(signals).map((s) => [s, onSignal(s as keyof typeof signals)] as const);
  for (const [s, h] of handlers) process.once(s, h);
  let code = 0;
  try {
    const instance = render(<App scan={session.scan} rescan={session.rescan} onExitCode={(c) => (code = c)} />, { exitOnCtrlC: false, maxFps: 10 });
    await instance.waitUntilExit();
  } finally {
    screen.leave();
    for (const [s, h] of handlers) process.off(s, h);
    await session.close();
  }
  // Ctrl+C is an interrupt (130), as everywhere else; q is a normal end.
  process.exitCode = code;
}
