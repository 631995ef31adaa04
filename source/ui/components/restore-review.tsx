import { useEffect, useRef, type ReactElement } from 'react';
import { Box, Text } from 'ink';
import { Spinner } from '@inkjs/ui';
import type { Install } from '../../core/discover/install.js';
import { APP_STOPPED } from '../../core/restore/preflight.js';
import type { PreparedRestore } from '../../core/restore/restore-runner.js';
import type { ScreenReport } from '../app.js';
import { bytes, fit, plural, shortPath } from '../format.js';
import { useKeys } from '../hooks/use-keys.js';
import { useReport } from '../hooks/use-report.js';
import type { RestoreChoices } from '../hooks/use-restore.js';
import { useRestoreTicks, type OptionName } from '../hooks/use-restore-ticks.js';
import { useTypedConfirm } from '../hooks/use-typed-confirm.js';
import { is } from '../key-bindings.js';
import type { Offer } from '../key-hints.js';
import { theme, tone } from '../theme.js';
import { ListRow, Pointer } from './list-row.js';
import { MarkLine } from './mark.js';
import { preflightLines } from './preflight-checks.js';
import { TypedNameConfirm } from './typed-name-confirm.js';
import { Viewport } from './viewport.js';

/** What the restore screen and its review share: where it restores, its frame, and how it reports. */
export interface RestoreFrameProps {
  readonly target: Install;
  readonly safetyDir: string;
  readonly active: boolean;
  readonly height: number;
  readonly width: number;
  readonly onTyping: (typing: boolean) => void;
  readonly onReport?: (report: ScreenReport) => void;
}

export interface RestoreReviewProps extends RestoreFrameProps {
  readonly prepared: PreparedRestore;
  /** The checks are being made again for new ticks. */
  readonly checking: boolean;
  /** What the last app stop said. */
  readonly note?: string;
  readonly onGo: (choices: RestoreChoices) => void;
  readonly onStopApp: () => void;
  readonly onRecheck: (items: readonly string[]) => void;
}

const OPTION_TEXT: Readonly<Record<Exclude<OptionName, 'snapshot'>, string>> = { upgrade: 'run nocobase upgrade afterwards', startApp: 'start the app afterwards and wait for its answer' };

/**
 * Preflight, the items of the set to tick, the options and the button, then the typed name. What
 * blocks is said first with its fix; the options and the button never leave the screen.
 */
