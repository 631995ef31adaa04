import { Box, Text } from 'ink';
import SelectInput from 'ink-select-input';
import { Spinner } from '@inkjs/ui';
import prettyBytes from 'pretty-bytes';
import type { InstallInventory } from '../../core/scan/take-inventory.js';
import type { ScanState } from '../hooks/use-scan.js';
import { OneLine, Pointer } from '../components/select-parts.js';

export interface InstallsScreenProps {
  /** Scan progress and results. */
  readonly scan: ScanState;
  /** Called with the install the operator picked. */
  readonly onPick: (inventory: InstallInventory) => void;
  readonly active?: boolean;
  readonly title?: string;
}

export const INSTALLS_KEYS = [
  ['↑↓', 'move'],
  ['enter', 'pick'],
  ['esc', 'back'],
] as const;

export function InstallsScreen({ scan, onPick, active = true, title = 'Which install?' }: InstallsScreenProps) {
  const items = scan.inventories.map((inv, index) => ({ key: inv.install.path, label: installLine(inv), value: index }));
  return (
    <Box flexDirection="column">
      {scan.scanning ? <Spinner label={`Scanning for NocoBase installs… ${scan.inventories.length} found`} /> : <Text bold>{title}</Text>}
      {scan.error ? <Text color="red">✖ {scan.error}</Text> : null}
      {!scan.scanning && items.length === 0 ? <Text>No NocoBase installs found. Add scan roots in .nbbackuprc.</Text> : null}
      {items.length ? <SelectInput items={items} isFocused={active} indicatorComponent={Pointer} itemComponent={OneLine} onSelect={(item) => onPick(scan.inventories[item.value])} /> : null}
      {scan.warnings.map((w) => (
        <Text key={w} dimColor>
          ! {w}
        </Text>
      ))}
    </Box>
  );
}

function installLine(inv: InstallInventory): string {
  const size = inv.items.filter((i) => i.id !== 'storage').reduce((sum, i) => sum + (i.sizeBytes ?? 0), 0);
  const version = inv.nocobaseVersion ? ` ${inv.nocobaseVersion}` : '';
  return `${inv.install.name}  ${inv.install.layout}${version}  ${inv.items.length} items  ${prettyBytes(size)}  ${inv.install.path}`;
}
