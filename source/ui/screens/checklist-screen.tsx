import { Box, Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import type { InstallInventory } from '../../core/scan/take-inventory.js';
import type { Item, ItemGroup } from '../../core/inventory/item.js';
import { bytes, fit, plural } from '../format.js';
import { useChecklistState } from '../hooks/use-checklist-state.js';
import { ListRow } from '../components/list-row.js';
import { is } from '../key-bindings.js';
import type { ScreenReport } from '../app.js';
import { useReport } from '../hooks/use-report.js';
import type { Offer } from '../key-hints.js';
import { theme } from '../theme.js';
import { visibleWindow } from '../visible-window.js';

export interface ChecklistScreenProps {
  readonly inventory: InstallInventory;
  /** Called with the ticked item ids when the operator goes on. */
  readonly onNext: (ids: string[]) => void;
  /** What the ticks are for, after the install's name: the backup's words unless given. */
  readonly purpose?: { readonly verb: string; readonly ask: string };
  /** The ids ticked when it opens (a choice made before); else the items' defaults. */
  readonly ticked?: readonly string[];
  /** Esc leaves without a choice: for a list opened inside another screen, which the app's esc would close. */
  readonly onBack?: () => void;
  readonly active: boolean;
  readonly height: number;
  readonly width: number;
  readonly onReport?: (report: ScreenReport) => void;
}

export const CHECKLIST_KEYS: readonly Offer[] = ['up', 'down', 'toggle', 'all', 'none', ['select', 'go on']];
/** Nothing ticked: enter has nothing to go on with. */
const NOTHING_TICKED_KEYS: readonly Offer[] = ['up', 'down', 'toggle', 'all'];

const BACKUP = { verb: 'Back up', ask: 'tick what to back up' };

const GROUP_TITLES: Readonly<Record<ItemGroup, string>> = { main: 'Main', external: 'External data sources', subapp: 'Sub-apps', storage: 'Storage' };

type Row = { kind: 'group'; title: string } | { kind: 'item'; item: Item; index: number } | { kind: 'reason'; text: string; index: number };

/** Every item of the install, grouped; unavailable ones greyed with their reason. */
export function ChecklistScreen({ inventory, onNext, purpose = BACKUP, ticked, onBack, active, height, width, onReport }: ChecklistScreenProps) {
  const { items } = inventory;
  const state = useChecklistState(items, ticked);
  useReport(onReport, [...(state.selected.size ? CHECKLIST_KEYS : NOTHING_TICKED_KEYS), ...(onBack ? (['back'] as const) : [])]);
  useKeys(
    (input, key) => {
      const steps = (n: number, move: () => void) => Array.from({ length: n }, move);
      if (is('up', input, key)) state.moveUp();
      else if (is('down', input, key)) state.moveDown();
      else if (is('pageUp', input, key)) steps(Math.max(1, height - 5), state.moveUp);
      else if (is('pageDown', input, key)) steps(Math.max(1, height - 5), state.moveDown);
      else if (is('first', input, key)) steps(items.length, state.moveUp);
      else if (is('last', input, key)) steps(items.length, state.moveDown);
      else if (is('toggle', input, key)) state.toggle();
      else if (is('all', input, key)) state.selectAll();
      else if (is('none', input, key)) state.selectNone();
      else if (onBack && is('back', input, key)) onBack();
      else if (is('select', input, key)) {
        const ids = state.chosen();
        if (ids.length) onNext(ids);
      }
    },
    { isActive: active },
  );

  const rows: Row[] = [];
  let lastGroup: ItemGroup | undefined;
  items.forEach((item, index) => {
    if (item.group !== lastGroup) rows.push({ kind: 'group', title: GROUP_TITLES[item.group] });
    lastGroup = item.group;
    rows.push({ kind: 'item', item, index });
    if (item.status !== 'ok' && item.reason) rows.push({ kind: 'reason', text: `${item.status}: ${item.reason}`, index });
  });
  const cursorRow = rows.findIndex((r) => r.kind === 'item' && r.index === state.cursor);
  const { start, end } = visibleWindow(rows.length, Math.max(0, cursorRow), Math.max(3, height - 3 - (state.why ? 1 : 0)));
  const label = Math.max(12, width - 36);

  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        {purpose.verb} {inventory.install.name} <Text {...theme.dim}>— {purpose.ask}</Text>
      </Text>
      {rows.slice(start, end).map((row, i) => {
        if (row.kind === 'group') return <Text key={`g${start + i}`} underline>{row.title}</Text>;
        if (row.kind === 'reason') return <Text key={`r${start + i}`} {...theme.dim} wrap="truncate-end">{`      ${row.text}`}</Text>;
        const { item } = row;
        const ok = item.status === 'ok';
        const tick = !ok ? ' - ' : state.selected.has(item.id) ? '[x]' : '[ ]';
        const kind = item.kind === 'files' ? 'files' : item.engine;
        return (
          <ListRow key={item.id} here={row.index === state.cursor} dim={!ok}>
            {tick} {fit(item.label, label).padEnd(label)} {kind.padEnd(9)} {bytes(item.sizeBytes).padStart(9)}
          </ListRow>
        );
      })}
      {state.why ? (
        <Text {...theme.warn} wrap="truncate-end">
          {state.why}
        </Text>
      ) : null}
      <Text>
        Selected: <Text bold>{plural(state.selected.size, 'item')}</Text>, <Text bold>{bytes(state.totalBytes) || '0 B'}</Text>
        {state.selected.size === 0 ? <Text {...theme.warn}> — tick at least one (space, or a for all)</Text> : null}
        {start > 0 || end < rows.length ? <Text {...theme.dim}>{`  (rows ${start + 1}–${end} of ${rows.length})`}</Text> : null}
      </Text>
    </Box>
  );
}
