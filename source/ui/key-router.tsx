import { createContext, useContext, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useInput, type Key } from 'ink';
import { splitKeys } from './split-keys.js';

// One reader of the keyboard for the whole app. Keys that arrive together (typed ahead over a slow
// SSH link, or tmux send-keys) are applied one at a time, each after the screen has caught up with
// the one before it: "c y" must reach the dialog that "c" opened, "name⏎" the field's newest text.

type Handler = (input: string, key: Key) => void;

interface Entry {
  readonly handler: { current: Handler };
  readonly active: { current: boolean };
}

class KeyRouter {
  private readonly entries: Entry[] = [];
  private readonly queue: [string, Key][] = [];
  private draining = false;
  private waiting = false;
  /** Asks React for a commit that includes whatever the last key changed (set by the provider). */
  requestCommit?: () => void;

  add(entry: Entry): () => void {
    this.entries.push(entry);
    return () => {
      const at = this.entries.indexOf(entry);
      if (at >= 0) this.entries.splice(at, 1);
    };
  }

  receive(input: string, key: Key): void {
    this.queue.push(...splitKeys(input, key));
    if (!this.draining) this.drain();
  }

  private drain(): void {
    const next = this.queue.shift();
    if (!next) {
      this.draining = false;
      return;
    }
    this.draining = true;
    // Handlers as they are now: one the last key mounted is in, one it deactivated is not.
    for (const entry of [...this.entries]) if (entry.active.current && this.entries.includes(entry)) entry.handler.current(...next);
    if (!this.queue.length) {
      this.draining = false;
      return;
    }
    // The next key waits for the commit that holds what this one changed: a screen it opened has its
    // handlers in place by then (children's layout effects run before the provider's).
    this.waiting = true;
    if (this.requestCommit) this.requestCommit();
    else setImmediate(() => this.committed());
  }

  /** Called by the provider after each of its commits. */
  committed(): void {
    if (!this.waiting) return;
    this.waiting = false;
    // Not inside the commit: a key's own updates must not nest in React's.
    setImmediate(() => this.drain());
  }
}

const RouterContext = createContext<KeyRouter | undefined>(undefined);

/** Put once around the app: from then on every useKeys below reads keys through it. */
export function KeyRouterProvider({ children }: { readonly children: ReactNode }) {
  const router = useRef(new KeyRouter()).current;
  const [commits, setCommits] = useState(0);
  router.requestCommit = () => setCommits((n) => n + 1);
  useLayoutEffect(() => router.committed(), [router, commits]);
  useInput((input, key) => router.receive(input, key));
  return <RouterContext.Provider value={router}>{children}</RouterContext.Provider>;
}

/** The router above, if any (a screen rendered alone in a test reads Ink's input directly). */
export function useKeyRouter(): KeyRouter | undefined {
  return useContext(RouterContext);
}

/** Registers a handler with the router for as long as the component is mounted. */
export function useRoutedKeys(router: KeyRouter | undefined, handler: Handler, isActive: boolean): void {
  const handlerRef = useRef(handler);
  const activeRef = useRef(isActive);
  handlerRef.current = handler;
  activeRef.current = isActive;
  // A layout effect: in place in the same commit that draws the component, before the next key.
  useLayoutEffect(() => router?.add({ handler: handlerRef, active: activeRef }), [router]);
}
