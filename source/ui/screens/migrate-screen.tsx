import { useState } from 'react';
import { Box, Text } from 'ink';
import { Spinner } from '@inkjs/ui';
import { describeDestination } from '../../core/copy/parse-destination.js';
import type { InstallInventory } from '../../core/scan/take-inventory.js';
import type { Config } from '../../core/settings/config.js';
import type { Preferences } from '../../core/settings/preferences.js';
import type { ScreenAction, ScreenReport } from '../app.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { FORM_START, MigrateForm, type FormError, type MigrateFormValues } from '../components/migrate-form.js';
import { MigrationPlanView } from '../components/migration-plan.js';
import { MigrationProgress } from '../components/migration-progress.js';
import { MigrationResult } from '../components/migration-result.js';
import { stepOf, type MigrationState } from '../hooks/migration-state.js';
import { useAskBeforeCancel } from '../hooks/use-ask-before-cancel.js';
import { useKeys } from '../hooks/use-keys.js';
import { useMigration } from '../hooks/use-migration.js';
import { useReport } from '../hooks/use-report.js';
import { is } from '../key-bindings.js';
import { theme } from '../theme.js';
import { ChecklistScreen } from './checklist-screen.js';

export interface MigrateScreenProps {
  readonly inventory: InstallInventory;
  /** The config the app loaded: the ssh command (NBBACKUP_SSH over its `ssh`), engine folders. */
  readonly config?: Config;
  /** Where the set is made here, its compression and jobs, as a backup from this tool makes them. */
  readonly preferences: Preferences;
  readonly active: boolean;
  readonly height: number;
  readonly width: number;
  readonly onTyping: (typing: boolean) => void;
  readonly onReport?: (report: ScreenReport) => void;
  readonly onAction?: (action: ScreenAction) => void;
}

/** The wizard: destination, what moves (the backup's checklist) and options, connecting, the plan and the typed name, the run, its outcome. */
export function MigrateScreen({ inventory, config, preferences, active, height, width, onTyping, onReport, onAction }: MigrateScreenProps) {
  const { state, start, answer, cancel, back } = useMigration();
  const [values, setValues] = useState<MigrateFormValues>(FORM_START);
  const [to, setTo] = useState('');
  // The checklist is open (true), or was and the form's cursor goes back to What moves ('back').
  const [picking, setPicking] = useState<boolean | 'back'>(false);
  const step = stepOf(state);
  const from = inventory.install.name;
  if (step === 'form') {
    const ended = state.outcome ?? state.error;
    const error: FormError | undefined = ended && { line: state.outcome?.reason ?? state.error?.line ?? '', hint: state.outcome?.hint ?? state.error?.hint };
    const change = (next: MigrateFormValues) => {
      setValues(next);
      // What the last try said is about the values it had.
      if (ended) back();
    };
    if (picking === true) {
      const ticked = values.items === 'all' ? undefined : values.items;
      const done = (ids?: string[]) => {
        if (ids) change({ ...values, items: ids });
        setPicking('back');
      };
      return <ChecklistScreen {...{ inventory, ticked, active, height, width, onReport }} purpose={{ verb: 'Migrate', ask: 'tick what moves' }} onNext={done} onBack={() => done()} />;
    }
    return (
      <MigrateForm
        {...{ inventory, values, active, width, onTyping, onReport }}
        at={picking === 'back' ? 'items' : undefined}
        error={error}
        onChange={change}
        onPick={() => setPicking(true)}
        onConnect={(destination, stage) => {
          setTo(describeDestination(destination));
          setPicking(false);
          start({ inventory, items: values.items, destination, stage, upgrade: values.upgrade, stopApp: values.stopApp, startApp: values.startApp, config, preferences });
        }}
      />
    );
  }
  if (step === 'connecting') return <Connecting stage={state.stage} to={to} onBack={back} active={active} onReport={onReport} />;
  if (step === 'plan' && state.plan) {
    return <MigrationPlanView plan={state.plan} farName={state.plan.farName} canGo={state.asking && !state.plan.problems.length} {...{ active, height, width, onTyping, onReport }} onGo={() => answer(true)} onBack={back} />;
  }
  if (step === 'running') return <MigrationRun state={state} title={`Migrating ${from} → ${to}`} {...{ active, height, width, onReport }} onCancel={cancel} />;
  return <MigrationResult state={state} to={to} from={inventory.install.path} {...{ active, height, width, onReport, onAction }} onAgain={back} />;
}

function Connecting({ stage, to, onBack, active, onReport }: { readonly stage: MigrationState['stage']; readonly to: string; readonly onBack: () => void; readonly active: boolean; readonly onReport?: (report: ScreenReport) => void }) {
  useReport(onReport, [['back', 'stop and go back']]);
  useKeys((input, key) => is('back', input, key) && onBack(), { isActive: active });
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        Migrate to {to}
      </Text>
      <Spinner label={stage === 'inspect' ? `Inspecting the far side: its install, settings, databases, tools and disk…` : `Connecting to ${to.slice(0, to.lastIndexOf(':'))} and sending the far-side helper…`} />
      <Text {...theme.dim}>Nothing is changed on either side until you confirm the plan.</Text>
    </Box>
  );
}

/** The run with its progress; c, q or Ctrl+C asks before cancelling, which puts both sides back. */
export function MigrationRun({ state, title, active, height, width, onReport, onCancel }: { readonly state: MigrationState; readonly title: string; readonly active: boolean; readonly height: number; readonly width: number; readonly onReport?: (report: ScreenReport) => void; readonly onCancel: () => void }) {
  const ask = useAskBeforeCancel(onCancel, { active: active && !state.cancelling, keys: ['cancel', 'quit'] });
  useReport(onReport, state.cancelling ? [] : ask.asking ? ['yes', 'no'] : [['cancel', 'cancel (asks first)']], 'migrate');
  return (
    <Box flexDirection="column">
      <MigrationProgress state={state} title={title} width={width} height={height - ask.rows} />
      {ask.asking ? <ConfirmDialog question="Cancel the migration? Both sides are put back as they were." onYes={ask.yes} onNo={ask.no} /> : null}
    </Box>
  );
}
