import { useInput, type Key } from 'ink';
import { useKeyRouter, useRoutedKeys } from '../key-router.js';
import { splitKeys } from '../split-keys.js';

/**
 * The keys a component answers to, one key at a time. Inside the app they come through the key
 * router (each key of a burst after the screen caught up with the one before); a component rendered
 * alone reads Ink's input and splits a burst itself. Handlers read state through useLiveState.
 */
export function useKeys(handler: (input: string, key: Key) => void, options: { readonly isActive?: boolean } = {}): void {
  const router = useKeyRouter();
  const isActive = options.isActive ?? true;
  useRoutedKeys(router, handler, isActive);
  useInput(
    (input, key) => {
      for (const [one, k] of splitKeys(input, key)) handler(one, k);
    },
    { isActive: isActive && !router },
  );
}
