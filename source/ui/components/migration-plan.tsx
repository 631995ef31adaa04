import type { ReactElement } from 'react';
import { Box, Text } from 'ink';
import type { MigrationPlan } from '../../core/migrate/migrate-plan.js';
import type { ScreenReport } from '../app.js';
import { bytes, fit, plural, shortPath } from '../format.js';
import { planFix } from '../plan-fix.js';
import { wrapText } from '../wrap-text.js';
import { useKeys } from '../hooks/use-keys.js';
import { useLiveState } from '../hooks/use-live-state.js';
import { useReport } from '../hooks/use-report.js';
import { useTypedConfirm } from '../hooks/use-typed-confirm.js';
import { is } from '../key-bindings.js';
import type { Offer } from '../key-hints.js';
import { theme } from '../theme.js';
import { Pointer } from './list-row.js';
import { MarkLine } from './mark.js';
import { TypedNameConfirm } from './typed-name-confirm.js';
import { Viewport } from './viewport.js';

// The plan side by side: what goes where, the settings that differ, the notes, and what stands in
// the way with its fix. Every string of the plan was made printable when it arrived.

/** A problem as lines: ✖ and its reason, then its fix (the wizard's way), both in the fail tone and wrapped, never cut. */
export function problemLines(problems: MigrationPlan['problems'], width: number, key = 'problem'): ReactElement[] {
  const line = (k: string, text: string) => (
    <Text key={k} {...theme.fail} wrap="truncate-end">
      {text}
    </Text>
  );
  return problems.flatMap((p, n) => [
    ...wrapText(p.reason, width - 3).map((text, i) => line(`${key}:${n}:r${i}`, `${i ? '  ' : '✖ '}${text}`)),
    ...wrapText(planFix(p), width - 10).map((text, i) => line(`${key}:${n}:f${i}`, `${i ? '         ' : '    fix: '}${text}`)),
  ]);
}

/** Every line of the plan below its status line, problems first. */
export function planLines(plan: MigrationPlan, width: number): ReactElement[] {
  const lines: ReactElement[] = [...problemLines(plan.problems, width)];
  const gap = (key: string) => lines.length && lines.push(<Text key={key}> </Text>);
  gap('gap:rows');
  const idWidth = Math.min(22, Math.max(6, ...plan.rows.map((r) => r.id.length)));
  const sizes = plan.rows.map((r) => bytes(r.sizeBytes));
  const sizeWidth = Math.max(0, ...sizes.map((s) => s.length));
  // Side by side on one line when both places fit whole; else "there" goes under "here".
  const room = width - 2 - idWidth - 1 - (sizeWidth ? sizeWidth + 2 : 0);
  const half = Math.floor((room - 3) / 2);
  const oneLine = plan.rows.every((r) => r.here.length <= half && r.there.length <= room - 3 - half);
  lines.push(
    <Text key="rows" underline wrap="truncate-end">
      {`What moves (${plural(plan.rows.length, 'item')}): here → there`}
    </Text>,
  );
  plan.rows.forEach((r, i) => {
    const head = `  ${fit(r.id, idWidth).padEnd(idWidth)} ${sizeWidth ? `${sizes[i].padStart(sizeWidth)}  ` : ''}`;
    if (oneLine) {
      lines.push(
        <Text key={`row:${r.id}`} wrap="truncate-end">
          {head}
          {r.here.padEnd(half)} <Text {...theme.accent}>→</Text> {r.there}
        </Text>,
      );
      return;
    }
    // Narrow: the places get lines of their own under the item, as wide as the screen allows.
    const narrow = width - head.length - 1 < 40;
    const indent = narrow ? 6 : head.length;
    const place = width - indent - 1;
    lines.push(<Text key={`row:${r.id}`} wrap="truncate-end">{narrow ? head.trimEnd() : `${head}${shortPath(r.here, place)}`}</Text>);
    if (narrow) lines.push(<Text key={`row:${r.id}:here`} wrap="truncate-end">{`${' '.repeat(indent)}${shortPath(r.here, place)}`}</Text>);
    lines.push(
      <Text key={`row:${r.id}:there`} wrap="truncate-end">
        {' '.repeat(Math.max(0, indent - 2))}
        <Text {...theme.accent}>→</Text> {shortPath(r.there, place)}
      </Text>,
    );
  });
  const differ = plan.env.filter((e) => !e.same);
  const same = plan.env.filter((e) => e.same).map((e) => e.name);
  gap('gap:env');
  lines.push(
    <Text key="env" underline wrap="truncate-end">
      {differ.length ? `Settings that differ (the .env there is kept as it is)` : 'Settings: the same on both sides'}
    </Text>,
  );
  const nameWidth = Math.min(20, Math.max(8, ...differ.map((e) => e.name.length)));
  for (const e of differ) {
    const text = e.name === 'APP_KEY' ? `different${e.there === 'not set' ? ' (not set there)' : e.here === 'not set' ? ' (not set here)' : ''}` : undefined;
    lines.push(
      <Text key={`env:${e.name}`} wrap="truncate-end">
        {`  ${e.name.padEnd(nameWidth)} `}
        {text ?? (
          <>
            {e.here || '(unset)'} <Text {...theme.accent}>→</Text> {e.there || '(unset)'}
          </>
        )}
      </Text>,
    );
  }
  if (differ.length && same.length) lines.push(<Text key="env:same" {...theme.dim} wrap="truncate-end">{`  the same: ${same.join(', ')}`}</Text>);
  if (plan.notes.length) gap('gap:notes');
  plan.notes.forEach((note, n) => wrapText(note, width - 2).forEach((line, i) => lines.push(<Text key={`note:${n}:${i}`} wrap="truncate-end">{`${i ? '  ' : '· '}${line}`}</Text>)));
  return lines;
}

