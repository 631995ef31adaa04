import { Box, Text } from 'ink';
import type { LogLine } from '../hooks/use-backup-run.js';
import { theme } from '../theme.js';
import { Mark } from './mark.js';
import { Viewport } from './viewport.js';

/** Every warning, tool message and failure of the run with its time, newest in view unless scrolled to `focus`. */
export function LogView({ log, height, title, focus, closes = 'l or esc' }: { readonly log: readonly LogLine[]; readonly height: number; readonly title: string; readonly focus?: number; readonly closes?: string }) {
  const lines = log.map((line, i) => (
    <Text key={i} wrap="truncate-end">
      <Text {...theme.dim}>{new Date(line.at).toISOString().slice(11, 19)}</Text> <Mark kind={line.kind} /> {line.id}: {line.text}
    </Text>
  ));
  return (
    <Box flexDirection="column">
      <Text bold>
        {title} <Text {...theme.dim}>({closes} closes it)</Text>
      </Text>
      {lines.length ? <Viewport lines={lines} height={height - 1} focus={focus ?? lines.length - 1} /> : <Text {...theme.dim}>Nothing was logged.</Text>}
    </Box>
  );
}
