import { Box, Text } from 'ink';
import { keyHints, type Offer } from '../key-hints.js';

export interface HelpOverlayProps {
  /** What the screen under the help offers, then what the app adds; each command is listed once. */
  readonly offers: readonly Offer[];
}

/** Every key of the current screen, one per line, worded by the key table. */
export function HelpOverlay({ offers }: HelpOverlayProps) {
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>Keys</Text>
      {keyHints(offers).map((hint) => (
        <Text key={`${hint.keys} ${hint.does}`}>
          <Text bold>{hint.keys.padEnd(12)}</Text>
          {hint.does}
        </Text>
      ))}
    </Box>
  );
}
