import { useState } from 'react';
import { Box, Text } from 'ink';
import { Spinner } from '@inkjs/ui';
import path from 'node:path';
import type { SetSummary } from '../../core/set/backup-set.js';
import { MarkLine } from '../components/mark.js';
import { SelectList } from '../components/select-list.js';
import { VerdictLines } from '../components/verdict-lines.js';
import { bytes } from '../format.js';
import { useSets } from '../hooks/use-sets.js';
import { useVerify } from '../hooks/use-verify.js';
import type { Offer } from '../key-hints.js';
import type { ScreenAction, ScreenReport } from '../app.js';
import { useReport } from '../hooks/use-report.js';
import { theme } from '../theme.js';
import { dataEntries } from '../../core/set/manifest.js';

export interface SetsScreenProps {
  readonly dir: string;
  readonly active: boolean;
  readonly height: number;
  readonly width: number;
  /** When given, enter picks the set (for a restore) instead of verifying it. */
  readonly onPick?: (dir: string) => void;
  readonly onReport?: (report: ScreenReport) => void;
  /** A text field has the keyboard (the filter, a typed confirmation). */
  readonly onTyping?: (typing: boolean) => void;
  /** Restore from here, or leave. */
  readonly onAction?: (action: ScreenAction) => void;
}

export const SETS_KEYS: readonly Offer[] = ['up', 'down', ['select', 'verify']];
/** The same list when it picks the set to restore. */
export const PICK_SET_KEYS: readonly Offer[] = ['up', 'down', ['select', 'pick']];

/** The sets in the backup folder, newest first; enter verifies (or picks) the one under the cursor. */
export function SetsScreen({ dir, active, height, onPick, onReport }: SetsScreenProps) {
  useReport(onReport, onPick ? PICK_SET_KEYS : SETS_KEYS);
  const { loading, sets, error } = useSets(dir);
  const [checking, setChecking] = useState<string>();
  const verify = useVerify(checking, true);
  // An interrupted set (no manifest) is listed so it can be found, but is never verified or restored.
  const items = sets.map((set) => ({ key: set.dir, label: setLine(set), value: set.dir, disabled: !set.complete }));
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        {onPick ? 'Restore which set?' : 'Backup sets'} <Text {...theme.dim}>in {dir}</Text>
      </Text>
      {loading ? <Spinner label="Reading the backup folder…" /> : null}
      {error ? <MarkLine kind="fail">{error}</MarkLine> : null}
      {!loading && !error && !sets.length ? <Text>No backup sets here yet.</Text> : null}
      <SelectList items={items} active={active} height={Math.max(3, height - 6)} onSelect={(item) => (onPick ? onPick(item.value) : setChecking(item.value))} />
      {checking ? (
        <Box flexDirection="column" marginTop={1}>
          <Text wrap="truncate-end">{path.basename(checking)}</Text>
          <VerdictLines running={verify.running} verdict={verify.verdict} error={verify.error} />
        </Box>
      ) : null}
    </Box>
  );
}

function setLine(set: SetSummary): string {
  const m = set.manifest;
  if (!m) return `${path.basename(set.dir)}  incomplete (interrupted, no manifest)`;
  const items = dataEntries(m).filter((it) => it.status === 'ok').length;
  const failed = m.items.filter((it) => it.status === 'failed').length;
  return `${m.createdAt.slice(0, 16).replace('T', ' ')}  ${m.source.installName}${m.source.nocobaseVersion ? ` ${m.source.nocobaseVersion}` : ''}  ${items} items${failed ? ` INCOMPLETE: ${failed} failed` : ''}  ${bytes(set.bytes)}`;
}
