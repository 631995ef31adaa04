import { Box, Text } from 'ink';
import { Spinner } from '@inkjs/ui';
import { SelectList, type SelectItem } from '../components/select-list.js';
import type { ScanState } from '../hooks/use-scan.js';
import type { ScreenReport } from '../app.js';
import { useReport } from '../hooks/use-report.js';
import type { Offer } from '../key-hints.js';
import { theme } from '../theme.js';
import { plural } from '../format.js';

export type HomeChoice = 'backup' | 'restore' | 'migrate' | 'sets' | 'profiles' | 'settings' | 'quit';

export interface HomeScreenProps {
  readonly scan: ScanState;
  readonly onChoose: (choice: HomeChoice) => void;
  readonly active: boolean;
  /** r walks the disk again. */
  readonly canRescan?: boolean;
  readonly onReport?: (report: ScreenReport) => void;
  /** The choice the cursor starts on: the one taken last, so esc comes back to it. */
  readonly last?: HomeChoice;
}

export const HOME_KEYS: readonly Offer[] = ['up', 'down', ['select', 'open']];

// Only what works is on the menu.
const CHOICES: readonly SelectItem<HomeChoice>[] = [
  { label: 'Back up', value: 'backup' },
  { label: 'Restore', value: 'restore' },
  { label: 'Migrate to another server', value: 'migrate' },
  { label: 'Backup sets', value: 'sets' },
  { label: 'Profiles', value: 'profiles' },
  { label: 'Settings', value: 'settings' },
  { label: 'Quit', value: 'quit' },
];

export function HomeScreen({ scan, onChoose, active, canRescan, onReport, last }: HomeScreenProps) {
  useReport(onReport, canRescan ? [...HOME_KEYS, 'refresh'] : HOME_KEYS);
  const count = scan.inventories.length;
  const { demoNote } = scan;
  return (
    <Box flexDirection="column">
      {scan.scanning ? (
        <Spinner label={scan.step ?? `Looking for NocoBase installs… ${count} found`} />
      ) : demoNote ? null : (
        <Text>{count ? `${plural(count, 'NocoBase install')} on this machine.` : 'No NocoBase install found on this machine.'}</Text>
      )}
      {demoNote ? (
        <Text {...theme.warn} wrap="wrap">
          {demoNote}
        </Text>
      ) : null}
      <Box marginTop={1}>
        <SelectList items={CHOICES} active={active} initial={Math.max(0, CHOICES.findIndex((c) => c.value === last))} onSelect={(c) => onChoose(c.value)} />
      </Box>
    </Box>
  );
}
