import path from 'node:path';
import { Text } from 'ink';
import type { ReactElement } from 'react';
import type { ManifestItem } from '../../core/set/manifest.js';
import type { ItemVerdict } from '../../core/verify/verify-set.js';
import type { CopyRecord } from '../../core/copy/copy-records.js';
import { bytes, localTime } from '../format.js';
import { STATE_TONE, type SetCheck, type SetRow } from '../set-row.js';
import { theme, tone, type MarkKind } from '../theme.js';
import { Mark } from './mark.js';
import { Viewport } from './viewport.js';

export interface SetDetailsProps {
  readonly row: SetRow;
  readonly check?: SetCheck;
  /** Lines it may take. */
  readonly height: number;
  /** First line shown. */
  readonly scroll: number;
}

/** One set in full, scrolled within its height: the source, the tools, each item and each failure. */
export function SetDetails({ row, check, height, scroll }: SetDetailsProps) {
  const lines = setDetailLines(row, check);
  // Viewport keeps its focus mid-window: aiming at the middle of the wanted window shows it from `scroll`.
  const inner = lines.length > height ? Math.max(1, height - 2) : height;
  return <Viewport lines={lines} height={height} focus={scroll + Math.floor(inner / 2)} />;
}

/** The details as lines of one terminal line each (also counted by the screen, to stop scrolling at the end). */
export function setDetailLines(row: SetRow, check?: SetCheck): ReactElement[] {
  const m = row.set.manifest;
  const out: ReactElement[] = [];
  const line = (text: React.ReactNode, props: object = {}) => out.push(<Text key={out.length} wrap="truncate-end" {...props}>{text}</Text>);
  const field = (label: string, text: React.ReactNode) => line(<>{label.padEnd(10)}{text}</>);
  line(path.basename(row.set.dir), { bold: true });
  field('State', <Text {...tone(STATE_TONE[row.state])}>{row.state}</Text>);
  if (!m) {
    field('Created', `${row.time} UTC (from the folder name)`);
    field('Problem', row.set.problem ?? 'no manifest.json: the backup was interrupted');
    field('On disk', bytes(row.set.bytes));
    line('It cannot be verified or restored; d deletes it.', theme.dim);
    return out;
  }
  field('Created', `${row.time} UTC, finished ${m.finishedAt.slice(11, 19)}`);
  field('Source', `${m.source.host}:${m.source.installPath} (${m.source.layout})`);
  field('Install', `${m.source.installName}, NocoBase ${m.source.nocobaseVersion ?? 'version unknown'}`);
  field('Tool', `${m.tool.name} ${m.tool.version}`);
  field('Size', `${bytes(row.set.bytes)} in ${row.items}`);
  if (check?.error) line(<><Mark kind="fail" /> {check.error}</>, theme.fail);
  line('Items', { underline: true });
  const width = Math.min(24, Math.max(...m.items.map((i) => i.id.length)));
  for (const item of m.items) {
    const verdict = check?.verdict?.items.find((v) => v.id === item.id);
    line(<><Mark kind={markOf(item, verdict)} /> {item.id.padEnd(width)}  {(item.engine ?? item.kind).padEnd(9)} {bytes(item.bytes).padStart(8)}  {statusOf(item, verdict)}</>);
    const tools = [toolOf(item), item.serverVersion && `server ${item.serverVersion}`, item.file].filter(Boolean).join(' · ');
    if (tools) line(`    ${tools}`, theme.dim);
    if (verdict && !verdict.ok) line(`    ${verdict.error}`, theme.fail);
  }
  const failed = m.items.filter((i) => i.status === 'failed');
  if (failed.length) {
    line('Failures', { underline: true });
    for (const item of failed) line(`${item.id}: ${item.error ?? 'failed'}`, theme.fail);
  }
  if (row.copies.length) {
    line('Copies', { underline: true });
    for (const copy of row.copies) {
      line(<><Mark kind={COPY_MARK[copy.state]} /> {copy.to}</>);
      line(`    ${COPY_STATE[copy.state]} ${localTime(copy.at)}${copy.error && copy.state === 'failed' ? `: ${copy.error}` : ''}`, copy.state === 'failed' ? theme.fail : theme.dim);
    }
  }
  return out;
}

const COPY_MARK: Readonly<Record<CopyRecord['state'], MarkKind>> = { copied: 'ok', partial: 'warn', failed: 'fail', removed: 'skipped' };
const COPY_STATE: Readonly<Record<CopyRecord['state'], string>> = { copied: 'copied and verified there', partial: 'stopped half-way (c goes on from there)', failed: 'failed', removed: 'removed there by its retention' };

function markOf(item: ManifestItem, verdict: ItemVerdict | undefined): MarkKind {
  if (item.status === 'failed' || (verdict && !verdict.ok)) return 'fail';
  return item.status === 'skipped' ? 'skipped' : 'ok';
}

function statusOf(item: ManifestItem, verdict: ItemVerdict | undefined): string {
  if (item.status === 'failed') return `failed: ${item.error ?? ''}`;
  if (item.status === 'skipped') return `skipped${item.reason ? `: ${item.reason}` : ''}`;
  if (verdict) return verdict.ok ? 'ok, reads back' : 'DAMAGED';
  return 'ok';
}

/** "pg_dump 16.2": the version text often names the tool already ("tar (GNU tar) 1.35"). */
function toolOf(item: ManifestItem): string | undefined {
  if (!item.tool) return undefined;
  const version = item.toolVersion ?? '';
  return version.toLowerCase().startsWith(item.tool.toLowerCase()) ? version : `${item.tool} ${version}`.trim();
}
