import { useState } from 'react';
import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import { bytes, shortPath } from '../format.js';
import type { RunState } from '../hooks/use-backup-run.js';
import { useKeys } from '../hooks/use-keys.js';
import { useVerify } from '../hooks/use-verify.js';
import { is } from '../key-bindings.js';
import type { Offer } from '../key-hints.js';
import type { ScreenAction, ScreenReport } from '../app.js';
import { useReport } from '../hooks/use-report.js';
import { Mark, MarkLine } from '../components/mark.js';
import { LogView } from '../components/log-view.js';
import { SelectList, type SelectItem } from '../components/select-list.js';
import { VerdictLines } from '../components/verdict-lines.js';
import { Viewport } from '../components/viewport.js';
import { theme } from '../theme.js';

export interface SummaryScreenProps {
  readonly state: RunState;
  readonly onAction: (action: ScreenAction) => void;
  readonly active: boolean;
  readonly height: number;
  readonly width: number;
  readonly onReport?: (report: ScreenReport) => void;
  /** Offer to save the run's selection as a profile (a backup of ticked items, not a profile run). */
  readonly canSaveProfile?: boolean;
}

export const SUMMARY_KEYS: readonly Offer[] = ['up', 'down', ['select', 'do it'], ['log', 'the run’s log']];

type Next = 'verify' | 'restore' | 'save-profile' | 'menu' | 'quit';

/** Per item ok or failed with the reason, where the set is, whether it verified, and what next. */
export function SummaryScreen({ state, onAction, active, height, width, onReport, canSaveProfile }: SummaryScreenProps) {
  const again = useVerify(state.result?.dir);
  const [showLog, setShowLog] = useState(false);
  useReport(onReport, showLog ? [['log', 'close the log'], ['back', 'close the log']] : SUMMARY_KEYS);
  useKeys((input, key) => (is('log', input, key) ? setShowLog((v) => !v) : showLog && is('back', input, key) && setShowLog(false)), { isActive: active });
  const failed = state.items.filter((i) => i.phase === 'failed').length;
  const outcome = state.cancelled ? 'Backup cancelled' : state.error ? 'Backup failed' : failed ? `Backup finished with ${failed} failed item${failed > 1 ? 's' : ''}` : 'Backup finished';
  const title = state.profile ? `${outcome} · profile ${state.profile}` : outcome;
  // A cancelled run removed its set: nothing it names is on disk any more.
  const kept = Boolean(state.result) && !state.cancelled;
  const actions: SelectItem<Next>[] = [
    ...(kept ? [{ label: 'Verify the set again', value: 'verify' as const }, { label: 'Restore this set into an install…', value: 'restore' as const }] : []),
    ...(kept && canSaveProfile ? [{ label: 'Save as a profile to re-run or schedule…', value: 'save-profile' as const }] : []),
    { label: 'Back to the menu', value: 'menu' },
    { label: 'Quit', value: 'quit' },
  ];
  const onSelect = ({ value }: SelectItem<Next>) => {
    if (value === 'verify') again.run();
    else if (value !== 'restore') onAction(value);
    else if (state.result) onAction({ restore: state.result.dir });
  };
  const label = Math.min(22, Math.max(10, Math.floor(width / 4)));
  const lines: ReactElement[] = state.items.map((item) => (
    <Text key={item.id} wrap="truncate-end">
      <Mark kind={item.phase === 'ok' && !state.cancelled ? 'ok' : item.phase === 'skipped' ? 'skipped' : 'fail'} /> {item.label.slice(0, label).padEnd(label)}{' '}
      {item.phase === 'ok' && !state.cancelled ? `${bytes(item.bytes).padStart(9)}  ${item.file ?? ''}` : <Text {...theme.fail}>{item.error ?? (state.cancelled ? 'cancelled' : item.phase)}</Text>}
    </Text>
  ));
  for (const note of state.notes) lines.push(<MarkLine key={`note:${note}`} kind="warn" wrap="truncate-end">{note}</MarkLine>);
  if (state.error) lines.push(<MarkLine key="error" kind="fail" wrap="truncate-end">{state.error}</MarkLine>);
  if (kept && state.result) {
    lines.push(
      <Text key="set" wrap="truncate-end">
        Set: <Text bold>{shortPath(state.result.dir, width - 6)}</Text>
      </Text>,
    );
  }
  const firstFailure = state.items.findIndex((i) => i.phase === 'failed');
  // Title, the verify lines and the actions below keep their room; the items scroll.
  const verdictLines = kept ? 2 : 0;
  if (showLog) return <LogView log={state.log} height={height} title="The run’s log" />;
  return (
    <Box flexDirection="column">
      <Text bold {...(state.cancelled || state.error || failed ? theme.warn : theme.ok)}>
        {title}
      </Text>
      <Viewport lines={lines} height={height - 1 - verdictLines - actions.length - 1} focus={Math.max(0, firstFailure)} />
      {kept ? <VerdictLines running={again.running || state.verifying} verdict={again.verdict ?? state.verdict} error={again.error} /> : null}
      <Box marginTop={1}>
        <SelectList items={actions} active={active && !showLog} onSelect={onSelect} />
      </Box>
    </Box>
  );
}
