import type { ReactElement } from 'react';
import { Box, Text } from 'ink';
import { Spinner } from '@inkjs/ui';
import type { MigrationState } from '../hooks/migration-state.js';
import { bytes, duration, plural, shortPath } from '../format.js';
import { MARKS, theme } from '../theme.js';
import { wrapText } from '../wrap-text.js';
import { Mark, MarkLine } from './mark.js';
import { ProgressBar } from './progress-bar.js';
import { etaSeconds, progressLines } from './progress-pane.js';
import { stepRow, type Phase as StepPhase } from './restore-steps.js';
import { Viewport } from './viewport.js';

const STAGES = [
  ['backup', 'back up here'],
  ['transfer', 'send the set'],
  ['restore', 'restore there'],
] as const;

/** The three stages on one line: done, at work, waiting. */
function StageLine({ stage }: { readonly stage: MigrationState['stage'] }) {
  const at = STAGES.findIndex(([s]) => s === stage);
  return (
    <Text wrap="truncate-end">
      {STAGES.map(([s, label], i) => (
        <Text key={s}>
          {i ? '   ' : ''}
          {i < at ? <Mark kind="ok" /> : i === at ? <Text {...theme.accent}>▸</Text> : <Mark kind="waiting" />} <Text {...(i === at ? { bold: true } : i > at ? theme.dim : {})}>{label}</Text>
        </Text>
      ))}
    </Text>
  );
}

/** Bytes sent of the set with a bar, rate and ETA; the file on its way under it. */
function transferLines(state: MigrationState, width: number, now: number): ReactElement[] {
  const t = state.transfer;
  if (!t) return [];
  if (t.alreadyThere) return [<MarkLine key="there" kind="ok" wrap="truncate-end">The set is already there, proven file by file.</MarkLine>];
  const seconds = (now - t.startedAt) / 1000;
  const percent = t.total ? (100 * t.sent) / t.total : undefined;
  const left = etaSeconds(t.sent, t.total, seconds);
  const rate = seconds >= 1 && t.sent > 0 ? `${bytes(t.sent / seconds)}/s` : '';
  const numbers = [percent === undefined ? '' : `${String(Math.round(percent)).padStart(3)}%`, `${bytes(t.sent) || '0 B'}${t.total ? ` of ${bytes(t.total)}` : ''}`, rate, left === undefined ? '' : `ETA ${duration(left)}`].filter(Boolean).join('  ');
  const bar = Math.min(40, width - 10 - numbers.length - 2);
  const lines = [
    <Box key="bar" height={1} overflow="hidden">
      <Text wrap="truncate-end">
        {'Sending '}
        {bar >= 6 ? <ProgressBar percent={percent ?? 0} width={bar} /> : null} {numbers}
      </Text>
    </Box>,
  ];
  if (t.file) lines.push(<Text key="file" {...theme.dim} wrap="truncate-end">{`  ${t.file}${t.resumedFrom ? `, going on from ${bytes(t.resumedFrom)}` : ''} · file ${t.files.indexOf(t.file) + 1}`}</Text>);
  return lines;
}

/** The far restore: its preflight, the safety copy, each item; the one at work stays in view. */
function restoreLines(state: MigrationState, width: number): { lines: ReactElement[]; focus: number; finishing: boolean } {
  const last = new Map(state.steps.map((s) => [s.id, s]));
  const ids = [...new Set([...(state.plan?.rows.map((r) => r.id) ?? []), ...state.steps.map((s) => s.id)])];
  const failedChecks = (state.checks ?? []).filter((c) => !c.ok);
  const begun = state.steps.length > 0 || Boolean(state.safetySet);
  const lines: ReactElement[] = [];
  let focus = 0;
  const preflight: StepPhase = !state.checks ? 'start' : failedChecks.length ? 'failed' : 'done';
  lines.push(stepRow('preflight', 'preflight there', preflight, undefined, failedChecks.length ? `${plural(failedChecks.length, 'check')} failed` : undefined, width));
  if (preflight === 'failed') return { lines, focus, finishing: false };
  if (state.checks) {
    const safety: StepPhase = state.safetySet ? 'done' : state.steps.length || state.outcome ? 'failed' : 'start';
    lines.push(stepRow('safety', 'safety copy', safety, state.progress.safety, undefined, width));
  }
  for (const id of ids) {
    const phase: StepPhase = last.get(id)?.phase ?? 'queued';
    if (phase === 'start' || phase === 'failed') focus = lines.length;
    lines.push(stepRow(id, id === 'keys' ? 'app keys' : id, begun ? phase : 'queued', state.progress[id], last.get(id)?.detail, width));
  }
  const finishing = ids.length > 0 && ids.every((id) => last.get(id)?.phase === 'done') && !state.outcome;
  return { lines, focus, finishing };
}

