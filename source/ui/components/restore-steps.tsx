import { Box, Text } from 'ink';
import { Spinner } from '@inkjs/ui';
import type { RestoreState, StepLine } from '../hooks/use-restore.js';
import { theme } from '../theme.js';
import { Mark } from './mark.js';

/** Each restore step with its latest state, then the outcome: restored, or failed and rolled back. */
export function RestoreSteps({ state }: { readonly state: RestoreState }) {
  if (!state.running && !state.outcome) return null;
  const last = new Map(state.lines.map((l) => [l.id, l]));
  return (
    <Box flexDirection="column" marginTop={1}>
      {state.running ? <Spinner label={state.safetySet ? 'Restoring…' : 'Making the safety copy…'} /> : null}
      {[...last.values()].map((l) => (
        <Text key={l.id} wrap="truncate-end">
          <Mark kind={STEP_MARK[l.phase]} /> {l.id}
          {l.phase === 'undone' ? ' rolled back' : ''}
          {l.detail ? <Text {...theme.dim}> {l.detail}</Text> : null}
        </Text>
      ))}
      {state.outcome ? (
        <Box flexDirection="column">
          <Text bold {...(state.outcome.result === 'restored' ? theme.ok : theme.fail)}>
            {state.outcome.result === 'restored' ? 'Restored.' : `Restore ${state.outcome.result}: ${state.outcome.reason ?? ''}`}
          </Text>
          {state.outcome.safetySet ? <Text wrap="truncate-end">Safety copy: {state.outcome.safetySet}</Text> : null}
          {state.outcome.upgrade ? <Text wrap="truncate-end">Upgrade: {state.outcome.upgrade.detail}</Text> : null}
          {state.outcome.started ? (
            <Text {...(state.outcome.started.ok ? theme.ok : theme.fail)} wrap="truncate-end">
              App: {state.outcome.started.detail}
            </Text>
          ) : null}
          {state.outcome.notes.map((n, i) => (
            <Text key={i} {...theme.dim} wrap="truncate-end">
              · {n}
            </Text>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}

const STEP_MARK = { start: 'waiting', done: 'ok', failed: 'fail', undone: 'undone' } as const satisfies Record<StepLine['phase'], string>;
