import { Box, Text } from 'ink';
import SelectInput from 'ink-select-input';
import { OneLine, Pointer } from '../components/select-parts.js';
import { Spinner } from '@inkjs/ui';
import type { ScanState } from '../hooks/use-scan.js';

export type HomeChoice = 'backup' | 'restore' | 'sets' | 'settings' | 'quit';

export interface HomeScreenProps {
  readonly scan: ScanState;
  readonly onChoose: (choice: HomeChoice) => void;
  readonly active: boolean;
  /** A line about the demo install, when one was set up because nothing else was found. */
  readonly demoNote?: string;
}

export const HOME_KEYS = [
  ['↑↓', 'move'],
  ['enter', 'open'],
  ['q', 'quit'],
] as const;

// Only what works is on the menu: profiles and migration join it when they exist.
const CHOICES: { label: string; value: HomeChoice }[] = [
  { label: 'Back up', value: 'backup' },
  { label: 'Restore', value: 'restore' },
  { label: 'Backup sets', value: 'sets' },
  { label: 'Settings', value: 'settings' },
  { label: 'Quit', value: 'quit' },
];

export function HomeScreen({ scan, onChoose, active, demoNote }: HomeScreenProps) {
  const count = scan.inventories.length;
  return (
    <Box flexDirection="column">
      {scan.scanning ? (
        <Spinner label={`Looking for NocoBase installs… ${count} found`} />
      ) : (
        <Text>
          {count ? `${count} NocoBase install${count > 1 ? 's' : ''} on this machine.` : 'No NocoBase install found on this machine.'}
        </Text>
      )}
      {demoNote ? <Text color="yellow" wrap="wrap">{demoNote}</Text> : null}
      <Box marginTop={1}>
        <SelectInput indicatorComponent={Pointer} itemComponent={OneLine} items={CHOICES} isFocused={active} onSelect={(c) => onChoose(c.value)} />
      </Box>
    </Box>
  );
}
