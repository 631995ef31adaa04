import { Text } from 'ink';
import { theme } from '../theme.js';

export interface TypedLineProps {
  /** What comes before the text, e.g. "/". */
  readonly label: string;
  readonly value: string;
  /** Columns the line may take: a long value shows its end, where the typing is. */
  readonly width: number;
  readonly placeholder?: string;
}

/** One line of typed text with a block cursor at its end; keys reach it through editText. */
export function TypedLine({ label, value, width, placeholder }: TypedLineProps) {
  const room = Math.max(1, width - label.length - 2);
  const shown = value.length > room ? `…${value.slice(value.length - room + 1)}` : value;
  return (
    <Text wrap="truncate-end">
      {label}
      {shown}
      <Text inverse> </Text>
      {!value && placeholder ? <Text {...theme.dim}>{placeholder}</Text> : null}
    </Text>
  );
}
