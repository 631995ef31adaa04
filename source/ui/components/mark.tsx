import { Text, type TextProps } from 'ink';
import { MARKS, tone, type MarkKind } from '../theme.js';

// The one place ✔, ✖ and their kin are drawn, so every screen marks outcomes the same way.

/** A mark alone, in its tone. */
export function Mark({ kind }: { readonly kind: MarkKind }) {
  const mark = MARKS[kind];
  return <Text {...tone(mark.tone)}>{mark.char}</Text>;
}

export interface MarkLineProps {
  readonly kind: MarkKind;
  /** The text after the mark, drawn in the mark's tone too. */
  readonly children: React.ReactNode;
  readonly wrap?: TextProps['wrap'];
}

/** A mark and its text in one tone: "✖ the error". */
export function MarkLine({ kind, children, wrap }: MarkLineProps) {
  const mark = MARKS[kind];
  return (
    <Text {...tone(mark.tone)} wrap={wrap}>
      {mark.char} {children}
    </Text>
  );
}
