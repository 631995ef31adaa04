import { Box, Text } from 'ink';
import type { LastRun } from '../../core/settings/last-run.js';
import { Mark } from './mark.js';
import { theme } from '../theme.js';

/** The header: the tool's name, and on the right the last backup or restore and how it went. */
export function StatusLine({ width, lastRun }: { readonly width: number; readonly lastRun?: LastRun }) {
  const name = 'nbbackup · NocoBase backups';
  const last = lastRun ? ` ${lastRun.kind} ${lastRun.install} · ${lastRun.detail} · ${when(lastRun.at)}` : '';
  const room = width - name.length - 3;
  return (
    <Box width={width}>
      <Text {...theme.accent} bold>
        nbbackup <Text {...theme.dim}>· NocoBase backups</Text>
      </Text>
      {lastRun && room > 12 ? (
        <Box flexGrow={1} justifyContent="flex-end">
          <Text wrap="truncate-end">
            <Mark kind={lastRun.ok ? 'ok' : 'fail'} />
            <Text {...theme.dim}>{last.length > room ? `${last.slice(0, room - 1)}…` : last}</Text>
          </Text>
        </Box>
      ) : null}
    </Box>
  );
}

/** The time of day when it was today (UTC, as the sets are named), else the date too. */
function when(at: string, now = new Date().toISOString()): string {
  return at.slice(0, 10) === now.slice(0, 10) ? at.slice(11, 16) : `${at.slice(0, 10)} ${at.slice(11, 16)}`;
}
