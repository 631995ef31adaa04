import { useKeys } from '../hooks/use-keys.js';
import { useLiveState } from '../hooks/use-live-state.js';
import { editText } from '../text-edit.js';
import { TypedLine } from './typed-line.js';

export interface TextFieldProps {
  /** Whether the field has the keyboard. */
  readonly active: boolean;
  /** Enter: the text as typed up to that key. */
  readonly onSubmit: (value: string) => void;
  /** Esc: leave the field. */
  readonly onCancel?: () => void;
  /** Called on every change (a wrong-name warning goes once typing resumes). */
  readonly onChange?: (value: string) => void;
  readonly width?: number;
  /** The text the field starts with (a folder to change). */
  readonly initial?: string;
  /** What comes before the text (default "> "). */
  readonly label?: string;
  /** A secret: each character shows as •, the text itself never reaches the screen. */
  readonly mask?: boolean;
}

/**
 * A one-line field that keeps its own text and takes a burst ("name⏎" pasted or typed ahead over SSH)
 * key by key: every key reads the text as the key before left it, so none is dropped or reordered and
 * enter sees them all. Ctrl+C is left to the app, which asks before quitting.
 */
export function TextField({ active, onSubmit, onCancel, onChange, width = 80, initial = '', label = '> ', mask = false }: TextFieldProps) {
  const [value, setValue, getValue] = useLiveState(initial);
  useKeys(
    (input, key) => {
      if (key.ctrl && input === 'c') return;
      const edit = editText(getValue(), input, key);
      if (edit === 'submit') onSubmit(getValue());
      else if (edit === 'cancel') onCancel?.();
      else if (edit) {
        setValue(edit.value);
        onChange?.(edit.value);
      }
    },
    { isActive: active },
  );
  return <TypedLine label={label} value={mask ? '•'.repeat(Array.from(value).length) : value} width={width} />;
}
