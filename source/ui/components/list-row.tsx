import { Box, Text } from 'ink';
import { CURSOR, theme, tone } from '../theme.js';

// How every list and form row looks (menus, the checklist, option rows), so they all read alike.

/** The cursor in a fixed two-column box (Ink trims a Text's trailing space). */
export function Pointer({ here = false }: { readonly here?: boolean }) {
  return (
    <Box width={2} flexShrink={0}>
      <Text {...theme.cursor}>{here ? CURSOR : ' '}</Text>
    </Box>
  );
}

export interface ListRowProps {
  /** The cursor is on this row. */
  readonly here: boolean;
  /** Greyed: shown but not to be chosen. */
  readonly dim?: boolean;
  readonly children: React.ReactNode;
}

/** One terminal line per row: long text is cut, never wrapped (wrapping breaks redraws over SSH). */
export function ListRow({ here, dim = false, children }: ListRowProps) {
  return (
    <Box>
      <Pointer here={here} />
      <Text {...tone(here ? 'cursor' : dim && 'dim')} wrap="truncate-end">
        {children}
      </Text>
    </Box>
  );
}
