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
import { passphraseSource } from '../../core/settings/set-keys.js';

export interface BackupOptions {
  readonly outDir: string;
  readonly compression: Compression;
  readonly jobs: number;
  /** Every file of the set encrypted with a passphrase (a backup's options only). */
  readonly encrypt?: boolean;
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
  /** Offers to encrypt the set (a backup, not the settings); the config's passcommand may give the passphrase. */
  readonly encrypt?: { readonly passcommand?: readonly string[] };
}

export const OPTIONS_KEYS: readonly Offer[] = ['up', 'down', 'left', 'right', ['select', 'edit / start']];

const COMPRESSIONS: readonly Compression[] = ['zstd', 'gzip', 'none'];

export function OptionsScreen({ initial, submitLabel, title, onStart, onTyping, active, width = 80, onReport, encrypt }: OptionsScreenProps) {
  // "edit / start" on a backup's options, "edit / save" in the settings: what enter on the button does.
  useReport(onReport, [...OPTIONS_KEYS.slice(0, -1), ['select', `edit / ${submitLabel.split(' ')[0].toLowerCase()}`]]);
  // Folder, compression, jobs, then encryption when offered, then the button.
  const button = encrypt ? 4 : 3;
  const [field, setField, getField] = useLiveState(button);
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
      else if (is('down', input, key)) setField((f) => Math.min(button, f + 1));
      else if (is('left', input, key) || is('right', input, key)) {
        const step = is('right', input, key) ? 1 : -1;
        if (getField() === 1) setOptions((o) => ({ ...o, compression: COMPRESSIONS[(COMPRESSIONS.indexOf(o.compression) + step + COMPRESSIONS.length) % COMPRESSIONS.length] }));
        if (getField() === 2) setOptions((o) => ({ ...o, jobs: Math.max(1, Math.min(8, o.jobs + step)) }));
        if (getField() === 3 && encrypt) setOptions((o) => ({ ...o, encrypt: !o.encrypt }));
      } else if (is('select', input, key)) {
        if (getField() === 0) {
          setEditing(true);
          onTyping(true);
        } else if (getField() === button) onStart(getOptions());
      }
    },
    { isActive: active && !editing },
  );
  const from = encrypt && passphraseSource({ passcommand: encrypt.passcommand });
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
      {encrypt ? row(3, 'Encrypt', <Text wrap="truncate-end">‹ {options.encrypt ? 'yes' : 'no'} ›{options.encrypt ? ` with a passphrase ${from ? `from ${from}` : 'typed at the start'}` : ''}</Text>) : null}
      {row(button, '', <Text bold {...tone(field === button && 'cursor')}>[ {submitLabel} ]</Text>)}
    </Box>
  );
}
