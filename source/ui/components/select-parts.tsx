import { Box, Text } from 'ink';

/** ink-select-input's pointer in a fixed two-column box (Ink trims a Text's trailing space). */
export function Pointer({ isSelected = false }: { readonly isSelected?: boolean }) {
  return (
    <Box width={2} flexShrink={0}>
      <Text color="cyan">{isSelected ? '❯' : ' '}</Text>
    </Box>
  );
}

/** One terminal line per choice: long text is cut, never wrapped (wrapping breaks redraws over SSH). */
export function OneLine({ isSelected = false, label }: { readonly isSelected?: boolean; readonly label: string }) {
  return (
    <Text color={isSelected ? 'cyan' : undefined} wrap="truncate-end">
      {label}
    </Text>
  );
}
