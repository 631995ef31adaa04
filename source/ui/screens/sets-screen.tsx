import path from 'node:path';
import { useEffect, useRef, type ReactElement } from 'react';
import { Box, Text, type Key } from 'ink';
import { Spinner } from '@inkjs/ui';
import { ListRow } from '../components/list-row.js';
import { MarkLine } from '../components/mark.js';
import { SetDetails, setDetailLines } from '../components/set-details.js';
import { SetVerdictLine } from '../components/set-verdict-line.js';
import { TypedLine } from '../components/typed-line.js';
import { plural, shortPath } from '../format.js';
import { useKeys } from '../hooks/use-keys.js';
import { useReport } from '../hooks/use-report.js';
import { moveByKey, type SelectState } from '../hooks/use-select-state.js';
import { useSetsBrowser, type BrowserView, type SetsBrowser } from '../hooks/use-sets-browser.js';
import { is, type Command } from '../key-bindings.js';
import type { Offer } from '../key-hints.js';
import { layoutRows, STATE_TONE, type SetRow } from '../set-row.js';
import { editText } from '../text-edit.js';
import { theme, tone } from '../theme.js';
import { visibleWindow } from '../visible-window.js';
import type { ScreenAction, ScreenReport } from '../app.js';
import { lastDestination } from '../../core/copy/copy-records.js';
import type { Config } from '../../core/settings/config.js';

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
  /** For copies: the ssh command and S3 endpoint settings. */
  readonly config?: Config;
}

const MOVE: readonly Offer[] = ['up', 'down'];
export const SETS_KEYS: readonly Offer[] = [...MOVE, ['select', 'verify'], 'details', 'filter', 'restore', 'delete', ['copy', 'copy'], 'verify'];
/** The same list when it picks the set to restore: no delete there, and the restore's preflight verifies. */
export const PICK_SET_KEYS: readonly Offer[] = [...MOVE, ['select', 'pick'], 'details', 'filter'];
/** The screen takes esc itself here (the app then does not go back), so the footer says what it does. */
const DETAILS_KEYS: readonly Offer[] = [['back', 'the list'], ...MOVE];
const CLEAR_FILTER: Offer = ['back', 'clear the filter'];

/**
 * The sets in the backup folder, newest first: look into one (→), verify it (v, or enter), restore
 * from it (r), copy it off-site (c), delete it after typing its name (d), filter the rows (/).
 * Enter picks in a restore.
 */
