import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  /** Only bounds a failure: a wait that succeeds returns as soon as its condition holds. */
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
  /** What is awaited, for the error message. */
  readonly what?: string;
  /** What was last seen (a screen, a process list), added to the error message. */
  readonly lastSeen?: () => unknown;
}

type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

/**
 * Polls `probe` until it returns something truthy, and returns that. Tests wait for a condition
 * (a frame showing a text, a file, a process gone), never for a fixed time: a loaded machine is slow,
 * not wrong. A probe that throws counts as "not yet".
 */
export async function waitFor<T>(probe: () => T | Promise<T>, options: WaitOptions = {}): Promise<Truthy<T>> {
  const { timeoutMs = 20_000, intervalMs = 20 } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as Truthy<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) break;
    await sleep(intervalMs);
  }
  const parts = [`timed out after ${timeoutMs / 1000}s waiting for ${options.what ?? 'a condition'}`];
  if (lastError) parts.push(`last error: ${lastError instanceof Error ? lastError.message : String(lastError)}`);
  if (options.lastSeen) parts.push(`last seen:\n${String(await options.lastSeen())}`);
  throw new Error(parts.join('; '));
}
