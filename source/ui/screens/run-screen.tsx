import { useEffect, useLayoutEffect, useState } from 'react';
import { Box } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { useBackupRun, type BackupRunRequest, type RunState } from '../hooks/use-backup-run.js';
import { is } from '../key-bindings.js';
import { ProgressScreen } from './progress-screen.js';
import { SummaryScreen, type SummaryAction } from './summary-screen.js';

export interface RunScreenProps {
  readonly request: BackupRunRequest;
  readonly active: boolean;
  readonly width: number;
  /** True while dumps are running, so the app asks before quitting. */
  readonly onBusy: (busy: boolean) => void;
  readonly onAction: (action: SummaryAction) => void;
  /** The app's "stop everything" request (quit while busy). */
  readonly stopRequested: boolean;
}

/** Runs the backup and shows it. */
export function RunScreen({ request, active, width, onBusy, onAction, stopRequested }: RunScreenProps) {
  const { state, cancel } = useBackupRun(request);
  // In the commit that draws the summary: a key read right after that frame already sees the run finished.
  useLayoutEffect(() => onBusy(!state.finished), [state.finished, onBusy]);
  useEffect(() => {
    if (stopRequested) cancel();
  }, [stopRequested, cancel]);
  return <RunView state={state} active={active} width={width} onCancel={cancel} onAction={onAction} />;
}

export interface RunViewProps {
  readonly state: RunState;
  readonly active: boolean;
  readonly width: number;
  readonly onCancel: () => void;
  readonly onAction: (action: SummaryAction) => void;
}

/** Live progress while the backup runs (c asks to cancel), then its summary. */
export function RunView({ state, active, width, onCancel, onAction }: RunViewProps) {
  const [asking, setAsking] = useState(false);
  useKeys(
    (input, key) => {
      if (is('cancel', input, key)) setAsking(true);
    },
    { isActive: active && !state.finished && !asking },
  );
  if (state.finished) return <SummaryScreen state={state} onAction={onAction} active={active} />;
  return (
    <Box flexDirection="column">
      <ProgressScreen state={state} width={width} />
      {asking ? (
        <ConfirmDialog
          question="Cancel the backup? Running dumps stop and their partial files are removed."
          onYes={() => {
            setAsking(false);
            onCancel();
          }}
          onNo={() => setAsking(false)}
        />
      ) : null}
    </Box>
  );
}
