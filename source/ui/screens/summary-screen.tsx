import { Box, Text } from 'ink';
import { bytes } from '../format.js';
import type { RunState } from '../hooks/use-backup-run.js';
import { useVerify } from '../hooks/use-verify.js';
import type { Offer } from '../key-hints.js';
import { Mark, MarkLine } from '../components/mark.js';
import { SelectList, type SelectItem } from '../components/select-list.js';
import { VerdictLines } from '../components/verdict-lines.js';
import { theme } from '../theme.js';

/** `restore`: open the restore wizard on the set just written. */
export type SummaryAction = 'menu' | 'quit' | { readonly restore: string };

export interface SummaryScreenProps {
  readonly state: RunState;
  readonly onAction: (action: SummaryAction) => void;
  readonly active: boolean;
}

export const SUMMARY_KEYS: readonly Offer[] = ['up', 'down', ['select', 'do it'], 'quit'];

type Next = 'verify' | 'restore' | 'menu' | 'quit';

/** Per item ok or failed with the reason, where the set is, whether it verified, and what next. */
export function SummaryScreen({ state, onAction, active }: SummaryScreenProps) {
  const again = useVerify(state.result?.dir);
  const failed = state.items.filter((i) => i.phase === 'failed').length;
  const title = state.cancelled ? 'Backup cancelled' : state.error ? 'Backup failed' : failed ? `Backup finished with ${failed} failed item${failed > 1 ? 's' : ''}` : 'Backup finished';
  const actions: SelectItem<Next>[] = [
    ...(state.result ? [{ label: 'Verify the set again', value: 'verify' as const }, { label: 'Restore this set into an install…', value: 'restore' as const }] : []),
    { label: 'Back to the menu', value: 'menu' },
    { label: 'Quit', value: 'quit' },
  ];
  const onSelect = ({ value }: SelectItem<Next>) => {
    if (value === 'verify') again.run();
    else if (value !== 'restore') onAction(value);
    else if (state.result) onAction({ restore: state.result.dir });
  };
  return (
    <Box flexDirection="column">
      <Text bold {...(state.cancelled || state.error || failed ? theme.warn : theme.ok)}>
        {title}
      </Text>
      {state.items.map((item) => (
        <Text key={item.id} wrap="truncate-end">
          <Mark kind={item.phase === 'ok' ? 'ok' : item.phase === 'skipped' ? 'skipped' : 'fail'} /> {item.label.padEnd(22)}{' '}
          {item.phase === 'ok' ? `${bytes(item.bytes).padStart(9)}  ${item.file ?? ''}` : <Text {...theme.fail}>{item.error ?? (state.cancelled ? 'cancelled' : item.phase)}</Text>}
        </Text>
      ))}
      {state.error ? <MarkLine kind="fail">{state.error}</MarkLine> : null}
      {state.result ? (
        <Text wrap="truncate-end">
          Set: <Text bold>{state.result.dir}</Text>
        </Text>
      ) : null}
      {state.result ? <VerdictLines running={again.running || state.verifying} verdict={again.verdict ?? state.verdict} error={again.error} /> : null}
      <Box marginTop={1}>
        <SelectList items={actions} active={active} onSelect={onSelect} />
      </Box>
    </Box>
  );
}
