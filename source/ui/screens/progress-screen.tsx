import { Box, Text } from 'ink';
import { bytes, duration } from '../format.js';
import type { RunState } from '../hooks/use-backup-run.js';
import { ProgressBar } from '../components/progress-bar.js';
import { ProgressPane } from '../components/progress-pane.js';
import type { Offer } from '../key-hints.js';
import { theme } from '../theme.js';

export interface ProgressScreenProps {
  readonly state: RunState;
  readonly width: number;
  readonly now?: number;
}

export const PROGRESS_KEYS: readonly Offer[] = ['cancel', ['quit', 'stop and quit']];

/** An overall bar on top, then one pane per item. */
export function ProgressScreen({ state, width, now = Date.now() }: ProgressScreenProps) {
  const total = state.items.reduce((s, i) => s + (i.estimate ?? 0), 0);
  const done = state.items.reduce((s, i) => s + (i.phase === 'ok' ? (i.estimate ?? i.rawBytes) : Math.min(i.rawBytes, i.estimate ?? i.rawBytes)), 0);
  const finished = state.items.filter((i) => i.phase !== 'queued' && i.phase !== 'running').length;
  const percent = total ? Math.min(100, (100 * done) / total) : undefined;
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        {state.verifying ? 'Verifying the new set…' : 'Backing up…'} <Text {...theme.dim}>{state.setDir ?? ''}</Text>
      </Text>
      <Box>
        <Text>Overall </Text>
        <ProgressBar percent={percent} width={Math.max(10, width - 50)} />
        <Text>
          {' '}
          {finished}/{state.items.length} items {bytes(state.items.reduce((s, i) => s + i.bytes, 0))} written {duration((now - state.startedAt) / 1000)}
        </Text>
      </Box>
      <Box flexDirection="column" marginTop={1}>
        {state.items.map((item) => (
          <ProgressPane key={item.id} item={item} width={width} />
        ))}
      </Box>
      {state.cancelled ? <Text {...theme.warn}>Cancelled: children stopped, partial files removed.</Text> : null}
    </Box>
  );
}
