import { Box, Text } from 'ink';
import { Spinner } from '@inkjs/ui';
import { bytes, duration, fit } from '../format.js';
import type { ItemProgress } from '../hooks/use-backup-run.js';
import { ProgressBar } from './progress-bar.js';

export interface ProgressPaneProps {
  readonly item: ItemProgress;
  readonly width: number;
}

const MARK: Readonly<Record<ItemProgress['phase'], string>> = { queued: '·', running: '', ok: '✔', failed: '✖', skipped: '-' };

/** Percent, bytes read, rate and ETA, in fixed columns; "waiting" before the item starts. */
export function stats(item: ItemProgress): string {
  if (item.phase === 'queued') return ' waiting';
  const rate = item.seconds > 0 ? item.rawBytes / item.seconds : 0;
  const eta = item.phase === 'running' && item.estimate && rate > 0 && item.rawBytes < item.estimate ? (item.estimate - item.rawBytes) / rate : undefined;
  const percent = item.percent === undefined ? '    ' : `${String(Math.round(item.percent)).padStart(3)}%`;
  return ` ${percent} ${bytes(item.rawBytes).padStart(9)} ${rate ? `${bytes(rate)}/s`.padStart(11) : ''}${eta === undefined ? '' : ` ETA ${duration(eta)}`}`;
}

/** One item: state, bar and stats, then the object being dumped, the last warning or the failure. */
export function ProgressPane({ item, width }: ProgressPaneProps) {
  const detail = item.phase === 'failed' ? item.error : item.phase === 'running' ? (item.warning ? `! ${item.warning}` : item.object) : undefined;
  return (
    <Box flexDirection="column">
      <Box>
        <Box width={2}>{item.phase === 'running' ? <Spinner /> : <Text color={item.phase === 'ok' ? 'green' : item.phase === 'failed' ? 'red' : undefined}>{MARK[item.phase]}</Text>}</Box>
        <Text>{fit(item.label, 20).padEnd(20)} </Text>
        <ProgressBar percent={item.phase === 'queued' ? 0 : item.percent} width={Math.max(10, width - 60)} />
        <Text dimColor={item.phase === 'queued'}>{stats(item)}</Text>
      </Box>
      {detail ? (
        <Text color={item.phase === 'failed' ? 'red' : item.warning ? 'yellow' : undefined} dimColor={item.phase === 'running' && !item.warning} wrap="truncate-end">
          {'    '}
          {detail}
        </Text>
      ) : null}
    </Box>
  );
}