export function RestoreReview({ prepared, checking, note, target, safetyDir, active, height, width, onTyping, onReport, onGo, onStopApp, onRecheck }: RestoreReviewProps) {
  const t = useRestoreTicks(prepared);
  const confirm = useTypedConfirm(target.name, onTyping, () => onGo({ ...t.options, safetyDir }));
  const { confirming } = confirm;
  // Ticks sent and not yet checked: enter in the same burst must not go on with the old plan.
  const waiting = useRef(false);
  useEffect(() => {
    waiting.current = false;
  }, [prepared]);
  const { checks, plan } = prepared;
  const failed = checks.filter((c) => !c.ok);
  const blocked = [...new Set(failed.flatMap((c) => c.items ?? []))].filter((id) => t.ticked.has(id));
  const appRunning = failed.some((c) => c.id === APP_STOPPED);
  const ready = !checking && failed.length === 0;
  const row = t.rows[t.cursor];
  const tickables = t.rows.filter((r) => r.kind === 'item').length;
  const recheck = (ids: readonly string[] | undefined) => {
    if (!ids) return;
    waiting.current = true;
    onRecheck(ids);
  };
  const keys: Offer[] = confirming
    ? []
    : [
        'up',
        'down',
        ...(row?.kind === 'item' || row?.kind === 'option' ? (['toggle'] as const) : []),
        ...(tickables > 1 ? (['all', 'none'] as const) : []),
        ...(blocked.length ? (['untick'] as const) : []),
        ...(appRunning ? (['stopApp'] as const) : []),
        ...(ready && row?.kind === 'go' ? ([['select', 'go on']] as const) : []),
      ];
  useReport(onReport, keys);
  useKeys(
    (input, key) => {
      if (is('up', input, key)) t.move(-1);
      else if (is('down', input, key)) t.move(1);
      else if (is('toggle', input, key)) recheck(t.toggle());
      else if (is('all', input, key) && tickables > 1) recheck(t.all());
      else if (is('none', input, key) && tickables > 1) recheck(t.none());
      else if (is('untick', input, key) && blocked.length) recheck(t.untick(blocked));
      else if (is('stopApp', input, key) && appRunning) onStopApp();
      else if (is('select', input, key) && ready && !waiting.current && t.row()?.kind === 'go') confirm.open();
    },
    { isActive: active && !confirming },
  );
  const idWidth = Math.min(24, Math.max(8, ...prepared.choices.map((c) => c.id.length)));
  // Failed checks first; the passed ones, which the status line sums up, after the items.
  const checkLines = preflightLines(checks, width);
  const passedLines = checkLines.filter((l) => String(l.key).startsWith('ok:'));
  const middle: ReactElement[] = checkLines.filter((l) => !passedLines.includes(l));
  if (note) middle.push(<Text key="note" {...theme.dim} wrap="truncate-end">{note}</Text>);
  middle.push(
    <Text key="heading" underline wrap="truncate-end">
      Will be overwritten ({plural(plan.items.length, 'item')} ticked)
    </Text>,
  );
  let focus = 0;
  for (const choice of prepared.choices) {
    if (choice.unavailable) {
      middle.push(<Text key={choice.id} {...theme.dim} wrap="truncate-end">{`   -  ${choice.id}: ${choice.unavailable}`}</Text>);
      continue;
    }
    const index = t.rows.findIndex((r) => r.kind === 'item' && r.id === choice.id);
    if (index === t.cursor) focus = middle.length;
    const tick = t.ticked.has(choice.id) ? '[x]' : '[ ]';
    middle.push(
      <ListRow key={choice.id} here={index === t.cursor} dim={blocked.includes(choice.id)}>
        {tick} {fit(choice.id, idWidth).padEnd(idWidth)} <Text {...theme.dim}>← {choice.file ?? ''} {bytes(choice.bytes)}</Text>
      </ListRow>,
    );
  }
  if (plan.keys) middle.push(<Text key="keys" {...theme.dim} wrap="truncate-end">{`      app keys ← ${plan.keys.entry.file ?? ''} (they travel with the databases)`}</Text>);
  if (t.why) middle.push(<Text key="why" {...theme.warn} wrap="truncate-end">{t.why}</Text>);
  middle.push(...passedLines);

  const status: ReactElement[] = [];
  if (checking) status.push(<Spinner key="checking" label="Checking again for the ticked items…" />);
  else if (failed.length) {
    status.push(<MarkLine key="cannot" kind="fail" wrap="truncate-end">Cannot go on: {plural(failed.length, 'check')} failed. Fix each as it says below.</MarkLine>);
    if (blocked.length) status.push(<Text key="untick" {...theme.warn} wrap="truncate-end">{`  Or press u to untick what they block: ${blocked.join(', ')}`}</Text>);
    if (appRunning) status.push(<Text key="stop" {...theme.warn} wrap="truncate-end">{'  Press s to stop the app now and check again.'}</Text>);
  } else status.push(<MarkLine key="ok" kind="ok" wrap="truncate-end">{checks.length === 1 ? 'The check passes' : `All ${checks.length} checks pass`}: nothing stands in the way.</MarkLine>);

  const bottom = confirming ? 1 + confirm.rows : 1 + 3 + 1;
  const room = Math.max(3, height - 1 - status.length - bottom);
  const fixedFocus = row?.kind === 'item' ? focus : 0;
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        Restore {prepared.manifest.source.installName} ({prepared.manifest.createdAt.slice(0, 16).replace('T', ' ')}) into {target.name}
      </Text>
      {status}
      <Viewport lines={middle} height={room} focus={fixedFocus} />
      <Text> </Text>
      {confirming ? (
        <TypedNameConfirm confirm={confirm} prompt={`Type the install's name (${target.name}) to overwrite it, esc to go back:`} active={active} />
      ) : (
        <Box flexDirection="column">
          <ListRow here={row?.kind === 'option' && row.option === 'snapshot'}>
            [{t.options.snapshot ? 'x' : ' '}] safety copy of what is overwritten, into {shortPath(safetyDir, Math.max(10, width - 48))}
          </ListRow>
          {(['upgrade', 'startApp'] as const).map((o) => (
            <ListRow key={o} here={row?.kind === 'option' && row.option === o}>
              [{t.options[o] ? 'x' : ' '}] {OPTION_TEXT[o]}
            </ListRow>
          ))}
          <Box>
            <Pointer here={row?.kind === 'go'} />
            <Text bold={ready} wrap="truncate-end" {...tone(!ready ? 'dim' : row?.kind === 'go' && 'fail')}>
              {ready ? `[ Restore and overwrite ${target.name} ]` : checking ? '[ Checking… ]' : '[ Cannot go on: see the ✖ above ]'}
            </Text>
          </Box>
        </Box>
      )}
    </Box>
  );
}
