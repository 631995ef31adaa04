import { useState } from 'react';

// The last guard before something is overwritten: the operator types its name. The restore review
// and the migration plan ask the same way, so the two cannot drift.

export interface TypedConfirm {
  /** The name to type. */
  readonly name: string;
  /** The field is open and has the keyboard. */
  readonly confirming: boolean;
  /** The last name typed was not the one asked for; cleared once typing resumes. */
  readonly wrongName: boolean;
  /** Lines the open field takes: the prompt, the field, and the warning when it shows. */
  readonly rows: number;
  readonly open: () => void;
  /** Esc: the field closes, nothing goes on. */
  readonly close: () => void;
  readonly edited: () => void;
  /** Enter: goes on when the name matches, else says it does not and stays open. */
  readonly submit: (value: string) => void;
}

/** The typed-name state; `onTyping` tells the app the field has the keyboard, `onConfirmed` runs on the right name. */
export function useTypedConfirm(name: string, onTyping: (typing: boolean) => void, onConfirmed: () => void): TypedConfirm {
  const [confirming, setConfirming] = useState(false);
  const [wrongName, setWrongName] = useState(false);
  const open = () => {
    setConfirming(true);
    setWrongName(false);
    onTyping(true);
  };
  const close = () => {
    setConfirming(false);
    onTyping(false);
  };
  const submit = (value: string) => {
    if (value.trim() !== name) return setWrongName(true);
    close();
    onConfirmed();
  };
  return { name, confirming, wrongName, rows: 2 + (wrongName ? 1 : 0), open, close, edited: () => setWrongName(false), submit };
}
