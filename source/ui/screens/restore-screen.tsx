import { useLayoutEffect, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { useLiveState } from '../hooks/use-live-state.js';
import { Spinner, TextInput } from '@inkjs/ui';
import type { Install } from '../../core/discover/install.js';
import { APP_STOPPED, type Check } from '../../core/restore/preflight.js';
import { useRestore, type RestoreChoices, type RestoreState } from '../hooks/use-restore.js';
import { is } from '../key-bindings.js';
import { Pointer } from '../components/select-parts.js';

export interface RestoreScreenProps {
  readonly setDir: string;
  readonly target: Install;
  readonly safetyDir: string;
  readonly active: boolean;
  readonly onTyping: (typing: boolean) => void;
  readonly onBusy: (busy: boolean) => void;
}

export const RESTORE_KEYS = [
  ['↑↓', 'option'],
  ['space', 'switch'],
  ['enter', 'go on'],
  ['esc', 'back'],
] as const;

/** Preflight and plan, options, the typed confirmation, then the steps as they run, and the outcome. */
export function RestoreScreen({ setDir, target, safetyDir, active, onTyping, onBusy }: RestoreScreenProps) {
  const { state, start, stopApp } = useRestore(setDir, target);
  return <RestoreView state={state} target={target} safetyDir={safetyDir} active={active} onTyping={onTyping} onBusy={onBusy} onStart={start} onStopApp={stopApp} />;
}

export interface RestoreViewProps extends Omit<RestoreScreenProps, 'setDir'> {
  readonly state: RestoreState;
  readonly onStart: (choices: RestoreChoices) => void;
  /** Stops the running app and checks again (offered when that is the only thing in the way). */
  readonly onStopApp: () => void;
}

export function RestoreView({ state, target, safetyDir, active, onTyping, onBusy, onStart, onStopApp }: RestoreViewProps) {
  const [field, setField, getField] = useLiveState(3);
  const [snapshot, setSnapshot] = useState(true);
  const [upgrade, setUpgrade] = useState(true);
  const [startAfter, setStartAfter] = useState(false);
  const onlyAppRunning = state.prepared?.checks.filter((c) => !c.ok).every((c) => c.id === APP_STOPPED) && state.prepared.checks.some((c) => !c.ok);
  useInput((input) => input === 's' && onStopApp(), { isActive: active && Boolean(onlyAppRunning) && !state.preparing });
  const [confirming, setConfirming] = useState(false);
  const [wrongName, setWrongName] = useState(false);
  const ready = state.prepared && state.prepared.checks.every((c) => c.ok) && !state.running && !state.outcome;
  useLayoutEffect(() => {
    if (state.outcome || state.error) onBusy(false);
  }, [state.outcome, state.error, onBusy]);
  useInput(
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
  useInput((_i, key) => key.escape && (setConfirming(false), onTyping(false)), { isActive: active && confirming });

  if (state.error) return <Text color="red">✖ {state.error}</Text>;
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
        <Progress state={state} />
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      {title}
      <Checks checks={checks} />
      {onlyAppRunning ? <Text color="yellow">Press s to stop the app now (pm2 or its compose service), then everything is checked again.</Text> : null}
      {state.note ? <Text dimColor wrap="truncate-end">{state.note}</Text> : null}
      <Text underline>Will be overwritten</Text>
      {plan.items.map((i) => (
        <Text key={i.entry.id} wrap="truncate-end">
          {'  '}
          {i.entry.id} <Text dimColor>← {i.entry.file}</Text>
        </Text>
      ))}
      {plan.skipped.map((s) => (
        <Text key={s.id} dimColor wrap="truncate-end">
          {'  '}skipped {s.id}: {s.reason}
        </Text>
      ))}
      {ready && !confirming ? (
        <Box flexDirection="column" marginTop={1}>
          <Box>
            <Pointer isSelected={field === 0} />
            <Text wrap="truncate-end">[{snapshot ? 'x' : ' '}] safety copy of what is overwritten, into {safetyDir}</Text>
          </Box>
          <Box>
            <Pointer isSelected={field === 1} />
            <Text>[{upgrade ? 'x' : ' '}] run nocobase upgrade afterwards</Text>
          </Box>
          <Box>
            <Pointer isSelected={field === 2} />
            <Text>[{startAfter ? 'x' : ' '}] start the app afterwards and wait for its answer</Text>
          </Box>
          <Box>
            <Pointer isSelected={field === 3} />
            <Text bold color={field === 3 ? 'red' : undefined}>
              [ Restore and overwrite {target.name} ]
            </Text>
          </Box>
        </Box>
      ) : null}
      {confirming ? (
        <Box flexDirection="column" marginTop={1}>
          <Text color="yellow">Type the install's name ({target.name}) to overwrite it, esc to go back:</Text>
          {wrongName ? <Text color="red">That is not {target.name}.</Text> : null}
          <TextInput
            onSubmit={(value) => {
              if (value.trim() !== target.name) {
                setWrongName(true);
                return;
              }
              onTyping(false);
              onBusy(true);
              onStart({ snapshot, upgrade, startApp: startAfter, safetyDir });
            }}
          />
        </Box>
      ) : null}
    </Box>
  );
}

/** Passed checks share a few lines (80×24 must hold the plan too); a failed one gets its own line and its fix. */
function Checks({ checks }: { readonly checks: readonly Check[] }) {
  const passed = checks.filter((c) => c.ok);
  return (
    <Box flexDirection="column">
      {passed.length ? (
        // Whole checks wrap, never a check split over two lines.
        <Box flexWrap="wrap">
          {passed.map((c, i) => (
            <Box key={c.name} marginRight={1}>
              <Text>
                <Text color="green">✔</Text> {c.name}
                {i < passed.length - 1 ? ' ·' : ''}
              </Text>
            </Box>
          ))}
        </Box>
      ) : null}
      {checks
        .filter((c) => !c.ok)
        .map((c) => (
          <CheckLine key={c.name} check={c} />
        ))}
    </Box>
  );
}

function CheckLine({ check }: { readonly check: Check }) {
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        {check.ok ? <Text color="green">✔</Text> : <Text color="red">✖</Text>} {check.name}: <Text dimColor>{check.detail}</Text>
      </Text>
      {check.ok || !check.fix ? null : (
        <Text color="yellow" wrap="truncate-end">
          {'    '}fix: {check.fix}
        </Text>
      )}
    </Box>
  );
}

