import { Box, Text } from 'ink';

export interface HelpOverlayProps {
  /** [keys, what they do] of the current screen. */
  readonly keys: readonly (readonly [string, string])[];
}

const GLOBAL: readonly (readonly [string, string])[] = [
  ['?', 'this help (again to close)'],
  ['esc', 'back'],
  ['q', 'quit (asks while work is running)'],
];

export function HelpOverlay({ keys }: HelpOverlayProps) {
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>Keys</Text>
      {[...keys, ...GLOBAL].map(([k, what]) => (
        <Text key={`${k}${what}`}>
          <Text bold>{k.padEnd(12)}</Text>
          {what}
        </Text>
      ))}
    </Box>
  );
}
