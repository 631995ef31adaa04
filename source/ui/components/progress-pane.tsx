import { Box, Text } from 'ink';
import { Spinner } from '@inkjs/ui';
import type { ReactElement } from 'react';
import { bytes, duration, fit } from '../format.js';
import type { ItemProgress } from '../hooks/backup-progress-fold.js';
import { tone, type MarkKind } from '../theme.js';
import { Mark, MarkLine } from './mark.js';
import { ProgressBar } from './progress-bar.js';

const MARK: Readonly<Record<Exclude<ItemProgress['phase'], 'running'>, MarkKind>> = { queued: 'waiting', ok: 'ok', failed: 'fail', skipped: 'skipped' };

/**
 * Seconds left, only once the measured rate means something: a dump's first second (connecting,
 * reading the catalogue) says nothing about the rest, and a size read at startup is only a guess.
 */
export function eta(item: ItemProgress): number | undefined {
  return item.phase === 'running' ? etaSeconds(item.rawBytes, item.estimate, item.seconds) : undefined;
}

/** Seconds left for `done` of `total` after `seconds`: only from 3 s on and between 5 and 99 %. */
export function etaSeconds(done: number, total: number | undefined, seconds: number): number | undefined {
  if (!total || seconds < 3 || done <= 0) return undefined;
  const share = done / total;
  if (share < 0.05 || share >= 0.99) return undefined;
  return (total - done) / (done / seconds);
}

/** Percent, bytes read, rate and ETA while it runs; the size written and the time taken once done. */
export function stats(item: ItemProgress): string {
  if (item.phase === 'queued') return ' waiting';
  if (item.phase === 'skipped') return ' skipped';
  if (item.phase !== 'running') return ` ${item.phase === 'ok' ? '100%' : '    '} ${bytes(item.bytes).padStart(9)} written in ${duration(item.seconds)}`;
  const rate = item.seconds > 0 ? item.rawBytes / item.seconds : 0;
  const left = eta(item);
  const percent = item.percent === undefined ? '    ' : `${String(Math.round(item.percent)).padStart(3)}%`;
  return ` ${percent} ${bytes(item.rawBytes).padStart(9)} ${rate ? `${bytes(rate)}/s`.padStart(11) : ''.padStart(11)}${left === undefined ? '' : ` ETA ${duration(left)}`}`;
}

/** The lines of one item: state, label, bar and stats on one line that never wraps; under it, the why. */
export function progressLines(item: ItemProgress, width: number): ReactElement[] {
  const label = Math.max(8, Math.min(20, Math.floor(width / 4)));
  const text = stats(item);
  // Whatever the line has left goes to the bar; a narrow terminal gets no bar rather than a wrapped row.
  const bar = width - 2 - label - 1 - 40;
  const lines: ReactElement[] = [
    <Box key={item.id} width={width} height={1} overflow="hidden">
      <Box width={2} flexShrink={0}>
        {item.phase === 'running' ? <Spinner /> : <Mark kind={MARK[item.phase]} />}
      </Box>
      <Text wrap="truncate-end">
        {fit(item.label, label).padEnd(label)}{' '}
        {bar >= 6 ? <ProgressBar percent={item.phase === 'queued' ? 0 : item.phase === 'ok' ? 100 : item.percent} width={bar} /> : null}
        <Text {...tone(item.phase === 'queued' && 'dim')}>{text}</Text>
      </Text>
    </Box>,
  ];
  const detail = detailOf(item);
  if (detail) lines.push(<Box key={`${item.id}:detail`} paddingLeft={4} width={width} height={1} overflow="hidden">{detail}</Box>);
  return lines;
}

/** The line under a pane: why it failed, the last warning, or what is being dumped right now. */
function detailOf(item: ItemProgress): ReactElement | undefined {
  if (item.phase === 'failed' && item.error) return <Text {...tone('fail')} wrap="truncate-end">{item.error}</Text>;
  if (item.phase !== 'running') return undefined;
  if (item.warning)
    return (
      <MarkLine kind="warn" wrap="truncate-end">
        {item.warning}
      </MarkLine>
    );
  return item.object ? <Text {...tone('dim')} wrap="truncate-end">{item.object}</Text> : undefined;
}
