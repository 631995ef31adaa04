import { Box, Text } from 'ink';
import { Spinner } from '@inkjs/ui';
import type { InstallInventory } from '../../core/scan/take-inventory.js';
import { bytes } from '../format.js';
import type { ScanState } from '../hooks/use-scan.js';
import type { Offer } from '../key-hints.js';
import { Mark, MarkLine } from '../components/mark.js';
import { SelectList } from '../components/select-list.js';
import { theme } from '../theme.js';

export interface InstallsScreenProps {
  /** Scan progress and results. */
  readonly scan: ScanState;
  /** Called with the install the operator picked. */
  readonly onPick: (inventory: InstallInventory) => void;
  readonly active?: boolean;
  readonly title?: string;
}

export const INSTALLS_KEYS: readonly Offer[] = ['up', 'down', ['select', 'pick'], 'back'];

export function InstallsScreen({ scan, onPick, active = true, title = 'Which install?' }: InstallsScreenProps) {
  const items = scan.inventories.map((inv, index) => ({ key: inv.install.path, label: installLine(inv), value: index }));
  return (
    <Box flexDirection="column">
      {scan.scanning ? <Spinner label={`Scanning for NocoBase installs… ${scan.inventories.length} found`} /> : <Text bold>{title}</Text>}
      {scan.error ? <MarkLine kind="fail">{scan.error}</MarkLine> : null}
      {!scan.scanning && items.length === 0 ? <Text>No NocoBase installs found. Add scan roots in .nbbackuprc.</Text> : null}
      {items.length ? <SelectList items={items} active={active} onSelect={(item) => onPick(scan.inventories[item.value])} /> : null}
      {scan.warnings.map((w) => (
        <Text key={w} {...theme.dim}>
          <Mark kind="warn" /> {w}
        </Text>
      ))}
    </Box>
  );
}

function installLine(inv: InstallInventory): string {
  const size = inv.items.filter((i) => i.id !== 'storage').reduce((sum, i) => sum + (i.sizeBytes ?? 0), 0);
  const version = inv.nocobaseVersion ? ` ${inv.nocobaseVersion}` : '';
  return `${inv.install.name}  ${inv.install.layout}${version}  ${inv.items.length} items  ${bytes(size)}  ${inv.install.path}`;
}
