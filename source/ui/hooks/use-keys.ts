import { useInput, type Key } from 'ink';
import { splitKeys } from '../split-keys.js';

/**
 * Ink's useInput, one key at a time: a burst Ink hands over as one string reaches the handler key by
 * key. Handlers still run before React renders again, so they read state through useLiveState.
 */
export function useKeys(handler: (input: string, key: Key) => void, options: { readonly isActive?: boolean } = {}): void {
  useInput(
    (input, key) => {
      for (const [one, k] of splitKeys(input, key)) handler(one, k);
    },
    { isActive: options.isActive },
  );
}
