import { Box, Text } from 'ink';

/** The keys of the current screen, always at the bottom. */
export function KeyFooter({ keys }: { readonly keys: readonly (readonly [string, string])[] }) {
  return (
    <Box>
      <Text dimColor wrap="truncate-end">{[...keys, ['?', 'help'] as const].map(([key, what]) => `${key} ${what}`).join(' · ')}</Text>
    </Box>
  );
}