export interface MigrationPlanViewProps {
  readonly plan: MigrationPlan;
  /** The name to type: the far install's. */
  readonly farName: string;
  /** The run waits for the name (no problems, and the run did not end). */
  readonly canGo: boolean;
  readonly active: boolean;
  readonly height: number;
  readonly width: number;
  readonly onTyping: (typing: boolean) => void;
  readonly onReport?: (report: ScreenReport) => void;
  readonly onGo: () => void;
  readonly onBack: () => void;
}

/** The plan, scrolled with ↑↓; enter opens the typed name when nothing stands in the way, esc goes back. */
export function MigrationPlanView({ plan, farName, canGo, active, height, width, onTyping, onReport, onGo, onBack }: MigrationPlanViewProps) {
  const confirm = useTypedConfirm(farName, onTyping, onGo);
  const { confirming } = confirm;
  const [top, setTop, getTop] = useLiveState(0);
  const lines = planLines(plan, width);
  const problems = plan.problems.length;
  const bottom = confirming ? 1 + confirm.rows : 2;
  const room = Math.max(3, height - 2 - bottom);
  const scrolls = lines.length > room;
  const inner = Math.max(1, room - 2);
  const maxTop = Math.max(0, lines.length - inner);
  // Esc before the page keys: on a short footer the lesser hints at the end give way first.
  const keys: Offer[] = confirming ? [] : [...(scrolls ? (['up', 'down'] as const) : []), ...(canGo ? ([['select', 'go on']] as const) : []), 'back', ...(scrolls ? (['pageUp', 'pageDown'] as const) : [])];
  useReport(onReport, keys);
  useKeys(
    (input, key) => {
      const move = (by: number) => setTop(Math.max(0, Math.min(maxTop, getTop() + by)));
      if (is('up', input, key)) move(-1);
      else if (is('down', input, key)) move(1);
      else if (is('pageUp', input, key)) move(-inner);
      else if (is('pageDown', input, key)) move(inner);
      else if (is('back', input, key)) onBack();
      else if (is('select', input, key) && canGo) confirm.open();
    },
    { isActive: active && !confirming },
  );
  const to = `${plan.farHost}:${plan.to.slice(plan.to.indexOf(':') + 1)}`;
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        Plan: {plan.from} <Text {...theme.accent}>→</Text> {to}
      </Text>
      {problems ? (
        <MarkLine kind="fail" wrap="truncate-end">
          Cannot migrate: {plural(problems, 'problem')} to fix first, see below.
        </MarkLine>
      ) : (
        <MarkLine kind="ok" wrap="truncate-end">
          Nothing stands in the way: at most {bytes(plan.estimateBytes) || '0 B'} to back up and send.
        </MarkLine>
      )}
      <Viewport lines={lines} height={room} focus={scrolls ? Math.min(lines.length - 1, Math.min(top, maxTop) + Math.floor(inner / 2)) : 0} />
      {confirming ? (
        <Box flexDirection="column">
          <Text> </Text>
          <TypedNameConfirm confirm={confirm} prompt={`Type the far install's name (${farName}) to overwrite it on ${plan.farHost}, esc to go back:`} active={active} width={width} />
        </Box>
      ) : (
        <Box marginTop={1}>
          <Pointer here={canGo} />
          <Text bold={canGo} wrap="truncate-end" {...(canGo ? theme.fail : theme.dim)}>
            {canGo ? `[ Migrate: overwrite ${farName} on ${plan.farHost} ]` : '[ Cannot migrate: see the ✖ above; esc goes back ]'}
          </Text>
        </Box>
      )}
    </Box>
  );
}
