/**
 * One AbortController for the whole command: Ctrl+C, SIGTERM or SIGHUP (the SSH link dropped) stop the
 * children, remove partial files or roll back, then the command exits 130. Further signals while that
 * runs are acknowledged, never obeyed halfway.
 */
export function interruptSignal(what = 'stopping'): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const say = (text: string) => {
    // After SIGHUP the terminal may be gone: a failed write must not end the cleanup.
    try {
      process.stderr.write(text);
    } catch {
      // nowhere to say it
    }
  };
  let first = 0;
  const onSignal = () => {
    // signal-exit (loaded with execa) raises the same signal again at once: only a later one is the operator's.
    if (!controller.signal.aborted) {
      first = Date.now();
      say(`\nnbbackup: interrupted, ${what}…\n`);
    } else if (Date.now() - first > 500) say(`\nnbbackup: still ${what}; it finishes by itself\n`);
    controller.abort();
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const s of signals) process.on(s, onSignal);
  process.stderr.on('error', () => undefined);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const s of signals) process.off(s, onSignal);
    },
  };
}
