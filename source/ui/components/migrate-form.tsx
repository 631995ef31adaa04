import { useLayoutEffect, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import type { SshSpec } from '../../core/copy/remote-shell.js';
import { errorHint, errorLine } from '../../core/errors.js';
import type { InstallInventory } from '../../core/scan/take-inventory.js';
import type { ScreenReport } from '../app.js';
import { bytes, plural, shortPath } from '../format.js';
import { useKeys } from '../hooks/use-keys.js';
import { useLiveState } from '../hooks/use-live-state.js';
import { useReport } from '../hooks/use-report.js';
import { checkStage, DEFAULT_STAGE, parseFarInstall } from '../hooks/use-migration.js';
import { is } from '../key-bindings.js';
import type { Offer } from '../key-hints.js';
import { theme, tone } from '../theme.js';
import { whatMoves, type MigrationItems } from '../what-moves.js';
import { Pointer } from './list-row.js';
import { MarkLine } from './mark.js';
import { TextField } from './text-field.js';

/** What the operator typed and chose; kept by the screen, so going back finds it as it was. */
export interface MigrateFormValues {
  readonly to: string;
  /** What moves: the ids ticked in the checklist, or every item migrate takes by default. */
  readonly items: MigrationItems;
  readonly stage: string;
  readonly upgrade: boolean;
  readonly stopApp: boolean;
  readonly startApp: boolean;
}

export const FORM_START: MigrateFormValues = { to: '', items: 'all', stage: DEFAULT_STAGE, upgrade: true, stopApp: false, startApp: false };

export interface FormError {
  readonly line: string;
  readonly hint?: string;
}

export interface MigrateFormProps {
  readonly inventory: InstallInventory;
  readonly values: MigrateFormValues;
  /** Why the last try stopped before its plan (ssh could not connect, say), or a field that does not parse. */
  readonly error?: FormError;
  readonly active: boolean;
  readonly width: number;
  readonly onTyping: (typing: boolean) => void;
  readonly onReport?: (report: ScreenReport) => void;
  readonly onChange: (values: MigrateFormValues) => void;
  /** Enter on What moves: the screen opens the checklist, and comes back with the cursor there. */
  readonly onPick: () => void;
  /** The field the cursor starts on (What moves, back from its checklist); else the button, or To when empty. */
  readonly at?: 'items';
  readonly onConnect: (destination: SshSpec, stage: string) => void;
}

type Field = 'to' | 'items' | 'stage' | 'upgrade' | 'stopApp' | 'startApp' | 'go';
const FIELDS: readonly Field[] = ['to', 'items', 'stage', 'upgrade', 'stopApp', 'startApp', 'go'];
const LABELS: Readonly<Record<Exclude<Field, 'go'>, string>> = { to: 'To', items: 'What moves', stage: 'Staging there', upgrade: 'Upgrade there', stopApp: 'Stop app first', startApp: 'Start app after' };
const TOGGLES: Readonly<Record<'upgrade' | 'stopApp' | 'startApp', readonly [string, string]>> = {
  upgrade: ['no: keep the version there', 'yes, run nocobase upgrade after'],
  stopApp: ['no: it must not be running', 'yes, stop it before restoring'],
  startApp: ['no', 'yes, start it afterwards'],
};

/** The far install as [user@]host:/path, the far staging folder and the options; enter on the button connects. */
export function MigrateForm({ inventory, values, error, at: startAt, active, width, onTyping, onReport, onChange, onConnect, onPick }: MigrateFormProps) {
  // An empty destination opens for typing at once: the first thing the operator does is type it.
  const [field, setField, getField] = useLiveState(startAt ? FIELDS.indexOf(startAt) : values.to ? FIELDS.indexOf('go') : 0);
  const [editing, setEditing] = useState<Field | undefined>(values.to || startAt ? undefined : 'to');
  const typing = useRef(false);
  typing.current = Boolean(editing);
  // In the commit that opens the field, so the next key already reaches it; and never left on when this form goes.
  useLayoutEffect(() => {
    if (typing.current) onTyping(true);
    return () => {
      if (typing.current) onTyping(false);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const [fieldError, setFieldError] = useState<FormError>();
  const [form, setForm, getForm] = useLiveState(values);
  const shown = fieldError ?? error;
  const at = FIELDS[field];
  const toggle = at === 'upgrade' || at === 'stopApp' || at === 'startApp';
  const keys: Offer[] = editing ? [] : ['up', 'down', ...(toggle ? (['left', 'right'] as const) : []), ['select', at === 'go' ? 'connect and inspect' : at === 'items' ? 'choose' : toggle ? 'change' : 'edit']];
  useReport(onReport, keys);
  const update = (next: MigrateFormValues) => {
    setForm(next);
    onChange(next);
  };
  /** The destination and staging folder as core takes them, or the first that does not parse (named on its field). */
  const check = (f: MigrateFormValues): { destination: SshSpec; stage: string } | undefined => {
    for (const [name, parse] of [['to', () => parseFarInstall(f.to)], ['stage', () => checkStage(f.stage)]] as const) {
      try {
        parse();
      } catch (e) {
        setFieldError({ line: `${LABELS[name]}: ${errorLine(e)}`, hint: errorHint(e) });
        setField(FIELDS.indexOf(name));
        return undefined;
      }
    }
    return { destination: parseFarInstall(f.to), stage: checkStage(f.stage) };
  };
  const stopEditing = (value?: string) => {
    const name = editing;
    setEditing(undefined);
    onTyping(false);
    if ((name !== 'to' && name !== 'stage') || value === undefined) return;
    const next = { ...getForm(), [name]: value.trim() };
    update(next);
    setFieldError(undefined);
    // A destination that parses takes the cursor to the button: enter again connects.
    if (name === 'to' && next.to) {
      try {
        parseFarInstall(next.to);
        setField(FIELDS.indexOf('go'));
      } catch (e) {
        setFieldError({ line: `${LABELS.to}: ${errorLine(e)}`, hint: errorHint(e) });
      }
    }
  };
  useKeys(
    (input, key) => {
      const now = FIELDS[getField()];
      const step = is('right', input, key) || is('left', input, key) || is('toggle', input, key);
      if (is('up', input, key)) setField((i) => Math.max(0, i - 1));
      else if (is('down', input, key)) setField((i) => Math.min(FIELDS.length - 1, i + 1));
      else if (step && (now === 'upgrade' || now === 'stopApp' || now === 'startApp')) update({ ...getForm(), [now]: !getForm()[now] });
      else if (is('select', input, key)) {
        if (now === 'items') onPick();
        else if (now === 'to' || now === 'stage') {
          setEditing(now);
          onTyping(true);
        } else if (now === 'go') {
          setFieldError(undefined);
          const ok = check(getForm());
          if (ok) onConnect(ok.destination, ok.stage);
        } else update({ ...getForm(), [now]: !getForm()[now] });
      }
    },
    { isActive: active && !editing },
  );
  const value = (f: Exclude<Field, 'go'>): string => {
    if (f === 'to') return form.to || '(enter, then type [user@]host:/path)';
    if (f === 'stage') return form.stage || DEFAULT_STAGE;
    if (f === 'items') return whatMoves(inventory, form.items);
    return `‹ ${TOGGLES[f][form[f] ? 1 : 0]} ›`;
  };
  const size = inventory.items.filter((i) => i.id !== 'storage').reduce((sum, i) => sum + (i.sizeBytes ?? 0), 0);
  const roomy = width - 20 - inventory.install.path.length >= 40;
  const about = `${inventory.nocobaseVersion ? `NocoBase ${inventory.nocobaseVersion}, ` : ''}${plural(inventory.items.length, 'item')}${size ? `, ${bytes(size)}` : ''}`;
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        Migrate {inventory.install.name} to another server
      </Text>
      <Box>
        <Pointer />
        <Box width={16} flexShrink={0}>
          <Text>From</Text>
        </Box>
        <Text wrap="truncate-end">
          {shortPath(inventory.install.path, Math.max(10, width - 20 - (roomy ? about.length + 3 : 0)))}
          {roomy ? <Text {...theme.dim}> ({about})</Text> : null}
        </Text>
      </Box>
      {FIELDS.map((f, index) =>
        f === 'go' ? (
          <Box key={f} marginTop={1}>
            <Pointer here={field === index} />
            <Text bold {...tone(field === index && 'cursor')}>
              [ Connect and inspect ]
            </Text>
          </Box>
        ) : (
          <Box key={f}>
            <Pointer here={field === index} />
            <Box width={16} flexShrink={0}>
              <Text>{LABELS[f]}</Text>
            </Box>
            {editing === f ? (
              <TextField active={active} label="" initial={f === 'to' ? form.to : form.stage} width={width - 18} onSubmit={(v) => stopEditing(v)} onCancel={() => stopEditing()} />
            ) : (
              <Text wrap="truncate-end" {...tone(f === 'to' && !form.to && 'dim')}>
                {value(f)}
              </Text>
            )}
          </Box>
        ),
      )}
      <Text> </Text>
      {shown ? (
        <>
          <MarkLine kind="fail" wrap="wrap">
            {shown.line}
          </MarkLine>
          {shown.hint ? (
            <Box paddingLeft={2}>
              <Text {...theme.dim} wrap="wrap">
                {shown.hint}
              </Text>
            </Box>
          ) : null}
        </>
      ) : (
        <>
          {['The far install must exist, with its own .env.', 'ssh logs in with your keys, agent and ~/.ssh/config.', 'Nothing changes on either side until you confirm.'].map((line) => (
            <Text key={line} {...theme.dim} wrap="truncate-end">
              {line}
            </Text>
          ))}
        </>
      )}
    </Box>
  );
}
