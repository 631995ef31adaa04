import { Box, Text } from 'ink';
import { Spinner } from '@inkjs/ui';
import { bytes, duration, fit } from '../format.js';
import type { ItemProgress } from '../hooks/use-backup-run.js';
import { tone, type MarkKind } from '../theme.js';
import { Mark, MarkLine } from './mark.js';
import { ProgressBar } from './progress-bar.js';

export interface ProgressPaneProps {
  readonly item: ItemProgress;
  readonly width: number;
}

const MARK: Readonly<Record<Exclude<ItemProgress['phase'], 'running'>, MarkKind>> = { queued: 'waiting', ok: 'ok', failed: 'fail', skipped: 'skipped' };

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
  return (
    <Box flexDirection="column">
      <Box>
        <Box width={2}>{item.phase === 'running' ? <Spinner /> : <Mark kind={MARK[item.phase]} />}</Box>
        <Text>{fit(item.label, 20).padEnd(20)} </Text>
        <ProgressBar percent={item.phase === 'queued' ? 0 : item.percent} width={Math.max(10, width - 60)} />
        <Text {...tone(item.phase === 'queued' && 'dim')}>{stats(item)}</Text>
      </Box>
      <Detail item={item} />
    </Box>
  );
}

/** The line under a pane: why it failed, the last warning, or what is being dumped right now. */
function Detail({ item }: { readonly item: ItemProgress }) {
  if (item.phase === 'failed' && item.error) return <Text {...tone('fail')} wrap="truncate-end">{`    ${item.error}`}</Text>;
  if (item.phase !== 'running') return null;
  if (item.warning)
    return (
      <Box paddingLeft={4}>
        <MarkLine kind="warn" wrap="truncate-end">
          {item.warning}
        </MarkLine>
      </Box>
    );
  return item.object ? <Text {...tone('dim')} wrap="truncate-end">{`    ${item.object}`}</Text> : null;
}
