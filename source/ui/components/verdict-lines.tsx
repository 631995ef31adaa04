import { Box, Text } from 'ink';
import { Spinner } from '@inkjs/ui';
import type { SetVerdict } from '../../core/verify/verify-set.js';

export interface VerdictLinesProps {
  readonly running: boolean;
  readonly verdict?: SetVerdict;
  readonly error?: string;
}

/** The outcome of a verify: one line when all is well, the damaged files by name when not. */
export function VerdictLines({ running, verdict, error }: VerdictLinesProps) {
  if (running) return <Spinner label="Verifying: re-hashing every file and reading each dump…" />;
  if (error) return <Text color="red">✖ {error}</Text>;
  if (!verdict) return null;
  if (verdict.ok) return <Text color="green">✔ Verified: {verdict.items.length} files match the manifest and read back.</Text>;
  if (verdict.filesOk) {
    return (
      <Text color="yellow" wrap="truncate-end">
        ! Incomplete set: its {verdict.items.length} files read back, but {verdict.missing.map((m) => m.id).join(', ')} failed at backup.
      </Text>
    );
  }
  return (
    <Box flexDirection="column">
      <Text color="red">✖ Verification failed:</Text>
      {verdict.items
        .filter((i) => !i.ok)
        .map((i) => (
          <Text key={i.id} color="red" wrap="truncate-end">
            {'  '}
            {i.error}
          </Text>
        ))}
    </Box>
  );
}
