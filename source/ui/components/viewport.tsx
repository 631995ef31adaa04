import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import { theme } from '../theme.js';
import { visibleWindow } from '../visible-window.js';

export interface ViewportProps {
  /** One terminal line each: every line cuts its text (wrap="truncate-end"), never wraps. */
  readonly lines: readonly ReactElement[];
  /** Lines the viewport may take. */
  readonly height: number;
  /** The line that must stay in view: the cursor, or the first ✖. */
  readonly focus?: number;
}

/**
 * A body that never runs off the screen: when the lines do not fit, it shows the slice around the
 * focus and says how many lines are above and below, so the header and footer stay where they are.
 */
export function Viewport({ lines, height, focus = 0 }: ViewportProps) {
  const room = Math.max(1, height);
  if (lines.length <= room) return <Box flexDirection="column">{lines}</Box>;
  // Two lines go to the "more" markers; what is left shows the lines around the focus.
  const inner = Math.max(1, room - 2);
  const { start, end } = visibleWindow(lines.length, Math.max(0, Math.min(lines.length - 1, focus)), inner);
  return (
    <Box flexDirection="column">
      <Text {...theme.dim}>{start > 0 ? `  ↑ ${start} more` : ' '}</Text>
      {lines.slice(start, end)}
      <Text {...theme.dim}>{end < lines.length ? `  ↓ ${lines.length - end} more` : ' '}</Text>
    </Box>
  );
}