export function SetsScreen({ dir, active, height, width, onPick, onReport, onTyping, onAction, config }: SetsScreenProps) {
  const b = useSetsBrowser(dir, config);
  const { view } = b;
  const shown = b.rows(view.filter);
  const at = Math.max(0, Math.min(shown.length - 1, view.cursor));
  const here = shown[at] as SetRow | undefined;
  const typingNow = useRef(false);
  const typing = (on: boolean) => {
    typingNow.current = on;
    onTyping?.(on);
  };
  // The app must not stay in typing mode once this screen is gone.
  useEffect(() => () => void (typingNow.current && onTyping?.(false)), [onTyping]);

  // Lines: the title, the column heading, the rows, then the lines below them.
  const below = belowLines(b, view, here, width);
  const top = height - below.length >= 4 ? 2 : height - below.length >= 3 ? 1 : 0;
  const listRoom = Math.max(1, height - top - below.length);
  const detailsRoom = Math.max(1, height - (view.note ? 1 : 0));

  // While the folder is read the list's keys are offered already: the footer does not change under a glance.
  const offers: Offer[] = !b.loading && !b.all.length ? [] : view.mode === 'details' ? [...DETAILS_KEYS, ...(onPick || !here?.set.manifest ? [] : (['verify', 'restore', 'copy'] as const))] : [...(view.filter ? [CLEAR_FILTER] : []), ...(shown.length || b.loading ? (onPick ? PICK_SET_KEYS : SETS_KEYS) : ['filter' as const])];
  useReport(onReport, view.mode === 'filter' || view.mode === 'confirm' || view.mode === 'copyTo' ? [] : offers);

  useKeys(
    (input, key) => {
      const v = b.get();
      const rows = b.rows(v.filter);
      const row = rows[Math.max(0, Math.min(rows.length - 1, v.cursor))];
      if (v.mode === 'filter') typeFilter(b, v, input, key, typing);
      else if (v.mode === 'confirm') typeName(b, v, input, key, typing);
      else if (v.mode === 'copyTo') typeDestination(b, v, input, key, typing);
      else if (v.mode === 'details') {
        const lines = row ? setDetailLines(row, b.checks.of(row.set.dir)).length : 0;
        const inner = lines > detailsRoom ? Math.max(1, detailsRoom - 2) : detailsRoom;
        const scroll = cursorOver(v.scroll, Math.max(1, lines - inner + 1), (s) => b.update({ scroll: s }));
        if (is('back', input, key) || key.leftArrow) b.update({ mode: 'list', note: undefined });
        else if (moveByKey(scroll, inner, (c) => is(c, input, key))) return;
        else if (row) act(row, input, key, { details: true });
      } else {
        const cursor = cursorOver(v.cursor, rows.length, (c) => b.update({ cursor: c, note: undefined }));
        if (moveByKey(cursor, listRoom, (c) => is(c, input, key))) return;
        if (is('filter', input, key)) {
          b.update({ mode: 'filter', note: undefined });
          typing(true);
        } else if (is('back', input, key) && v.filter) b.update({ filter: '', cursor: 0 });
        else if (row && is('details', input, key)) b.update({ mode: 'details', scroll: 0, note: undefined });
        else if (row) act(row, input, key, { details: false });
      }
    },
    { isActive: active },
  );

  /** What v, r, d and enter do to the set under the cursor. */
  function act(row: SetRow, input: string, key: Key, where: { details: boolean }) {
    const { set } = row;
    const name = path.basename(set.dir);
    const refuse = (text: string) => b.update({ note: { kind: 'fail', text } });
    const command = (['verify', 'restore', 'delete', 'select', 'copy'] as const).find((c: Command) => is(c, input, key));
    if (!command || (where.details && command === 'select')) return;
    if (command === 'select' && onPick) {
      if (set.manifest) onPick(set.dir);
      else refuse('An interrupted backup (no manifest) cannot be restored.');
    } else if (onPick) return;
    else if (command === 'verify' || command === 'select') {
      if (set.manifest) b.checks.verify(set.dir);
      else refuse('An interrupted backup (no manifest) cannot be verified.');
    } else if (command === 'restore') {
      if (set.manifest) onAction?.({ restore: set.dir });
      else refuse('An interrupted backup (no manifest) cannot be restored.');
    } else if (command === 'copy') {
      if (!set.manifest) refuse('An interrupted backup (no manifest) cannot be copied.');
      else if (b.copying) refuse(`Still copying ${b.copying.name}.`);
      else {
        b.update({ mode: 'copyTo', target: set, destination: lastDestination() ?? '', note: undefined });
        typing(true);
      }
    } else if (command === 'delete' && !where.details) {
      if (b.get().deleting) refuse(`Still deleting ${b.get().deleting}.`);
      else if (b.checks.running(set.dir)) refuse(`${name} is being verified: delete it once that is done.`);
      else {
        b.update({ mode: 'confirm', target: set, typed: '', wrongName: false, note: undefined });
        typing(true);
      }
    }
  }

  const title = (
    <Text bold wrap="truncate-end">
      {onPick ? 'Restore which set?' : 'Backup sets'} <Text {...theme.dim}>in {shortPath(dir, Math.max(8, width - 22))}</Text>
    </Text>
  );
  if (view.mode === 'details' && here) {
    return (
      <Box flexDirection="column" width={width}>
        <SetDetails row={here} check={b.checks.of(here.set.dir)} height={detailsRoom} scroll={view.scroll} />
        {view.note ? <MarkLine kind={view.note.kind} wrap="truncate-end">{view.note.text}</MarkLine> : null}
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={width}>
      {top ? title : null}
      {b.all.length ? <RowList rows={shown} all={b.all} cursor={at} height={listRoom} width={width} heading={top > 1} /> : null}
      {below}
    </Box>
  );
}

/** The filter field, the outcome of the last action or the verdict under the cursor, the delete prompt. */
function belowLines(b: SetsBrowser, view: BrowserView, here: SetRow | undefined, width: number): ReactElement[] {
  const out: ReactElement[] = [];
  if (b.loading) out.push(<Box key="loading" height={1} overflow="hidden"><Spinner label="Reading the backup folder…" /></Box>);
  else if (b.error) out.push(<MarkLine key="error" kind="fail" wrap="truncate-end">{b.error}</MarkLine>);
  else if (!b.all.length) out.push(<Text key="empty" wrap="truncate-end">No backup sets in this folder yet.</Text>);
  if (view.mode === 'filter') out.push(<TypedLine key="filter" label="Filter: " value={view.filter} width={width} placeholder="install, date or state" />);
  else if (view.filter) out.push(<Text key="filter" {...theme.dim} wrap="truncate-end">Filter “{view.filter}”: {plural(b.rows(view.filter).length, 'set')} of {b.all.length}</Text>);
  if (view.mode === 'confirm' && view.target) {
    const name = path.basename(view.target.dir);
    // The name on a line of its own: a long one is never cut off the instruction.
    out.push(<Text key="ask" {...(view.wrongName ? theme.fail : theme.warn)} wrap="truncate-end">{view.wrongName ? 'That is not its name. ' : ''}Type the folder name to delete this set for good (esc keeps it):</Text>);
    out.push(<Text key="target" bold wrap="truncate-end">  {name}</Text>);
    out.push(<TypedLine key="name" label="> " value={view.typed} width={width} />);
  } else if (view.mode === 'copyTo' && view.target) {
    out.push(<Text key="ask" wrap="truncate-end">Copy to a folder, user@host:path or s3://bucket/prefix (esc: no):</Text>);
    out.push(<TypedLine key="to" label="> " value={view.destination} width={width} />);
  } else if (view.deleting) out.push(<Text key="deleting" wrap="truncate-end">Deleting {view.deleting}…</Text>);
  else if (b.copying) out.push(<Box key="copying" height={1} overflow="hidden"><Spinner label={`Copying ${b.copying.name} to ${b.copying.to}${b.copying.total ? ` ${Math.floor((100 * b.copying.sent) / b.copying.total)}%` : ''}…`} /></Box>);
  else if (view.note) out.push(<MarkLine key="note" kind={view.note.kind} wrap="truncate-end">{view.note.text}</MarkLine>);
  else if (here?.set.manifest && b.checks.of(here.set.dir)) out.push(<SetVerdictLine key="verdict" dir={here.set.dir} check={b.checks.of(here.set.dir)} />);
  return out;
}

interface RowListProps {
  readonly rows: readonly SetRow[];
  /** Every set: the columns keep their widths while a filter hides rows. */
  readonly all: readonly SetRow[];
  readonly cursor: number;
  readonly height: number;
  readonly width: number;
  readonly heading: boolean;
}

/** The heading and the rows in view, each one line that is cut, never wrapped. */
function RowList({ rows, all, cursor, height, width, heading }: RowListProps) {
  const layout = layoutRows(all, width - 2);
  const room = Math.max(1, height - (heading ? 1 : 0));
  const scrolls = rows.length > room;
  const { start, end } = visibleWindow(rows.length, cursor, scrolls ? Math.max(1, room - 1) : room);
  return (
    <Box flexDirection="column">
      {heading ? <Text {...theme.dim} wrap="truncate-end">{`  ${layout.header.lead}${layout.header.state}`}</Text> : null}
      {rows.length ? null : <Text {...theme.dim}>  No set matches the filter.</Text>}
      {rows.slice(start, end).map((row, i) => {
        const cells = layout.rows[all.indexOf(row)];
        return (
          <ListRow key={row.set.dir} here={start + i === cursor}>
            {cells.lead}
            <Text {...tone(start + i === cursor ? 'cursor' : STATE_TONE[row.state])}>{cells.state}</Text>
          </ListRow>
        );
      })}
      {scrolls ? <Text {...theme.dim}>{`  ${cursor + 1}/${rows.length}${start > 0 ? ' ↑' : ''}${end < rows.length ? ' ↓' : ''}`}</Text> : null}
    </Box>
  );
}

/** A cursor over `count` positions whose moves go straight into the browser's live state. */
function cursorOver(at: number, count: number, set: (next: number) => void): SelectState {
  const clamp = (c: number) => Math.max(0, Math.min(count - 1, c));
  return { cursor: at, moveUp: () => set(clamp(at - 1)), moveDown: () => set(clamp(at + 1)), moveBy: (rows) => set(clamp(at + rows)), moveTo: (row) => set(clamp(row)), current: () => clamp(at) };
}

/** The filter narrows the rows as it is typed; enter keeps it, esc drops it. */
function typeFilter(b: SetsBrowser, v: BrowserView, input: string, key: Key, typing: (on: boolean) => void) {
  const edit = editText(v.filter, input, key);
  if (!edit) return;
  if (edit === 'submit' || edit === 'cancel') {
    b.update({ mode: 'list', ...(edit === 'cancel' ? { filter: '', cursor: 0 } : {}) });
    typing(false);
  } else b.update({ filter: edit.value, cursor: 0 });
}

/** The destination is typed (the last one is offered); enter starts the copy, esc drops it. */
function typeDestination(b: SetsBrowser, v: BrowserView, input: string, key: Key, typing: (on: boolean) => void) {
  const edit = editText(v.destination, input, key);
  if (!edit || !v.target) return;
  if (edit === 'cancel') {
    b.update({ mode: 'list', target: undefined, note: { kind: 'skipped', text: 'Nothing was copied.' } });
    typing(false);
  } else if (edit !== 'submit') b.update({ destination: edit.value });
  else if (v.destination.trim()) {
    b.update({ mode: 'list', target: undefined });
    typing(false);
    b.copy(v.target, v.destination.trim());
  }
}

/** Deletes only when the set's folder name is typed exactly; esc or Ctrl+C keep the set. */
function typeName(b: SetsBrowser, v: BrowserView, input: string, key: Key, typing: (on: boolean) => void) {
  const edit = editText(v.typed, input, key);
  if (!edit || !v.target) return;
  if (edit === 'cancel') {
    b.update({ mode: 'list', target: undefined, typed: '', note: { kind: 'skipped', text: 'Nothing was deleted.' } });
    typing(false);
  } else if (edit !== 'submit') b.update({ typed: edit.value, wrongName: false });
  else if (v.typed.trim() !== path.basename(v.target.dir)) b.update({ wrongName: true, typed: '' });
  else {
    b.update({ mode: 'list', target: undefined, typed: '' });
    typing(false);
    b.remove(v.target);
  }
}
