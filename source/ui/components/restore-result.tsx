import { useState, type ReactElement } from 'react';
import { Box, Text } from 'ink';
import type { ScreenAction, ScreenReport } from '../app.js';
import { shortPath } from '../format.js';
import { useKeys } from '../hooks/use-keys.js';
import { useReport } from '../hooks/use-report.js';
import type { RestoreState } from '../hooks/use-restore.js';
import { is } from '../key-bindings.js';
import type { Offer } from '../key-hints.js';
import { theme } from '../theme.js';
import { LogView } from './log-view.js';
import { Mark, MarkLine } from './mark.js';
import { SelectList, type SelectItem } from './select-list.js';
import { Viewport } from './viewport.js';

export interface RestoreResultProps {
  readonly state: RestoreState;
  readonly active: boolean;
  readonly height: number;
  readonly width: number;
  readonly onReport?: (report: ScreenReport) => void;
  readonly onAction?: (action: ScreenAction) => void;
  readonly onStartApp: () => void;
}

type Next = 'start' | 'log' | 'menu' | 'quit';

/** The outcome in plain words on top; how each item ended; then start the app, the log, menu, quit. */
export function headline(state: RestoreState): { text: string; ok: boolean } {
  const o = state.outcome;
  if (!o) return { text: `Restore failed: ${state.error ?? 'unknown error'}`, ok: false };
  if (o.result === 'restored') return { text: 'Restored.', ok: true };
  const rolledBack = o.steps.some((s) => s.status === 'rolled-back');
  if (o.result === 'interrupted') return { text: `Restore interrupted${rolledBack ? ' and rolled back' : ''}: the target is as it was.`, ok: false };
  return { text: `Restore failed${rolledBack ? ' and rolled back' : ''}: ${o.reason ?? ''}`, ok: false };
}

export function RestoreResult({ state, active, height, width, onReport, onAction, onStartApp }: RestoreResultProps) {
  const [showLog, setShowLog] = useState(false);
  const [logAt, setLogAt] = useState<number>();
  const log = state.log ?? [];
  // Offered until tried: a start that failed says why on its own line (often "start it yourself").
  const canStart = state.outcome?.result === 'restored' && !state.started;
  const actions: SelectItem<Next>[] = [
    ...(canStart ? [{ key: 'start', label: state.starting ? 'Starting the app…' : 'Start the app', value: 'start' as const, disabled: state.starting }] : []),
    { label: 'Open the log of this restore', value: 'log' },
    { label: 'Back to the menu', value: 'menu' },
    { label: 'Quit', value: 'quit' },
  ];
  // Esc is this screen's own: it closes the log, else it goes to the menu (there is no going back
  // into a restore that has ended).
  const keys: Offer[] = showLog ? ['up', 'down', 'pageUp', 'pageDown', ['log', 'close the log'], ['back', 'close the log']] : ['up', 'down', ['select', 'do it'], ['log', 'the log'], ['back', 'menu']];
  useReport(onReport, keys);
  const last = Math.max(0, log.length - 1);
  const page = Math.max(1, height - 4);
  useKeys(
    (input, key) => {
      if (is('log', input, key)) setShowLog((v) => !v);
      else if (is('back', input, key)) return showLog ? setShowLog(false) : onAction?.('menu');
      else if (!showLog) return;
      else if (is('up', input, key)) setLogAt((a) => Math.max(0, (a ?? last) - 1));
      else if (is('down', input, key)) setLogAt((a) => Math.min(last, (a ?? last) + 1));
      else if (is('pageUp', input, key)) setLogAt((a) => Math.max(0, (a ?? last) - page));
      else if (is('pageDown', input, key)) setLogAt((a) => Math.min(last, (a ?? last) + page));
    },
    { isActive: active },
  );
  const onSelect = ({ value }: SelectItem<Next>) => {
    if (value === 'start') onStartApp();
    else if (value === 'log') setShowLog(true);
    else onAction?.(value);
  };
  if (showLog) return <LogView log={log} height={height} title="This restore’s log" focus={logAt} closes="l" />;

  const o = state.outcome;
  const { text, ok } = headline(state);
  const lines: ReactElement[] = [];
  for (const s of o?.steps ?? []) {
    lines.push(
      <Text key={`step:${s.id}`} wrap="truncate-end">
        <Mark kind={s.status === 'restored' ? 'ok' : s.status === 'failed' ? 'fail' : 'undone'} /> {s.id}
        {s.status === 'rolled-back' ? ' rolled back' : ''}
        {s.error ? <Text {...theme.fail}> {s.error}</Text> : null}
        {s.notes?.length ? <Text {...theme.dim}> {s.notes.join('; ')}</Text> : null}
      </Text>,
    );
  }
  const safety = o?.safetySet ?? state.safetySet;
  if (safety) lines.push(<Text key="safety" wrap="truncate-end">Safety copy: {shortPath(safety, width - 14)}</Text>);
  if (o?.upgrade) lines.push(<Text key="upgrade" wrap="truncate-end">Upgrade: {o.upgrade.detail}</Text>);
  if (state.started) lines.push(<MarkLine key="app" kind={state.started.ok ? 'ok' : 'fail'} wrap="truncate-end">App: {state.started.detail}</MarkLine>);
  for (const [i, n] of (o?.notes ?? []).entries()) lines.push(<Text key={`note:${i}`} {...theme.dim} wrap="truncate-end">· {n}</Text>);
  const firstFail = (o?.steps ?? []).findIndex((s) => s.status === 'failed');
  return (
    <Box flexDirection="column">
      <Text bold {...(ok ? theme.ok : theme.fail)} wrap="truncate-end">
        {text}
      </Text>
      <Viewport lines={lines} height={Math.max(2, height - 2 - actions.length)} focus={Math.max(0, firstFail)} />
      <Box marginTop={1}>
        <SelectList items={actions} active={active && !showLog} onSelect={onSelect} />
      </Box>
    </Box>
  );
}
