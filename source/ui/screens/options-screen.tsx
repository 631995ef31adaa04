import { useState } from 'react';
import { Box, Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import { useLiveState } from '../hooks/use-live-state.js';
import type { Compression } from '../../core/stream/compression.js';
import { is } from '../key-bindings.js';
import { Pointer } from '../components/list-row.js';
import type { ScreenReport } from '../app.js';
import { useReport } from '../hooks/use-report.js';
import type { Offer } from '../key-hints.js';
import { tone } from '../theme.js';
import { TextField } from '../components/text-field.js';
import { shortPath } from '../format.js';

export interface BackupOptions {
  readonly outDir: string;
  readonly compression: Compression;
  readonly jobs: number;
}

export interface OptionsScreenProps {
  readonly initial: BackupOptions;
  /** The button's text, e.g. "Start backup of 3 items" or "Save". */
  readonly submitLabel: string;
  readonly title: string;
  readonly onStart: (options: BackupOptions) => void;
  /** Tells the app when a text field has the keyboard, so q and ? type instead of acting. */
  readonly onTyping: (typing: boolean) => void;
  readonly active: boolean;
  readonly width?: number;
  readonly onReport?: (report: ScreenReport) => void;
}

export const OPTIONS_KEYS: readonly Offer[] = ['up', 'down', 'left', 'right', ['select', 'edit / start']];

const COMPRESSIONS: readonly Compression[] = ['zstd', 'gzip', 'none'];

export function OptionsScreen({ initial, submitLabel, title, onStart, onTyping, active, width = 80, onReport }: OptionsScreenProps) {
  // "edit / start" on a backup's options, "edit / save" in the settings: what enter on the button does.
  useReport(onReport, [...OPTIONS_KEYS.slice(0, -1), ['select', `edit / ${submitLabel.split(' ')[0].toLowerCase()}`]]);
  const [field, setField, getField] = useLiveState(3);
  const [editing, setEditing] = useState(false);
  const [options, setOptions, getOptions] = useLiveState(initial);
  const stopEditing = (outDir?: string) => {
    if (outDir !== undefined && outDir.trim()) setOptions((o) => ({ ...o, outDir: outDir.trim() }));
    setEditing(false);
    onTyping(false);
  };
  useKeys(
    (input, key) => {
      if (is('up', input, key)) setField((f) => Math.max(0, f - 1));
      else if (is('down', input, key)) setField((f) => Math.min(3, f + 1));
      else if (is('left', input, key) || is('right', input, key)) {
        const step = is('right', input, key) ? 1 : -1;
        if (getField() === 1) setOptions((o) => ({ ...o, compression: COMPRESSIONS[(COMPRESSIONS.indexOf(o.compression) + step + COMPRESSIONS.length) % COMPRESSIONS.length] }));
        if (getField() === 2) setOptions((o) => ({ ...o, jobs: Math.max(1, Math.min(8, o.jobs + step)) }));
      } else if (is('select', input, key)) {
        if (getField() === 0) {
          setEditing(true);
          onTyping(true);
        } else if (getField() === 3) onStart(getOptions());
      }
    },
    { isActive: active && !editing },
  );
  const row = (index: number, label: string, value: React.ReactNode) => (
    <Box key={label}>
      <Pointer here={field === index} />
      <Box width={14}>
        <Text>{label}</Text>
      </Box>
      {value}
    </Box>
  );
  return (
    <Box flexDirection="column">
      <Text bold>{title}</Text>
      {row(0, 'Backup folder', editing ? <TextField active={active && editing} initial={options.outDir} width={width - 16} onSubmit={(v) => stopEditing(v)} onCancel={() => stopEditing()} /> : <Text wrap="truncate-end">{shortPath(options.outDir, width - 18)}</Text>)}
      {row(1, 'Compression', <Text>‹ {options.compression} ›</Text>)}
      {row(2, 'Jobs at once', <Text>‹ {options.jobs} ›</Text>)}
      {row(3, '', <Text bold {...tone(field === 3 && 'cursor')}>[ {submitLabel} ]</Text>)}
    </Box>
  );
}
