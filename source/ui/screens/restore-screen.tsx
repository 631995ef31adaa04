import { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import { useLiveState } from '../hooks/use-live-state.js';
import { Spinner, TextInput } from '@inkjs/ui';
import type { Install } from '../../core/discover/install.js';
import { APP_STOPPED } from '../../core/restore/preflight.js';
import { useRestore, type RestoreChoices, type RestoreState } from '../hooks/use-restore.js';
import { is, KEY_BINDINGS } from '../key-bindings.js';
import type { Offer } from '../key-hints.js';
import { ListRow, Pointer } from '../components/list-row.js';
import { MarkLine } from '../components/mark.js';
import { PreflightChecks } from '../components/preflight-checks.js';
import { RestoreSteps } from '../components/restore-steps.js';
import { theme, tone } from '../theme.js';
import type { ScreenAction, ScreenReport } from '../app.js';
import { useReport } from '../hooks/use-report.js';
import type { LastRun } from '../../core/settings/last-run.js';

export interface RestoreScreenProps {
  readonly setDir: string;
  readonly target: Install;
  readonly safetyDir: string;
  readonly active: boolean;
  readonly height: number;
  readonly width: number;
  readonly onTyping: (typing: boolean) => void;
  /** Keys offered now, and busy while the restore runs (it is never stopped halfway). */
  readonly onReport?: (report: ScreenReport) => void;
  /** Once, when the restore has ended: what the status line shows. */
  readonly onFinished?: (run: LastRun) => void;
  readonly onAction?: (action: ScreenAction) => void;
}

export const RESTORE_KEYS: readonly Offer[] = ['up', 'down', 'toggle', ['select', 'go on']];

/** Preflight and plan, options, the typed confirmation, then the steps as they run, and the outcome. */
export function RestoreScreen({ setDir, target, safetyDir, active, height, width, onTyping, onReport, onFinished, onAction }: RestoreScreenProps) {
  const { state, start, stopApp } = useRestore(setDir, target);
  useEffect(() => {
    if (!state.outcome && !state.error) return;
    const ok = state.outcome?.result === 'restored';
    onFinished?.({ kind: 'restore', install: target.name, ok, detail: ok ? 'restored' : (state.outcome?.result ?? 'failed'), at: new Date().toISOString() });
    // Once, when it has ended.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [Boolean(state.outcome || state.error)]);
  return <RestoreView state={state} target={target} safetyDir={safetyDir} active={active} height={height} width={width} onTyping={onTyping} onReport={onReport} onAction={onAction} onStart={start} onStopApp={stopApp} />;
}

export interface RestoreViewProps extends Omit<RestoreScreenProps, 'setDir'> {
  readonly state: RestoreState;
  readonly onStart: (choices: RestoreChoices) => void;
  /** Stops the running app and checks again (offered when that is the only thing in the way). */
  readonly onStopApp: () => void;
}

export function RestoreView({ state, target, safetyDir, active, onTyping, onReport, onStart, onStopApp }: RestoreViewProps) {
  const [field, setField, getField] = useLiveState(3);
  const [snapshot, setSnapshot] = useState(true);
  const [upgrade, setUpgrade] = useState(true);
  const [startAfter, setStartAfter] = useState(false);
  const onlyAppRunning = state.prepared?.checks.filter((c) => !c.ok).every((c) => c.id === APP_STOPPED) && state.prepared.checks.some((c) => !c.ok);
  useKeys((input, key) => is('stopApp', input, key) && onStopApp(), { isActive: active && Boolean(onlyAppRunning) && !state.preparing });
  const [confirming, setConfirming] = useState(false);
  const [wrongName, setWrongName] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const ready = state.prepared && state.prepared.checks.every((c) => c.ok) && !state.running && !state.outcome;
  useReport(onReport, ready && !confirming ? RESTORE_KEYS : [], state.running || (confirmed && !state.outcome && !state.error) ? 'restore' : undefined);
  useKeys(
    (input, key) => {
      if (is('up', input, key)) setField((f) => Math.max(0, f - 1));
      else if (is('down', input, key)) setField((f) => Math.min(3, f + 1));
      else if (is('toggle', input, key) && getField() === 0) setSnapshot((v) => !v);
      else if (is('toggle', input, key) && getField() === 1) setUpgrade((v) => !v);
      else if (is('toggle', input, key) && getField() === 2) setStartAfter((v) => !v);
      else if (is('select', input, key) && getField() === 3) {
        setConfirming(true);
        onTyping(true);
      }
    },
    { isActive: active && Boolean(ready) && !confirming },
  );
  useKeys((input, key) => is('back', input, key) && (setConfirming(false), onTyping(false)), { isActive: active && confirming });

  if (state.error) return <MarkLine kind="fail">{state.error}</MarkLine>;
  if (state.preparing || !state.prepared) return <Spinner label={state.note ?? 'Reading the set and the target: verifying, checking…'} />;
  const { plan, checks, manifest } = state.prepared;
  const title = (
    <Text bold wrap="truncate-end">
      Restore {manifest.source.installName} ({manifest.createdAt.slice(0, 16).replace('T', ' ')}) into {target.name}
    </Text>
  );
  // Once under way, the checks and the plan give their room to the steps (80×24 must hold it all).
  if (state.running || state.outcome) {
    return (
      <Box flexDirection="column">
        {title}
        <RestoreSteps state={state} />
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      {title}
      <PreflightChecks checks={checks} />
      {onlyAppRunning ? <Text {...theme.warn}>Press {KEY_BINDINGS.stopApp.keys} to stop the app now (pm2 or its compose service), then everything is checked again.</Text> : null}
      {state.note ? <Text {...theme.dim} wrap="truncate-end">{state.note}</Text> : null}
      <Text underline>Will be overwritten</Text>
      {plan.items.map((i) => (
        <Text key={i.entry.id} wrap="truncate-end">
          {'  '}
          {i.entry.id} <Text {...theme.dim}>← {i.entry.file}</Text>
        </Text>
      ))}
      {plan.skipped.map((s) => (
        <Text key={s.id} {...theme.dim} wrap="truncate-end">
          {'  '}skipped {s.id}: {s.reason}
        </Text>
      ))}
      {ready && !confirming ? (
        <Box flexDirection="column" marginTop={1}>
          <ListRow here={field === 0}>[{snapshot ? 'x' : ' '}] safety copy of what is overwritten, into {safetyDir}</ListRow>
          <ListRow here={field === 1}>[{upgrade ? 'x' : ' '}] run nocobase upgrade afterwards</ListRow>
          <ListRow here={field === 2}>[{startAfter ? 'x' : ' '}] start the app afterwards and wait for its answer</ListRow>
          <Box>
            <Pointer here={field === 3} />
            <Text bold {...tone(field === 3 && 'fail')}>
              [ Restore and overwrite {target.name} ]
            </Text>
          </Box>
        </Box>
      ) : null}
      {confirming ? (
        <Box flexDirection="column" marginTop={1}>
          <Text {...theme.warn}>
            Type the install's name ({target.name}) to overwrite it, {KEY_BINDINGS.back.keys} to go back:
          </Text>
          {wrongName ? <Text {...theme.fail}>That is not {target.name}.</Text> : null}
          <TextInput
            onSubmit={(value) => {
              if (value.trim() !== target.name) {
                setWrongName(true);
                return;
              }
              onTyping(false);
              setConfirmed(true);
              onStart({ snapshot, upgrade, startApp: startAfter, safetyDir });
            }}
          />
        </Box>
      ) : null}
    </Box>
  );
}
