import { Box, Text } from 'ink';
import type { LastRun } from '../../core/settings/last-run.js';
import { Mark } from './mark.js';
import { theme } from '../theme.js';

/** The header: the tool's name, and on the right the last backup or restore and how it went. */
export function StatusLine({ width, lastRun }: { readonly width: number; readonly lastRun?: LastRun }) {
  const name = 'nbbackup · NocoBase backups';
  const last = lastRun ? ` last ${lastRun.kind} of ${lastRun.install} ${lastRun.at.slice(0, 19).replace('T', ' ')} ${lastRun.detail}` : '';
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
