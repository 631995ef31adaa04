import { useEffect, useState } from 'react';
import { Box } from 'ink';
import { useAskBeforeCancel } from '../hooks/use-ask-before-cancel.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { needsNewPassphrase, runName, useBackupRun, type BackupRunRequest, type RunState } from '../hooks/use-backup-run.js';
import { NewPassphrasePrompt } from '../components/passphrase-prompt.js';
import type { ScreenAction, ScreenReport } from '../app.js';
import { useReport } from '../hooks/use-report.js';
import type { LastRun } from '../../core/settings/last-run.js';
import { bytes, plural } from '../format.js';
import { PROGRESS_KEYS, ProgressScreen } from './progress-screen.js';
import { SummaryScreen } from './summary-screen.js';

export interface RunScreenProps {
  readonly request: BackupRunRequest;
  readonly active: boolean;
  readonly width: number;
  readonly height: number;
  /** Keys offered, and busy while dumps run, so the app asks before quitting. */
  readonly onReport?: (report: ScreenReport) => void;
  /** Once, when the run has ended: what the status line shows. */
  readonly onFinished?: (run: LastRun) => void;
  readonly onAction: (action: ScreenAction) => void;
  /** The app's "stop everything" request (quit while busy). */
  readonly stopRequested: boolean;
  /** The passphrase prompt has the keyboard. */
  readonly onTyping?: (typing: boolean) => void;
}

/** Asks for a new passphrase first when the set is sealed with one nothing else gives (esc goes back), then runs. */
export function RunScreen(props: RunScreenProps) {
  const [passphrase, setPassphrase] = useState<string>();
  if (passphrase === undefined && needsNewPassphrase(props.request)) {
    const what = props.request.kind === 'profile' ? `Profile ${props.request.profile.name} encrypts with a passphrase` : 'This backup is encrypted with a passphrase';
    const { active, width, onTyping, onReport } = props;
    return (
      <NewPassphrasePrompt
        title={`${what}: type a new one for this set.`}
        note="The set cannot be read without it, and nbbackup keeps it nowhere."
        {...{ active, width, onTyping, onReport }}
        onDone={setPassphrase}
        onCancel={() => props.onAction('back')}
      />
    );
  }
  return <StartedRun {...props} request={passphrase === undefined ? props.request : { ...props.request, passphrase }} />;
}

/** Runs the backup and shows it. */
function StartedRun({ request, active, width, height, onReport, onFinished, onAction, stopRequested }: RunScreenProps) {
  const { state, cancel } = useBackupRun(request);
  useEffect(() => {
    if (stopRequested) cancel();
  }, [stopRequested, cancel]);
  useEffect(() => {
    if (!state.finished) return;
    const ok = state.items.filter((i) => i.phase === 'ok');
    const failed = state.items.filter((i) => i.phase === 'failed').length;
    const detail = state.cancelled ? 'cancelled' : state.error ? state.error : failed ? `${failed} of ${plural(state.items.length, 'item')} failed` : `${plural(ok.length, 'item')}, ${bytes(ok.reduce((s, i) => s + i.bytes, 0))}`;
    onFinished?.({ kind: 'backup', install: runName(request), ok: !state.cancelled && !state.error && !failed, detail, at: new Date().toISOString() });
    // Once per run: when it has finished.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state.finished]);
  return <RunView state={state} active={active} width={width} height={height} onCancel={cancel} onAction={onAction} onReport={onReport} canSaveProfile={request.kind !== 'profile'} />;
}

export interface RunViewProps {
  readonly state: RunState;
  readonly active: boolean;
  readonly width: number;
  readonly height: number;
  readonly onCancel: () => void;
  readonly onAction: (action: ScreenAction) => void;
  readonly onReport?: (report: ScreenReport) => void;
  readonly canSaveProfile?: boolean;
}

/** Live progress while the backup runs (c asks to cancel), then its summary. */
export function RunView({ state, active, width, height, onCancel, onAction, onReport, canSaveProfile }: RunViewProps) {
  const ask = useAskBeforeCancel(onCancel, { active: active && !state.finished });
  // In the commit that draws the summary: a key read right after that frame already sees the run finished.
  // Once finished, the summary says which keys it answers to (the log open or not).
  useReport(state.finished ? undefined : onReport, ask.asking ? ['yes', 'no'] : PROGRESS_KEYS, 'backup');
  if (state.finished) return <SummaryScreen state={state} onAction={onAction} active={active} height={height} width={width} onReport={onReport} canSaveProfile={canSaveProfile} />;
  return (
    <Box flexDirection="column">
      <ProgressScreen state={state} width={width} height={height - ask.rows} />
      {ask.asking ? <ConfirmDialog question="Cancel the backup? Running dumps stop and their partial files are removed." onYes={ask.yes} onNo={ask.no} /> : null}
    </Box>
  );
}
