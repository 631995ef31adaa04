import { Box, Text } from 'ink';
import { KEY_BINDINGS } from '../key-bindings.js';
import { keyHints, type KeyHint, type Offer } from '../key-hints.js';
import { theme } from '../theme.js';

// What a screen is for: these keep their place longest when the footer is short of room.
const ESSENTIAL = new Set(['enter', 'space', 'c', 'y']);
const essential = (hint: KeyHint) => ESSENTIAL.has(hint.keys) || hint.does === KEY_BINDINGS.no.does;

/**
 * The keys that work right now, always on the bottom line, worded by the key table. When they do not
 * fit, the last of the lesser hints give way first, and never the final one (the way to the help,
 * which lists them all).
 */
export function KeyFooter({ offers, width = 80 }: { readonly offers: readonly Offer[]; readonly width?: number }) {
  const all = keyHints(offers, true);
  const last = all.at(-1);
  const kept = all.slice(0, -1);
  const line = (hints: typeof all) => hints.map((hint) => `${hint.keys} ${hint.does}`).join(' · ');
  const fits = () => line([...kept, { keys: '…', does: '' }, ...(last ? [last] : [])]).length <= width;
  for (const keep of [false, true]) {
    for (let i = kept.length - 1; i >= 0 && !fits(); i--) if (essential(kept[i]) === keep) kept.splice(i, 1);
  }
  const text = [line(kept), ...(kept.length + 1 < all.length ? ['…'] : []), ...(last ? [line([last])] : [])].filter(Boolean).join(' · ');
  return (
    <Box>
      <Text {...theme.dim} wrap="truncate-end">
        {text}
      </Text>
    </Box>
  );
}
