import { useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { useLiveState } from '../hooks/use-live-state.js';
import { Spinner } from '@inkjs/ui';
import path from 'node:path';
import { bytes } from '../format.js';
import { useSets } from '../hooks/use-sets.js';
import { useVerify } from '../hooks/use-verify.js';
import { is } from '../key-bindings.js';
import { VerdictLines } from '../components/verdict-lines.js';
import { visibleWindow } from '../visible-window.js';
import { dataEntries } from '../../core/set/manifest.js';

export interface SetsScreenProps {
  readonly dir: string;
  readonly active: boolean;
  readonly height: number;
  /** When given, enter picks the set (for a restore) instead of verifying it. */
  readonly onPick?: (dir: string) => void;
}

export const SETS_KEYS = [
  ['↑↓', 'move'],
  ['enter', 'verify'],
  ['esc', 'back'],
] as const;

/** The sets in the backup folder, newest first; enter verifies the one under the cursor. */
export function SetsScreen({ dir, active, height, onPick }: SetsScreenProps) {
  const { loading, sets, error } = useSets(dir);
  const [cursor, setCursor, getCursor] = useLiveState(0);
  const [checking, setChecking] = useState<string>();
  const verify = useVerify(checking, true);
  useInput(
    (input, key) => {
      if (is('up', input, key)) setCursor((c) => Math.max(0, c - 1));
      else if (is('down', input, key)) setCursor((c) => Math.min(sets.length - 1, c + 1));
      else if (is('select', input, key)) {
        const picked = sets[getCursor()];
        if (!picked?.complete) return;
        if (onPick) onPick(picked.dir);
        else setChecking(picked.dir);
      }
    },
    { isActive: active },
  );
  const { start, end } = visibleWindow(sets.length, cursor, Math.max(3, height - 6));
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        {onPick ? 'Restore which set?' : 'Backup sets'} <Text dimColor>in {dir}</Text>
      </Text>
      {loading ? <Spinner label="Reading the backup folder…" /> : null}
      {error ? <Text color="red">✖ {error}</Text> : null}
      {!loading && !error && !sets.length ? <Text>No backup sets here yet.</Text> : null}
      {sets.slice(start, end).map((set, i) => {
        const here = start + i === cursor;
        const m = set.manifest;
        const items = m ? dataEntries(m).filter((it) => it.status === 'ok').length : 0;
        const failed = m ? m.items.filter((it) => it.status === 'failed').length : 0;
        return (
          <Text key={set.dir} color={here ? 'cyan' : undefined} dimColor={!set.complete} wrap="truncate-end">
            {here ? '❯ ' : '  '}
            {m
              ? `${m.createdAt.slice(0, 16).replace('T', ' ')}  ${m.source.installName}${m.source.nocobaseVersion ? ` ${m.source.nocobaseVersion}` : ''}  ${items} items${failed ? ` (${failed} failed)` : ''}  ${bytes(set.bytes)}`
              : `${path.basename(set.dir)}  incomplete (interrupted, no manifest)`}
          </Text>
        );
      })}
      {checking ? (
        <Box flexDirection="column" marginTop={1}>
          <Text wrap="truncate-end">{path.basename(checking)}</Text>
          <VerdictLines running={verify.running} verdict={verify.verdict} error={verify.error} />
        </Box>
      ) : null}
    </Box>
  );
}
