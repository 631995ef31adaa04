import { Box, Text } from 'ink';
import { keyHints, type Offer } from '../key-hints.js';

export interface HelpOverlayProps {
  /** What the screen under the help offers, then what the app adds; each command is listed once. */
  readonly offers: readonly Offer[];
  /** Lines it may take; the keys go into two columns when one does not fit. */
  readonly height?: number;
}

/** Every key of the current screen, worded by the key table. */
export function HelpOverlay({ offers, height = 24 }: HelpOverlayProps) {
  const hints = keyHints(offers);
  // Border and title take three lines.
  const perColumn = Math.max(1, height - 3);
  const columns = Array.from({ length: Math.ceil(hints.length / perColumn) }, (_, i) => hints.slice(i * perColumn, (i + 1) * perColumn));
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>Keys</Text>
      <Box>
        {columns.map((column, c) => (
          <Box key={c} flexDirection="column" marginRight={2}>
            {column.map((hint) => (
              <Text key={`${hint.keys} ${hint.does}`} wrap="truncate-end">
                <Text bold>{hint.keys.padEnd(10)}</Text>
                {hint.does}
              </Text>
            ))}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
