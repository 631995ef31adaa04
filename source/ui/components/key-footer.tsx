import { Box, Text } from 'ink';
import { keyHints, type Offer } from '../key-hints.js';
import { theme } from '../theme.js';

/**
 * The keys that work right now, always on the bottom line, worded by the key table. When they do not
 * fit, the last hints give way, never the final one (the way to the help, which lists them all).
 */
export function KeyFooter({ offers, width = 80 }: { readonly offers: readonly Offer[]; readonly width?: number }) {
  const hints = keyHints(offers, true).map((hint) => `${hint.keys} ${hint.does}`);
  const last = hints.pop();
  while (hints.length && [...hints, '…', last].join(' · ').length > width) hints.pop();
  const all = keyHints(offers, true).length;
  const text = [...hints, ...(hints.length + 1 < all ? ['…'] : []), ...(last ? [last] : [])].join(' · ');
  return (
    <Box>
      <Text {...theme.dim} wrap="truncate-end">
        {text}
      </Text>
    </Box>
  );
}
