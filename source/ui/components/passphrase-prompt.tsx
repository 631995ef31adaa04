import { useLayoutEffect, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import type { ScreenReport } from '../app.js';
import { useReport } from '../hooks/use-report.js';
import { MarkLine } from './mark.js';
import { TextField } from './text-field.js';
import { theme } from '../theme.js';

// The key of an encrypted set, asked for where no file or passcommand gives it. A passphrase goes
// from the field straight to core as a string in memory: it is never drawn (• per character), never
// logged, never written.

export interface KeyPromptProps {
  /** What is asked and why, one line. */
  readonly title: string;
  /** A dim line under the title (what becomes of the key). */
  readonly note?: string;
  /** Why the last answer was not taken, one line ("Wrong passphrase…"). */
  readonly error?: string;
  /** The field's label: "Passphrase: ", "Identity file: ". */
  readonly label: string;
  /** A passphrase: masked. A file's path is shown as typed. */
  readonly secret?: boolean;
  readonly active: boolean;
  readonly width: number;
  /** Enter with something typed. */
  readonly onSubmit: (text: string) => void;
  /** Esc: nothing is done with the set. */
  readonly onCancel: () => void;
  /** The field has the keyboard while the prompt is up: q and ? are typed, not acted on. */
  readonly onTyping?: (typing: boolean) => void;
  readonly onReport?: (report: ScreenReport) => void;
}

/** One titled line to type a key into; enter hands it over, esc leaves. */
export function KeyPrompt({ title, note, error, label, secret, active, width, onSubmit, onCancel, onTyping, onReport }: KeyPromptProps) {
  useReport(onReport, []);
  const typing = useRef(onTyping);
  typing.current = onTyping;
  // In the commit that draws the field: a key typed right after it is already the field's.
  useLayoutEffect(() => {
    typing.current?.(true);
    return () => typing.current?.(false);
  }, []);
  const [empty, setEmpty] = useState(false);
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">
        {title}
      </Text>
      {note ? (
        <Text {...theme.dim} wrap="truncate-end">
          {note}
        </Text>
      ) : null}
      {error || empty ? (
        <MarkLine kind="fail" wrap="truncate-end">
          {empty ? `Nothing typed: type the ${secret ? 'passphrase' : 'path'}, or esc to go back.` : error}
        </MarkLine>
      ) : null}
      <TextField
        key={`${title}|${error ?? ''}`}
        active={active}
        label={label}
        mask={secret}
        width={width}
        onChange={() => setEmpty(false)}
        onSubmit={(text) => (text.trim() ? onSubmit(text) : setEmpty(true))}
        onCancel={onCancel}
      />
    </Box>
  );
}

export interface NewPassphraseProps extends Pick<KeyPromptProps, 'active' | 'width' | 'onCancel' | 'onTyping' | 'onReport' | 'note'> {
  /** What the passphrase is for, one line. */
  readonly title: string;
  /** Typed twice, the same both times. */
  readonly onDone: (passphrase: string) => void;
}

/** A new passphrase for sealing a set: typed, then typed again to confirm; two that differ start over. */
export function NewPassphrasePrompt({ title, onDone, ...rest }: NewPassphraseProps) {
  const [first, setFirst] = useState<string>();
  const [differ, setDiffer] = useState(false);
  return (
    <KeyPrompt
      {...rest}
      secret
      title={first === undefined ? title : 'Type the same passphrase again to confirm it.'}
      label={first === undefined ? 'New passphrase: ' : 'Again: '}
      error={differ && first === undefined ? 'The two passphrases differ: type a new one again.' : undefined}
      onSubmit={(text) => {
        if (first === undefined) {
          setFirst(text);
          setDiffer(false);
        } else if (text === first) onDone(text);
        else {
          setFirst(undefined);
          setDiffer(true);
        }
      }}
    />
  );
}
