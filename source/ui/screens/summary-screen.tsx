import { Box, Text } from 'ink';
import SelectInput from 'ink-select-input';
import { OneLine, Pointer } from '../components/select-parts.js';
import { bytes } from '../format.js';
import type { RunState } from '../hooks/use-backup-run.js';
import { useVerify } from '../hooks/use-verify.js';
import { VerdictLines } from '../components/verdict-lines.js';

/** `restore`: open the restore wizard on the set just written. */
export type SummaryAction = 'menu' | 'quit' | { readonly restore: string };

export interface SummaryScreenProps {
  readonly state: RunState;
  readonly onAction: (action: SummaryAction) => void;
  readonly active: boolean;
}

export const SUMMARY_KEYS = [
  ['↑↓', 'choose'],
  ['enter', 'do it'],
] as const;

/** Per item ok or failed with the reason, where the set is, whether it verified, and what next. */
export function SummaryScreen({ state, onAction, active }: SummaryScreenProps) {
  const again = useVerify(state.result?.dir);
  const failed = state.items.filter((i) => i.phase === 'failed').length;
  const title = state.cancelled ? 'Backup cancelled' : state.error ? 'Backup failed' : failed ? `Backup finished with ${failed} failed item${failed > 1 ? 's' : ''}` : 'Backup finished';
  const actions = [
    ...(state.result ? [{ label: 'Verify the set again', value: 'verify' }, { label: 'Restore this set into an install…', value: 'restore' }] : []),
    { label: 'Back to the menu', value: 'menu' },
    { label: 'Quit', value: 'quit' },
  ];
  return (
    <Box flexDirection="column">
      <Text bold color={state.cancelled || state.error || failed ? 'yellow' : 'green'}>
        {title}
      </Text>
      {state.items.map((item) => (
        <Text key={item.id} wrap="truncate-end">
          {item.phase === 'ok' ? <Text color="green">✔</Text> : item.phase === 'skipped' ? <Text dimColor>-</Text> : <Text color="red">✖</Text>} {item.label.padEnd(22)}{' '}
          {item.phase === 'ok' ? `${bytes(item.bytes).padStart(9)}  ${item.file ?? ''}` : <Text color="red">{item.error ?? (state.cancelled ? 'cancelled' : item.phase)}</Text>}
        </Text>
      ))}
      {state.error ? <Text color="red">✖ {state.error}</Text> : null}
      {state.result ? (
        <Text wrap="truncate-end">
          Set: <Text bold>{state.result.dir}</Text>
        </Text>
      ) : null}
      {state.result ? <VerdictLines running={again.running || state.verifying} verdict={again.verdict ?? state.verdict} error={again.error} /> : null}
      <Box marginTop={1}>
        <SelectInput indicatorComponent={Pointer} itemComponent={OneLine} items={actions} isFocused={active} onSelect={(a) => {
            if (a.value === 'verify') again.run();
            else if (a.value === 'restore' && state.result) onAction({ restore: state.result.dir });
            else onAction(a.value as 'menu' | 'quit');
          }} />
      </Box>
    </Box>
  );
}
