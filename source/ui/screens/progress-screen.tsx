import { Box, Text } from 'ink';
import { bytes, duration, plural, shortPath } from '../format.js';
import type { RunState } from '../hooks/use-backup-run.js';
import { ProgressBar } from '../components/progress-bar.js';
import { progressLines } from '../components/progress-pane.js';
import { Viewport } from '../components/viewport.js';
import type { Offer } from '../key-hints.js';
import { theme } from '../theme.js';

export interface ProgressScreenProps {
  readonly state: RunState;
  readonly width: number;
  readonly height: number;
  readonly now?: number;
}

export const PROGRESS_KEYS: readonly Offer[] = ['cancel', ['quit', 'stop and quit']];

/** An overall line on top, then one pane per item; a failure or the running items stay in view. */
export function ProgressScreen({ state, width, height, now = Date.now() }: ProgressScreenProps) {
  const total = state.items.reduce((s, i) => s + (i.estimate ?? 0), 0);
  const done = state.items.reduce((s, i) => s + (i.phase === 'ok' ? (i.estimate ?? i.rawBytes) : Math.min(i.rawBytes, i.estimate ?? i.rawBytes)), 0);
  const finished = state.items.filter((i) => i.phase !== 'queued' && i.phase !== 'running').length;
  const percent = total ? Math.min(state.verifying ? 100 : 99, (100 * done) / total) : undefined;
  const read = state.items.reduce((s, i) => s + (i.phase === 'running' ? i.rawBytes : 0), 0);
  const written = state.items.reduce((s, i) => s + (i.phase === 'running' ? 0 : i.bytes), 0);
  const summary = ` ${finished}/${plural(state.items.length, 'item')} · ${bytes(written) || '0 B'} written${read ? ` · ${bytes(read)} being read` : ''} · ${duration((now - state.startedAt) / 1000)}`;
  const bar = width - 8 - summary.length;
  const lines = state.items.flatMap((item) => progressLines(item, width));
  const keyLine = (id: string) => lines.findIndex((l) => l.key === id);
  const failed = state.items.find((i) => i.phase === 'failed');
  const running = state.items.find((i) => i.phase === 'running');
  const focus = keyLine((failed ?? running ?? state.items[0])?.id ?? '');
  const title = state.verifying ? 'Verifying the new set… ' : 'Backing up… ';
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        {title}
        <Text {...theme.dim}>{shortPath(state.setDir ?? '', width - title.length)}</Text>
      </Text>
      <Box height={1} overflow="hidden">
        <Text wrap="truncate-end">
          Overall {bar >= 6 ? <ProgressBar percent={percent} width={bar} /> : null}
          {summary}
        </Text>
      </Box>
      <Viewport lines={lines} height={height - 3 - (state.cancelled ? 1 : 0)} focus={Math.max(0, focus)} />
      {state.cancelled ? <Text {...theme.warn}>Cancelled: children stopped, partial files removed.</Text> : null}
    </Box>
  );
}
