import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Runs `fn` again after a failure, waiting a little longer each time: a rollback must not give up
 * because a loaded server was slow to accept a connection or to let a terminated session go.
 * `fn` must be safe to run again (it looks at what is there before it acts).
 */
export async function retrying<T>(fn: (attempt: number) => Promise<T>, attempts = 4, firstWaitMs = 500): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= attempts) throw error;
      await sleep(firstWaitMs * 2 ** (attempt - 1));
    }
  }
}
