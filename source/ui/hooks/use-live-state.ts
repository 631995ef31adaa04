import { useCallback, useRef, useState } from 'react';

type Next<T> = T | ((previous: T) => T);

/**
 * State that key handlers read through `get()`, always the newest value. Keys typed ahead (or over a
 * slow SSH link) reach Ink together and run one after another before React renders again, so a handler
 * reading plain state would act on the value from before the previous key: `j` then space would tick
 * the row the cursor has just left.
 */
export function useLiveState<T>(initial: T | (() => T)): [T, (next: Next<T>) => void, () => T] {
  const ref = useRef<T>(undefined as T);
  const [value, setValue] = useState<T>(() => {
    ref.current = typeof initial === 'function' ? (initial as () => T)() : initial;
    return ref.current;
  });
  const set = useCallback((next: Next<T>) => {
    ref.current = typeof next === 'function' ? (next as (previous: T) => T)(ref.current) : next;
    setValue(ref.current);
  }, []);
  const get = useCallback(() => ref.current, []);
  return [value, set, get];
}
