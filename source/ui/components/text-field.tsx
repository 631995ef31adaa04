import { Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import { useLiveState } from '../hooks/use-live-state.js';
import { is } from '../key-bindings.js';
import { theme } from '../theme.js';

export interface TextFieldProps {
  /** Whether the field has the keyboard. */
  readonly active: boolean;
  /** Enter: the text as typed up to that key. */
  readonly onSubmit: (value: string) => void;
  /** Esc: leave the field. */
  readonly onCancel?: () => void;
  /** Called on every change (a wrong-name warning goes once typing resumes). */
  readonly onChange?: (value: string) => void;
}

/**
 * A one-line field that takes a burst ("name⏎" pasted or typed ahead over SSH) key by key: every key
 * reads the text as the key before left it, so none is dropped or reordered and enter sees them all.
 */
export function TextField({ active, onSubmit, onCancel, onChange }: TextFieldProps) {
  const [value, setValue, getValue] = useLiveState('');
  const change = (next: string) => {
    setValue(next);
    onChange?.(next);
  };
  useKeys(
    (input, key) => {
      if (is('select', input, key)) onSubmit(getValue());
      else if (is('back', input, key)) onCancel?.();
      else if (key.backspace || key.delete) change(Array.from(getValue()).slice(0, -1).join(''));
      else if (key.ctrl && input === 'u') change('');
      else if (input && !key.ctrl && !key.meta && !key.tab && !/[\u0000-\u001f\u007f]/.test(input)) change(getValue() + input);
    },
    { isActive: active },
  );
  return (
    <Text wrap="truncate-start">
      <Text {...theme.cursor}>{'> '}</Text>
      {value}
      <Text inverse> </Text>
    </Text>
  );
}
