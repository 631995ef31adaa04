import type { ReactElement } from 'react';
import { Box, Text } from 'ink';
import type { ScreenAction, ScreenReport } from '../app.js';
import { wrapText } from '../wrap-text.js';
import type { MigrationState } from '../hooks/migration-state.js';
import { useKeys } from '../hooks/use-keys.js';
import { useReport } from '../hooks/use-report.js';
import { is } from '../key-bindings.js';
import { theme, type MarkKind } from '../theme.js';
import { Mark } from './mark.js';
import { problemLines } from './migration-plan.js';
import { preflightLines } from './preflight-checks.js';
import { SelectList, type SelectItem } from './select-list.js';
import { Viewport } from './viewport.js';

type Next = 'again' | 'menu' | 'quit';

export interface MigrationResultProps {
  readonly state: MigrationState;
  /** `host:/path`, as typed. */
  readonly to: string;
  readonly from: string;
  readonly active: boolean;
  readonly height: number;
  readonly width: number;
  readonly onReport?: (report: ScreenReport) => void;
  readonly onAction?: (action: ScreenAction) => void;
  /** Back to the form, to change the destination and try again. */
  readonly onAgain: () => void;
}

/** The outcome's first line, in plain words. */
export function migrationHeadline(state: MigrationState): { text: string; ok: boolean } {
  const o = state.outcome;
  if (!o) return { text: `Migration failed: ${state.error?.line ?? 'unknown error'}`, ok: false };
  if (o.result === 'migrated') return { text: 'Migrated.', ok: true };
  if (o.result === 'interrupted') return { text: 'Migration interrupted: both sides are as they were.', ok: false };
  const rolledBack = o.restore?.steps.some((s) => s.status === 'rolled-back');
  return { text: `Migration ${o.result}${rolledBack ? ', the far install rolled back' : ''}: ${o.reason ?? ''}`, ok: false };
}

/** What happened where: the sets kept, the safety copy, each item there; or why it stopped and what to do. */
export function MigrationResult({ state, to, from, active, height, width, onReport, onAction, onAgain }: MigrationResultProps) {
  const o = state.outcome;
  const ok = o?.result === 'migrated';
  const actions: SelectItem<Next>[] = [...(ok ? [] : [{ label: 'Change the destination and try again', value: 'again' as const }]), { label: 'Back to the menu', value: 'menu' }, { label: 'Quit', value: 'quit' }];
  useReport(onReport, ['up', 'down', ['select', 'do it'], ['back', 'menu']]);
  useKeys((input, key) => is('back', input, key) && onAction?.('menu'), { isActive: active });
  const { text } = migrationHeadline(state);
  const lines: ReactElement[] = [];
  /** Words wrapped to the width, never cut: paths there are what the operator copies. */
  const push = (key: string, words: string, tone?: 'dim' | 'fail', mark?: MarkKind) =>
    wrapText(words, width - 2).forEach((line, i) =>
      lines.push(
        <Text key={`${key}:${i}`} {...(tone ? theme[tone] : {})} wrap="truncate-end">
          {i ? '  ' : mark ? <><Mark kind={mark} /> </> : ''}
          {line}
        </Text>,
      ),
    );
  if (ok) {
    push('what', `${from} here is now on ${to}.`);
    if (o.set) push('set', `The set is kept here: ${o.set}`);
    if (o.farSet) push('farset', `and there: ${o.farSet}`);
    if (o.restore?.safetySet) push('safety', `What was there before is in the safety set there: ${o.restore.safetySet}`);
  } else {
    const hint = o?.hint ?? state.error?.hint;
    if (hint) push('hint', `hint: ${hint}`, 'dim');
    // A refusal after the backup (no room there) has its problem; a far preflight its failed checks.
    const late = o?.result === 'refused' && o.set ? (o.plan?.problems ?? []) : [];
    lines.push(...problemLines(late, width, 'late'));
    const checks = (o?.restore?.checks ?? []).filter((c) => !c.ok);
    if (checks.length) lines.push(...preflightLines(checks, width));
    if (o?.set) push('set', `The set made here is kept: ${o.set}`, 'dim');
  }
  for (const s of o?.restore?.steps ?? []) {
    lines.push(
      <Text key={`step:${s.id}`} wrap="truncate-end">
        <Mark kind={s.status === 'restored' ? 'ok' : s.status === 'failed' ? 'fail' : 'undone'} /> {s.id}
        {s.status === 'rolled-back' ? ' rolled back' : s.status === 'restored' ? ' restored there' : ''}
        {s.error ? <Text {...theme.fail}> {s.error}</Text> : null}
      </Text>,
    );
  }
  if (o?.restore?.upgrade) push('upgrade', `Upgrade there: ${o.restore.upgrade.detail}`, o.restore.upgrade.ok ? undefined : 'fail', o.restore.upgrade.ok ? 'ok' : 'fail');
  if (o?.restore?.started) push('app', `App there: ${o.restore.started.detail}`, o.restore.started.ok ? undefined : 'fail', o.restore.started.ok ? 'ok' : 'fail');
  (o?.restore?.notes ?? []).forEach((n, i) => push(`note:${i}`, `· ${n}`, 'dim'));
  const head = wrapText(text, width - 2).slice(0, 3);
  return (
    <Box flexDirection="column">
      {head.map((line, i) => (
        <Text key={i} bold {...(ok ? theme.ok : theme.fail)} wrap="truncate-end">
          {i ? '  ' : <><Mark kind={ok ? 'ok' : 'fail'} /> </>}
          {line}
        </Text>
      ))}
      <Viewport lines={lines} height={Math.max(2, height - head.length - 1 - actions.length)} />
      <Box marginTop={1}>
        <SelectList items={actions} active={active} onSelect={({ value }) => (value === 'again' ? onAgain() : onAction?.(value))} />
      </Box>
    </Box>
  );
}
