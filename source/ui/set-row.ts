import path from 'node:path';
import type { CopyRecord } from '../core/copy/copy-records.js';
import type { SetSummary } from '../core/set/backup-set.js';
import { dataEntries } from '../core/set/manifest.js';
import { setCreatedAt, setInstallName } from '../core/set/set-time.js';
import type { SetVerdict } from '../core/verify/verify-set.js';
import { bytes, fit, plural } from './format.js';
import type { Tone } from './theme.js';

// A backup set as one row of the sets browser: what it says, and how the columns share a width so a
// row is cut, never wrapped, and the state (the column that matters most) is the last one to go.

/** A read-back of a set in this session: running, or its outcome. */
export interface SetCheck {
  readonly running: boolean;
  readonly verdict?: SetVerdict;
  readonly error?: string;
}

export type SetState = 'verified' | 'ok' | 'INCOMPLETE' | 'DAMAGED' | 'verifying';

export const STATE_TONE: Readonly<Record<SetState, Tone | undefined>> = { verified: 'ok', ok: undefined, INCOMPLETE: 'warn', DAMAGED: 'fail', verifying: 'dim' };

export interface SetRow {
  readonly set: SetSummary;
  readonly name: string;
  /** UTC, with seconds, as the manifest has it. */
  readonly time: string;
  readonly version: string;
  readonly items: string;
  readonly size: string;
  readonly state: SetState;
  /** Its off-site copies, newest first, one per destination. */
  readonly copies: readonly CopyRecord[];
}

export function setRow(set: SetSummary, check?: SetCheck, copies: readonly CopyRecord[] = []): SetRow {
  const m = set.manifest;
  const created = setCreatedAt(set);
  return {
    set,
    name: setInstallName(set),
    time: created ? created.slice(0, 19).replace('T', ' ') : '????-??-?? ??:??:??',
    version: m?.source.nocobaseVersion ?? '',
    items: m ? plural(dataEntries(m).filter((i) => i.status === 'ok').length, 'item') : '–',
    size: bytes(set.bytes),
    state: stateOf(set, check),
    copies,
  };
}

function stateOf(set: SetSummary, check: SetCheck | undefined): SetState {
  if (!set.manifest) return 'INCOMPLETE';
  if (check?.running) return 'verifying';
  if (check?.error || (check?.verdict && !check.verdict.filesOk)) return 'DAMAGED';
  if (set.manifest.items.some((i) => i.status === 'failed')) return 'INCOMPLETE';
  return check?.verdict?.ok ? 'verified' : 'ok';
}

/** Whether a row shows what the filter asks for: install, date and time, state, version or folder. */
export function rowMatches(row: SetRow, filter: string): boolean {
  const wanted = filter.trim().toLowerCase();
  if (!wanted) return true;
  return [row.name, row.time, row.state, row.version, path.basename(row.set.dir)].some((text) => text.toLowerCase().includes(wanted));
}

/** A row as two strings that together fit the width: the columns, and the state drawn in its tone. */
export interface RowCells {
  readonly lead: string;
  readonly state: string;
}

type Column = 'time' | 'name' | 'version' | 'items' | 'size' | 'offsite' | 'state';

const HEADINGS: Readonly<Record<Column, string>> = { time: 'Created (UTC)', name: 'Install', version: 'NocoBase', items: 'Items', size: 'Size', offsite: 'Off-site', state: 'State' };
/** Dropped in this order when the width is short. */
const OPTIONAL: readonly Column[] = ['offsite', 'version', 'items', 'size'];
const GAP = 2;

/** The heading and the rows laid out in `width` columns. */
export function layoutRows(rows: readonly SetRow[], width: number): { header: RowCells; rows: RowCells[] } {
  const widest = (c: Column, cap: number) => Math.min(cap, Math.max(HEADINGS[c].length, ...rows.map((r) => cellOf(r, c).length)));
  const widths: Record<Column, number> = { time: 19, name: widest('name', 24), version: widest('version', 12), items: widest('items', 10), size: widest('size', 9), offsite: widest('offsite', 9), state: widest('state', 10) };
  // The off-site column appears once a set has been copied somewhere.
  let shown: Column[] = ['time', 'name', 'version', 'items', 'size', ...(rows.some((r) => r.copies.length) ? (['offsite'] as const) : []), 'state'];
  const total = () => shown.reduce((sum, c) => sum + widths[c], 0) + GAP * (shown.length - 1);
  for (const column of OPTIONAL) if (total() > width) shown = shown.filter((c) => c !== column);
  if (total() > width) widths.name = Math.max(6, widths.name - (total() - width));
  const cells = (cell: (c: Column) => string): RowCells => {
    const lead = shown
      .filter((c) => c !== 'state')
      .map((c) => (c === 'size' ? cell(c).padStart(widths[c]) : fit(cell(c), widths[c]).padEnd(widths[c])))
      .join(' '.repeat(GAP));
    const room = Math.max(0, width - lead.length - GAP);
    // Too narrow even for the state: the lead gives way, the state stays readable.
    if (room < 3) return { lead: fit(lead, Math.max(0, width - cell('state').length - 1)), state: ` ${fit(cell('state'), width - 1)}` };
    return { lead: `${lead}${' '.repeat(GAP)}`, state: fit(cell('state'), room) };
  };
  return { header: cells((c) => HEADINGS[c]), rows: rows.map((r) => cells((c) => cellOf(r, c))) };
}

function cellOf(row: SetRow, column: Column): string {
  if (column === 'offsite') return offsiteCell(row.copies);
  return column === 'state' ? row.state : row[column];
}

/** The worst state first: a failed or half-done copy is what the operator must see. */
export function offsiteCell(all: readonly CopyRecord[]): string {
  const copies = all.filter((c) => c.state !== 'removed');
  if (!copies.length) return '–';
  if (copies.some((c) => c.state === 'failed')) return 'failed';
  if (copies.some((c) => c.state === 'partial')) return 'partial';
  return copies.length > 1 ? `${copies.length} copies` : 'copied';
}
