import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import type { Check } from '../../core/restore/preflight.js';
import { theme } from '../theme.js';
import { Mark } from './mark.js';

/**
 * The checks as one-line rows for a Viewport: failed ones first, each with its fix (and the items it
 * blocks, which unticking clears); the passed ones share lines, whole checks never split over two.
 */
export function preflightLines(checks: readonly Check[], width: number): ReactElement[] {
  const lines: ReactElement[] = [];
  for (const c of checks.filter((x) => !x.ok)) {
    lines.push(
      <Text key={`fail:${c.id}`} wrap="truncate-end">
        <Mark kind="fail" /> {c.name}: <Text {...theme.dim}>{c.detail}</Text>
      </Text>,
    );
    const untick = c.items?.length ? `${c.fix ? ' — ' : ''}or untick ${c.items.join(', ')}` : '';
    if (c.fix || untick) {
      lines.push(
        <Text key={`fix:${c.id}`} {...theme.warn} wrap="truncate-end">
          {'    '}fix: {c.fix ?? ''}
          {untick}
        </Text>,
      );
    }
  }
  const rows: string[][] = [];
  for (const c of checks.filter((x) => x.ok)) {
    const row = rows[rows.length - 1];
    const text = `✔ ${c.name}`;
    // " · " between checks, and room for the " ·" that says the list goes on.
    if (row && [...row, text].join(' · ').length + 2 <= width) row.push(text);
    else rows.push([text]);
  }
  rows.forEach((row, i) =>
    lines.push(
      <Text key={`ok:${i}`} wrap="truncate-end">
        {row.map((text, j) => (
          <Text key={j}>
            <Mark kind="ok" />
            {text.slice(1)}
            {j < row.length - 1 || i < rows.length - 1 ? ' ·' : ''}
            {j < row.length - 1 ? ' ' : ''}
          </Text>
        ))}
      </Text>,
    ),
  );
  return lines;
}

/** Every check, failed first with its fix; for a screen that has the room. */
export function PreflightChecks({ checks, width }: { readonly checks: readonly Check[]; readonly width: number }) {
  return <Box flexDirection="column">{preflightLines(checks, width)}</Box>;
}
