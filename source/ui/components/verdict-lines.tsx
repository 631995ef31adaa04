import { Box, Text } from 'ink';
import { Spinner } from '@inkjs/ui';
import { checkedFilesLine, type SetVerdict } from '../../core/verify/verify-set.js';
import { theme } from '../theme.js';
import { plural } from '../format.js';
import { MarkLine } from './mark.js';

export interface VerdictLinesProps {
  readonly running: boolean;
  readonly verdict?: SetVerdict;
  readonly error?: string;
}

/** The outcome of a verify: one line when all is well, the damaged files by name when not. */
export function VerdictLines({ running, verdict, error }: VerdictLinesProps) {
  if (running) return <Spinner label="Verifying: re-hashing every file and reading each dump…" />;
  if (error) return <MarkLine kind="fail">{error}</MarkLine>;
  if (!verdict) return null;
  if (verdict.ok) return <MarkLine kind="ok" wrap="truncate-end">Verified: {checkedFilesLine(verdict)}.</MarkLine>;
  if (verdict.filesOk) return <MarkLine kind="warn" wrap="truncate-end">Incomplete set: its {plural(verdict.items.length, 'file')} read back, but {verdict.missing.map((m) => m.id).join(', ')} failed at backup.</MarkLine>;
  return (
    <Box flexDirection="column">
      <MarkLine kind="fail">Verification failed:</MarkLine>
      {verdict.items
        .filter((i) => !i.ok)
        .map((i) => (
          <Text key={i.id} {...theme.fail} wrap="truncate-end">
            {'  '}
            {i.error}
          </Text>
        ))}
    </Box>
  );
}
