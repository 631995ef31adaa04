import { destinationLabel } from '../../core/copy/copy-to.js';
import { useState } from 'react';
import { Box, Text } from 'ink';
import { errorHint, errorLine } from '../../core/errors.js';
import { saveEditedProfile } from '../../core/profiles/profile-changes.js';
import type { Config } from '../../core/settings/config.js';
import type { ProfileBody } from '../../core/settings/profile.js';
import type { ScreenReport } from '../app.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { Pointer } from '../components/list-row.js';
import { MarkLine } from '../components/mark.js';
import { TextField } from '../components/text-field.js';
import { shortPath } from '../format.js';
import { useKeys } from '../hooks/use-keys.js';
import { useLiveState } from '../hooks/use-live-state.js';
import { useReport } from '../hooks/use-report.js';
import { is } from '../key-bindings.js';
import type { Offer } from '../key-hints.js';
import { theme, tone } from '../theme.js';

/** A profile being made from a backup's selection, or one being edited. */
export interface ProfileDraft {
  /** The saved name, when editing. */
  readonly from?: string;
  readonly name: string;
  readonly body: ProfileBody;
  /** The ticked ids: "these items" beside "all items". */
  readonly ids: readonly string[];
}

export interface ProfileEditScreenProps {
  readonly draft: ProfileDraft;
  readonly config?: Config;
  readonly active: boolean;
  readonly width: number;
  readonly onTyping: (typing: boolean) => void;
  readonly onReport?: (report: ScreenReport) => void;
  readonly onSaved: (name: string, file: string) => void;
  /** Esc, once any change is confirmed dropped. */
  readonly onLeave: () => void;
}

type Field = 'name' | 'items' | 'outDir' | 'last' | 'daily' | 'weekly' | 'monthly' | 'copies' | 'webhook' | 'ping' | 'onSuccess' | 'save';
const FIELDS: readonly Field[] = ['name', 'items', 'outDir', 'last', 'daily', 'weekly', 'monthly', 'copies', 'webhook', 'ping', 'onSuccess', 'save'];
const TEXT: ReadonlySet<Field> = new Set(['name', 'outDir', 'copies', 'webhook', 'ping']);
const COUNTS = ['last', 'daily', 'weekly', 'monthly'] as const;
const KEY_LABELS: Readonly<Record<string, string>> = { 'alerts.webhook': 'Webhook URL', 'alerts.ping': 'Ping URL', outDir: 'Backup folder' };
const KEYS: readonly Offer[] = ['up', 'down', 'left', 'right', ['select', 'edit / save']];

interface Form {
  readonly name: string;
  readonly all: boolean;
  readonly outDir: string;
  readonly keep: Readonly<Record<(typeof COUNTS)[number], number>>;
  /** Off-site destinations, comma-separated as typed. */
  readonly copies: string;
  readonly webhook: string;
  readonly ping: string;
  readonly onSuccess: boolean;
}

