import { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import { Spinner } from '@inkjs/ui';
import { useRestore, type RestoreChoices, type RestoreState } from '../hooks/use-restore.js';
import { useReport } from '../hooks/use-report.js';
import { RestoreResult } from '../components/restore-result.js';
import { RestoreReview, type RestoreFrameProps } from '../components/restore-review.js';
import { RestoreSteps } from '../components/restore-steps.js';
import type { ScreenAction, ScreenReport } from '../app.js';
import type { LastRun } from '../../core/settings/last-run.js';
import { MarkLine } from '../components/mark.js';
import { theme } from '../theme.js';
import { KeyPrompt } from '../components/passphrase-prompt.js';

/** onReport: keys offered now, and busy while the restore runs (it is never stopped halfway). */
export interface RestoreScreenProps extends RestoreFrameProps {
  readonly setDir: string;
  /** Once, when the restore has ended: what the status line shows. */
  readonly onFinished?: (run: LastRun) => void;
  readonly onAction?: (action: ScreenAction) => void;
  /** The config's passcommand: an encrypted set's passphrase, when NBBACKUP_PASSPHRASE_FILE gives none. */
  readonly passcommand?: readonly string[];
}

/** Preflight and plan with ticks, options, the typed confirmation, then the steps as they run, and the outcome. */
export function RestoreScreen({ setDir, target, safetyDir, active, height, width, onTyping, onReport, onFinished, onAction, passcommand }: RestoreScreenProps) {
  const { state, start, stopApp, recheck, startApp, submitKey } = useRestore(setDir, target, passcommand);
  // A failure after the restore began (its log has lines), not one while reading the set.
  const finished = Boolean(state.outcome || (state.error && state.log?.length));
  useEffect(() => {
    if (!finished) return;
    const ok = state.outcome?.result === 'restored';
    onFinished?.({ kind: 'restore', install: target.name, ok, detail: ok ? 'restored' : (state.outcome?.result ?? 'failed'), at: new Date().toISOString() });
    // Once, when it has ended.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [finished]);
  return <RestoreView state={state} target={target} safetyDir={safetyDir} active={active} height={height} width={width} onTyping={onTyping} onReport={onReport} onAction={onAction} onStart={start} onStopApp={stopApp} onRecheck={recheck} onStartApp={startApp} onKey={submitKey} />;
}

export interface RestoreViewProps extends Omit<RestoreScreenProps, 'setDir' | 'onFinished' | 'passcommand'> {
  readonly state: RestoreState;
  readonly onStart: (choices: RestoreChoices) => void;
  /** Stops the running app and checks again (offered while the app answers). */
  readonly onStopApp: () => void;
  /** The plan and checks again for the ticked items. */
  readonly onRecheck: (items: readonly string[]) => void;
  /** Starts the app from the result screen. */
  readonly onStartApp: () => void;
  /** The key typed at the prompt of an encrypted set. */
  readonly onKey?: (text: string) => void;
}

/** Which part of the wizard the state is in; each part reports its own keys. */
export function RestoreView({ state, target, safetyDir, active, height, width, onTyping, onReport, onAction, onStart, onStopApp, onRecheck, onStartApp, onKey }: RestoreViewProps) {
  const [choices, setChoices] = useState<RestoreChoices>();
  const runningNow = !state.outcome && !state.error && (state.running || Boolean(choices));
  if (state.outcome || (state.error && choices)) return <RestoreResult state={state} active={active} height={height} width={width} onReport={onReport} onAction={onAction} onStartApp={onStartApp} />;
  if (runningNow) return <Running state={state} snapshot={choices?.snapshot ?? true} height={height} width={width} onReport={onReport} />;
  if (state.error) return <Stopped error={state.error} onReport={onReport} />;
  if (state.asking) {
    const passphrase = state.asking.kind === 'passphrase';
    return (
      <KeyPrompt
        title={passphrase ? 'This set is encrypted with a passphrase: type it to read the set.' : 'This set is encrypted to age public keys: give the identity file that opens it.'}
        label={passphrase ? 'Passphrase: ' : 'Identity file: '}
        secret={passphrase}
        error={state.asking.error}
        {...{ active, width, onTyping, onReport }}
        onSubmit={(text) => onKey?.(text)}
        onCancel={() => onAction?.('back')}
      />
    );
  }
  if (state.preparing || !state.prepared) return <Preparing note={state.note} onReport={onReport} />;
  return (
    <RestoreReview
      prepared={state.prepared}
      checking={Boolean(state.checking)}
      note={state.note}
      target={target}
      safetyDir={safetyDir}
      active={active}
      height={height}
      width={width}
      onTyping={onTyping}
      onReport={onReport}
      onStopApp={onStopApp}
      onRecheck={onRecheck}
      onGo={(chosen) => {
        setChoices(chosen);
        onStart(chosen);
      }}
    />
  );
}

function Running({ state, snapshot, height, width, onReport }: { readonly state: RestoreState; readonly snapshot: boolean; readonly height: number; readonly width: number; readonly onReport?: (report: ScreenReport) => void }) {
  useReport(onReport, [], 'restore');
  return <RestoreSteps state={state} snapshot={snapshot} height={height} width={width} />;
}

function Preparing({ note, onReport }: { readonly note?: string; readonly onReport?: (report: ScreenReport) => void }) {
  useReport(onReport, []);
  return <Spinner label={note ?? 'Reading the set and the target: verifying, checking…'} />;
}

function Stopped({ error, onReport }: { readonly error: string; readonly onReport?: (report: ScreenReport) => void }) {
  useReport(onReport, []);
  return (
    <Box flexDirection="column">
      <MarkLine kind="fail" wrap="truncate-end">
        {error}
      </MarkLine>
      <Text {...theme.dim}>Nothing was changed. Esc goes back.</Text>
    </Box>
  );
}
