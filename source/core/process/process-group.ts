/** Anything with a pid we started: an execa subprocess or a plain ChildProcess. */
export interface Killable {
  readonly pid?: number;
  kill(signal?: NodeJS.Signals): boolean;
}

/**
 * Children run in their own process group (detached), so a terminal's Ctrl+C reaches only us and we
 * stop them in order; killing the group also stops whatever they spawned.
 */
export function killGroup(child: Killable | undefined, signal: NodeJS.Signals = 'SIGTERM'): void {
  if (!child?.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** SIGTERM now, SIGKILL for whatever is still there a moment later. */
export function stopGroup(child: Killable | undefined, graceMs = 1500): void {
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
  timer.unref();
}