function Progress({ state }: { readonly state: RestoreState }) {
  if (!state.running && !state.outcome) return null;
  const last = new Map(state.lines.map((l) => [l.id, l]));
  return (
    <Box flexDirection="column" marginTop={1}>
      {state.running ? <Spinner label={state.safetySet ? 'Restoring…' : 'Making the safety copy…'} /> : null}
      {[...last.values()].map((l) => (
        <Text key={l.id} wrap="truncate-end">
          {l.phase === 'done' ? <Text color="green">✔</Text> : l.phase === 'failed' ? <Text color="red">✖</Text> : l.phase === 'undone' ? <Text color="yellow">↺</Text> : <Text>·</Text>} {l.id}
          {l.phase === 'undone' ? ' rolled back' : ''}
          {l.detail ? <Text dimColor> {l.detail}</Text> : null}
        </Text>
      ))}
      {state.outcome ? (
        <Box flexDirection="column">
          <Text bold color={state.outcome.result === 'restored' ? 'green' : 'red'}>
            {state.outcome.result === 'restored' ? 'Restored.' : `Restore ${state.outcome.result}: ${state.outcome.reason ?? ''}`}
          </Text>
          {state.outcome.safetySet ? <Text wrap="truncate-end">Safety copy: {state.outcome.safetySet}</Text> : null}
          {state.outcome.upgrade ? <Text wrap="truncate-end">Upgrade: {state.outcome.upgrade.detail}</Text> : null}
          {state.outcome.started ? <Text color={state.outcome.started.ok ? 'green' : 'red'} wrap="truncate-end">App: {state.outcome.started.detail}</Text> : null}
          {state.outcome.notes.map((n, i) => (
            <Text key={i} dimColor wrap="truncate-end">
              · {n}
            </Text>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}
