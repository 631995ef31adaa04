import { useState } from 'react';
import { is, type Command } from '../key-bindings.js';
import { useKeys } from './use-keys.js';

// Cancelling a run undoes work, so a stray key must not do it: the key opens a yes/no question and
// only yes cancels. The backup run and the migration run ask the same way.

export interface AskBeforeCancel {
  /** The question is on screen and has the keyboard. */
  readonly asking: boolean;
  /** Lines the question's frame takes while it shows (the view above gives them up). */
  readonly rows: number;
  readonly yes: () => void;
  readonly no: () => void;
}

/** `keys` open the question while `active`; yes closes it and calls `onCancel`, no just closes it. */
export function useAskBeforeCancel(onCancel: () => void, { active, keys = ['cancel'] }: { readonly active: boolean; readonly keys?: readonly Command[] }): AskBeforeCancel {
  const [asking, setAsking] = useState(false);
  useKeys(
    (input, key) => {
      if (keys.some((k) => is(k, input, key))) setAsking(true);
    },
    { isActive: active && !asking },
  );
  return {
    asking,
    rows: asking ? 3 : 0,
    yes: () => {
      setAsking(false);
      onCancel();
    },
    no: () => setAsking(false),
  };
}