export interface MigrationProgressProps {
  readonly state: MigrationState;
  readonly title: string;
  readonly height: number;
  readonly width: number;
  readonly now?: number;
}

/** The stage line, what is done in one line each, the stage at work in full, and any dropped link. */
export function MigrationProgress({ state, title, height, width, now = Date.now() }: MigrationProgressProps) {
  const { stage } = state;
  const done: ReactElement[] = [];
  const ok = state.items.filter((i) => i.phase === 'ok');
  if (stage === 'transfer' || stage === 'restore') {
    done.push(
      <MarkLine key="backed" kind="ok" wrap="truncate-end">
        Backed up here: {plural(ok.length, 'item')}, {bytes(ok.reduce((s, i) => s + i.bytes, 0)) || '0 B'} · {shortPath(state.setDir ?? '', Math.max(10, width - 40))}
      </MarkLine>,
    );
  }
  if (stage === 'restore' && state.transfer) {
    const t = state.transfer;
    done.push(
      <MarkLine key="sent" kind="ok" wrap="truncate-end">
        {t.alreadyThere ? 'The set was already there, proven file by file.' : `Sent ${bytes(t.total || t.sent)} in ${plural(t.files.length, 'file')}, proven by sha256 there.`}
      </MarkLine>,
    );
  }
  const retry = state.retries.at(-1);
  // The link dropped: the reason in full (it says what to fix if it keeps dropping), on up to three lines.
  const retryLines = retry && stage === 'transfer' ? wrapText(`The link dropped (${retry.reason}); going on from what arrived (attempt ${retry.attempt + 1}).`, width - 2).slice(0, 3) : [];
  const retryLine = retryLines.length ? (
    <Box flexDirection="column">
      {retryLines.map((line, i) => (
        <Text key={i} {...theme.warn} wrap="truncate-end">
          {i ? '  ' : `${MARKS.warn.char} `}
          {line}
        </Text>
      ))}
    </Box>
  ) : null;
  const footer = retryLines.length + (state.cancelling ? 1 : 0);
  const room = Math.max(3, height - 2 - done.length - footer - 1);
  let body: ReactElement;
  if (stage === 'backup') {
    const lines = state.items.flatMap((item) => progressLines(item, width));
    const busy = state.items.find((i) => i.phase === 'failed') ?? state.items.find((i) => i.phase === 'running');
    const focus = Math.max(0, lines.findIndex((l) => l.key === busy?.id));
    body = (
      <Box flexDirection="column">
        <Text wrap="truncate-end">
          {state.verifying ? 'Verifying the new set here… ' : 'Backing up here… '}
          <Text {...theme.dim}>{shortPath(state.setDir ?? '', Math.max(10, width - 30))}</Text>
        </Text>
        <Viewport lines={lines} height={room - 1} focus={focus} />
      </Box>
    );
  } else if (stage === 'transfer') body = <Box flexDirection="column">{transferLines(state, width, now)}</Box>;
  else {
    const { lines, focus, finishing: allDone } = restoreLines(state, width);
    body = (
      <Box flexDirection="column">
        <Text wrap="truncate-end">Restoring there: a failure or c rolls it back to what it held.</Text>
        <Viewport lines={lines} height={room - 1 - (allDone ? 1 : 0)} focus={focus} />
        {allDone ? <Spinner label="Finishing there: upgrade, then making it final…" /> : null}
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        {title}
      </Text>
      <StageLine stage={stage} />
      {done}
      {body}
      {retryLine}
      {state.cancelling ? (
        <Box>
          <Spinner />
          <Text {...theme.warn}> Putting both sides back as they were…</Text>
        </Box>
      ) : null}
    </Box>
  );
}
