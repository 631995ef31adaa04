import { Box, Text } from 'ink';
import { Spinner } from '@inkjs/ui';
import type { InstallInventory } from '../../core/scan/take-inventory.js';
import { bytes, plural, shortPath } from '../format.js';
import type { ScanState } from '../hooks/use-scan.js';
import type { ScreenReport } from '../app.js';
import { useReport } from '../hooks/use-report.js';
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
  readonly height?: number;
  readonly width?: number;
  readonly canRescan?: boolean;
  readonly onReport?: (report: ScreenReport) => void;
}

export const INSTALLS_KEYS: readonly Offer[] = ['up', 'down', ['select', 'pick']];

export function InstallsScreen({ scan, onPick, active = true, title = 'Which install?', height = 20, width = 80, canRescan, onReport }: InstallsScreenProps) {
  useReport(onReport, canRescan ? [...INSTALLS_KEYS, 'refresh'] : INSTALLS_KEYS);
  const items = scan.inventories.map((inv, index) => ({ key: inv.install.path, label: installLine(inv, width - 2), value: index }));
  // The title, the error and the warnings come first; the list gets what is left (at least three rows).
  const warnings = scan.warnings.slice(0, Math.max(0, height - 5));
  return (
    <Box flexDirection="column">
      {scan.scanning ? <Spinner label={`Scanning for NocoBase installs… ${scan.inventories.length} found`} /> : <Text bold>{title}</Text>}
      {scan.error ? <MarkLine kind="fail">{scan.error}</MarkLine> : null}
      {!scan.scanning && items.length === 0 ? <Text>No NocoBase installs found. Add scan roots in .nbbackuprc.</Text> : null}
      {items.length ? <SelectList items={items} active={active} height={Math.max(3, height - 2 - warnings.length)} onSelect={(item) => onPick(scan.inventories[item.value])} /> : null}
      {warnings.map((w) => (
        <Text key={w} {...theme.dim} wrap="truncate-end">
          <Mark kind="warn" /> {w}
        </Text>
      ))}
    </Box>
  );
}

/** Name, layout, version, items and size; the path gets the rest of the line, cut in its middle. */
function installLine(inv: InstallInventory, width: number): string {
  const size = inv.items.filter((i) => i.id !== 'storage').reduce((sum, i) => sum + (i.sizeBytes ?? 0), 0);
  const version = inv.nocobaseVersion ? ` ${inv.nocobaseVersion}` : '';
  const head = `${inv.install.name}  ${inv.install.layout}${version}  ${plural(inv.items.length, 'item')}  ${bytes(size)}  `;
  return head + shortPath(inv.install.path, Math.max(12, width - head.length - 2));
}
