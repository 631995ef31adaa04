import { Box, Text } from 'ink';
import { Spinner } from '@inkjs/ui';
import type { ReactElement } from 'react';
import { bytes, duration, fit } from '../format.js';
import type { StepLine, StepProgress } from '../hooks/restore-steps-fold.js';
import type { RestoreState } from '../hooks/use-restore.js';
import { theme, tone } from '../theme.js';
import { Mark } from './mark.js';
import { ProgressBar } from './progress-bar.js';
import { etaSeconds } from './progress-pane.js';
import { Viewport } from './viewport.js';

export type Phase = StepLine['phase'] | 'queued';

export interface RestoreStepsProps {
  readonly state: RestoreState;
  /** The safety copy was asked for. */
  readonly snapshot: boolean;
  readonly height: number;
  readonly width: number;
}

/** Percent, bytes of the total, rate and ETA (only once the rate means something). */
export function progressText(p: StepProgress | undefined): string {
  if (!p) return '';
  const percent = p.total ? `${String(Math.min(100, Math.round((100 * p.bytes) / p.total))).padStart(3)}%` : '';
  const rate = p.seconds >= 1 && p.bytes > 0 ? `${bytes(p.bytes / p.seconds)}/s` : '';
  const left = etaSeconds(p.bytes, p.total, p.seconds);
  return [percent, `${bytes(p.bytes)}${p.total ? ` of ${bytes(p.total)}` : ''}`, rate, left === undefined ? '' : `ETA ${duration(left)}`].filter(Boolean).join('  ');
}

/** One row: state, label, bar and numbers on a line that never wraps. */
export function stepRow(id: string, label: string, phase: Phase, progress: StepProgress | undefined, detail: string | undefined, width: number): ReactElement {
  const name = Math.max(10, Math.min(22, Math.floor(width / 4)));
  const numbers = phase === 'start' ? progressText(progress) : phase === 'queued' ? 'waiting' : phase === 'undone' ? 'rolled back' : phase === 'done' ? `done${progress ? ` · ${bytes(progress.total ?? progress.bytes)} in ${duration(progress.seconds)}` : ''}` : (detail ?? 'failed');
  const bar = phase === 'start' && progress?.total ? Math.min(30, width - 2 - name - 1 - numbers.length - 2) : 0;
  return (
    <Box key={id} width={width} height={1} overflow="hidden">
      <Box width={2} flexShrink={0}>
        {phase === 'start' ? <Spinner /> : <Mark kind={MARK[phase]} />}
      </Box>
      <Text wrap="truncate-end">
        {fit(label, name).padEnd(name)}{' '}
        {bar >= 6 ? <><ProgressBar percent={(100 * (progress?.bytes ?? 0)) / (progress?.total ?? 1)} width={bar} />{' '}</> : null}
        <Text {...tone(phase === 'failed' ? 'fail' : phase === 'queued' && 'dim')}>{numbers}</Text>
      </Text>
    </Box>
  );
}

const MARK = { queued: 'waiting', done: 'ok', failed: 'fail', undone: 'undone', start: 'waiting' } as const satisfies Record<Phase, string>;

/** The safety copy and each item as they run, with real progress; the item at work stays in view. */
export function RestoreSteps({ state, snapshot, height, width }: RestoreStepsProps) {
  const last = new Map(state.steps.map((l) => [l.id, l]));
  const plan = state.prepared?.plan;
  const ids = [...(plan?.items.map((i) => i.entry.id) ?? []), ...(plan?.keys ? [plan.keys.entry.id] : [])];
  const rows: ReactElement[] = [];
  let focus = 0;
  if (snapshot) {
    const phase: Phase = state.safetySet ? 'done' : state.steps.length || state.outcome ? 'failed' : 'start';
    rows.push(stepRow('safety', 'safety copy', phase, state.progress?.safety, state.outcome?.reason, width));
  }
  for (const id of ids) {
    const line = last.get(id);
    const phase: Phase = line?.phase ?? 'queued';
    if (phase === 'start' || phase === 'failed') focus = rows.length;
    rows.push(stepRow(id, id === plan?.keys?.entry.id ? 'app keys' : id, phase, state.progress?.[id], line?.detail, width));
  }
  const stepsDone = ids.length > 0 && ids.every((id) => last.get(id)?.phase === 'done');
  return (
    <Box flexDirection="column">
      <Text {...theme.warn} wrap="truncate-end">
        Restoring: it cannot be stopped halfway, it finishes or rolls itself back.
      </Text>
      <Viewport lines={rows} height={Math.max(3, height - 2)} focus={focus} />
      {stepsDone && state.running ? <Spinner label="Finishing: upgrade, then making it final…" /> : null}
    </Box>
  );
}
