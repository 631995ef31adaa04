import { Box, Text } from 'ink';
import { keyHints, type Offer } from '../key-hints.js';
import { theme } from '../theme.js';

/** The keys of the current screen, always at the bottom, worded by the key table. */
export function KeyFooter({ offers }: { readonly offers: readonly Offer[] }) {
  return (
    <Box>
      <Text {...theme.dim} wrap="truncate-end">
        {keyHints(offers, true)
          .map((hint) => `${hint.keys} ${hint.does}`)
          .join(' · ')}
      </Text>
    </Box>
  );
}