/** Name, items, folder, retention and alerts of a profile; hooks and alert commands live in the files (see the README). */
export function ProfileEditScreen({ draft, config, active, width, onTyping, onReport, onSaved, onLeave }: ProfileEditScreenProps) {
  const { body } = draft;
  const [field, setField, getField] = useLiveState(0);
  const [editing, setEditing] = useState<Field>();
  const [error, setError] = useState<{ line: string; hint?: string }>();
  const [form, setForm, getForm] = useLiveState<Form>({
    name: draft.name,
    all: body.items === 'all',
    outDir: body.outDir ?? '',
    keep: { last: body.keep?.last ?? 0, daily: body.keep?.daily ?? 0, weekly: body.keep?.weekly ?? 0, monthly: body.keep?.monthly ?? 0 },
    copies: (body.copies ?? []).map((c) => c.to).join(', '),
    webhook: body.alerts?.webhook ?? '',
    ping: body.alerts?.ping ?? '',
    onSuccess: body.alerts?.onSuccess ?? false,
  });
  const [initialForm] = useState(form);
  const [leaving, setLeaving] = useState(false);
  // Changed and not saved: esc asks here, and quitting asks in the app.
  const unsaved = JSON.stringify(form) !== JSON.stringify(initialForm);
  useReport(onReport, leaving ? ['yes', 'no'] : unsaved ? [...KEYS, ['back', 'leave']] : KEYS, undefined, unsaved);
  const stopEditing = (value?: string) => {
    const name = editing;
    if (name && value !== undefined) setForm((f) => ({ ...f, [name]: value.trim() }));
    setEditing(undefined);
    onTyping(false);
  };
  const save = () => {
    const f = getForm();
    const keep = Object.fromEntries(COUNTS.filter((k) => f.keep[k] > 0).map((k) => [k, f.keep[k]]));
    const alerts = f.webhook || f.ping || body.alerts?.command ? { ...body.alerts, webhook: f.webhook || undefined, ping: f.ping || undefined, onSuccess: f.onSuccess || undefined } : undefined;
    let copies;
    try {
      copies = copiesOf(f.copies, body.copies);
    } catch (e) {
      setError({ line: `Copy to: ${errorLine(e)}`, hint: errorHint(e) });
      setField(FIELDS.indexOf('copies'));
      return;
    }
    const next: ProfileBody = { ...body, items: f.all ? 'all' : [...draft.ids], outDir: f.outDir || undefined, keep: Object.keys(keep).length ? keep : undefined, copies, alerts };
    if (!config) return;
    saveEditedProfile(draft.from, f.name, JSON.parse(JSON.stringify(next)) as ProfileBody, config).then(
      (file) => onSaved(f.name, file),
      (e: unknown) => {
        // The store names its keys (alerts.webhook); the form says what the operator sees.
        const line = Object.entries(KEY_LABELS).reduce((text, [key, label]) => text.replace(`${key}:`, `${label}:`), errorLine(e));
        setError({ line, hint: errorHint(e) });
        if (/profile name|exists already/.test(line)) setField(0);
      },
    );
  };
  useKeys(
    (input, key) => {
      const at = FIELDS[getField()];
      const step = is('right', input, key) ? 1 : is('left', input, key) ? -1 : 0;
      if (is('back', input, key)) {
        if (unsaved) setLeaving(true);
        return;
      }
      if (is('up', input, key)) setField((i) => Math.max(0, i - 1));
      else if (is('down', input, key)) setField((i) => Math.min(FIELDS.length - 1, i + 1));
      else if (step && at === 'items' && draft.ids.length) setForm((f) => ({ ...f, all: !f.all }));
      else if (step && at === 'onSuccess') setForm((f) => ({ ...f, onSuccess: !f.onSuccess }));
      else if (isCount(at) && (step || /^[0-9]$/.test(input) || key.backspace || key.delete)) {
        setForm((f) => ({ ...f, keep: { ...f.keep, [at]: nextCount(f.keep[at], step, input, key.backspace || key.delete) } }));
      } else if (is('select', input, key)) {
        setError(undefined);
        if (TEXT.has(at)) {
          setEditing(at);
          onTyping(true);
        } else if (at === 'save') save();
      }
    },
    { isActive: active && !editing && !leaving },
  );
  const value = (f: Field): string => {
    if (f === 'items') return form.all ? '‹ all items: new data sources join by themselves ›' : `‹ ${draft.ids.length === 1 ? 'this item' : `these ${draft.ids.length} items`}: ${draft.ids.join(', ')} ›`;
    if (f === 'onSuccess') return form.onSuccess ? '‹ on success too ›' : '‹ only when a run fails ›';
    if (isCount(f)) return `‹ ${form.keep[f] || '–'} ›`;
    if (f === 'outDir') return form.outDir ? shortPath(form.outDir, width - 20) : '(the default backup folder)';
    if (f === 'copies') return form.copies || '(none: sets stay on this machine)';
    return (form[f as 'name' | 'webhook' | 'ping'] as string) || (f === 'name' ? '(enter, then type a name)' : '(none)');
  };
  const LABELS: Record<Field, string> = { name: 'Name', items: 'Items', outDir: 'Backup folder', last: 'Keep last', daily: 'Keep daily', weekly: 'Keep weekly', monthly: 'Keep monthly', copies: 'Copy to', webhook: 'Webhook URL', ping: 'Ping URL', onSuccess: 'Alert', save: '' };
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        {draft.from ? `Edit profile ${draft.from}` : 'Save as a profile'} · {shortPath(body.install, width - 30)}
      </Text>
      {FIELDS.map((f, index) => (
        <Box key={f}>
          <Pointer here={field === index} />
          <Box width={15} flexShrink={0}>
            <Text>{LABELS[f]}</Text>
          </Box>
          {editing === f ? (
            <TextField active={active} initial={form[f as 'name'] as string} width={width - 17} onSubmit={(v) => stopEditing(v)} onCancel={() => stopEditing()} />
          ) : f === 'save' ? (
            <Text bold {...tone(field === index && 'cursor')}>
              [ Save profile ]
            </Text>
          ) : (
            <Text wrap="truncate-end">{value(f)}</Text>
          )}
        </Box>
      ))}
      {error ? (
        <MarkLine kind="fail" wrap="wrap">
          {error.line}
        </MarkLine>
      ) : (
        <Text wrap="truncate-end" {...theme.dim}>
          Keep – keeps every set. Copy to: several, comma-separated. Hooks: README.
        </Text>
      )}
      {leaving ? (
        <ConfirmDialog
          question="Leave without saving your changes?"
          onYes={() => {
            setLeaving(false);
            onLeave();
          }}
          onNo={() => setLeaving(false)}
        />
      ) : null}
      {error?.hint ? (
        <Text wrap="truncate-end" {...theme.dim}>
          {error.hint}
        </Text>
      ) : null}
    </Box>
  );
}

/**
 * The typed destinations (folder, user@host:path, s3://bucket/prefix; comma-separated), each checked as
 * `copy --to` checks it; a destination kept from before keeps its own retention.
 */
function copiesOf(typed: string, before: ProfileBody['copies']): ProfileBody['copies'] {
  const list = typed.split(',').map((t) => t.trim()).filter(Boolean);
  if (!list.length) return undefined;
  return list.map((to) => {
    const label = destinationLabel(to);
    const kept = before?.find((c) => destinationLabel(c.to) === label);
    return kept ? { ...kept, to: label } : { to: label };
  });
}

function isCount(f: Field): f is (typeof COUNTS)[number] {
  return (COUNTS as readonly string[]).includes(f);
}

function nextCount(n: number, step: number, input: string, erase: boolean): number {
  if (erase) return Math.floor(n / 10);
  if (/^[0-9]$/.test(input)) return Math.min(9999, n * 10 + Number(input));
  return Math.max(0, Math.min(9999, n + step));
}

/** A new profile from a backup's ticked items and options: the same install, items and folder. */
export function draftFromBackup(install: string, ids: readonly string[], options: Pick<ProfileBody, 'outDir' | 'compress' | 'jobs' | 'encrypt'>): ProfileDraft {
  return { name: '', ids: [...ids], body: { install, items: [...ids], ...options } };
}
