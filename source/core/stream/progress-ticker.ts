/** How often progress is sampled: a front end redraws at most ten times a second anyway. */
export const PROGRESS_MS = 100;

/**
 * Samples `read` every 100 ms and reports it when it changed; `stop` reports the last value once
 * more, so a step that ends between two samples still ends at its true count.
 */
export function progressTicker(read: () => number | undefined, report: ((done: number) => void) | undefined): { stop: () => void } {
  if (!report) return { stop: () => undefined };
  let last = -1;
  const tick = () => {
    const now = read();
    if (now === undefined || now === last) return;
    last = now;
    report(now);
  };
  const timer = setInterval(tick, PROGRESS_MS);
  timer.unref?.();
  return {
    stop: () => {
      clearInterval(timer);
      tick();
    },
  };
}

/** Lets through at most one call per 100 ms; `flush` passes the last held one at once. */
export function throttled<T>(fn: (value: T) => void): { push: (value: T) => void; flush: () => void } {
  let at = 0;
  let held: { value: T } | undefined;
  return {
    push: (value) => {
      const now = Date.now();
      if (now - at >= PROGRESS_MS) {
        at = now;
        held = undefined;
        fn(value);
      } else held = { value };
    },
    flush: () => {
      if (held) fn(held.value);
      held = undefined;
    },
  };
}
