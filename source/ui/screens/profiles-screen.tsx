import { useState } from 'react';
import { Box, Text } from 'ink';
import type { ProfileRow } from '../../core/profiles/profile-overview.js';
import type { Profile } from '../../core/settings/profile.js';
import type { Config } from '../../core/settings/config.js';
import { describeAlerts } from '../../core/profiles/alerts.js';
import { describeSchedule } from '../../core/profiles/schedule.js';
import type { ScreenReport } from '../app.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { MarkLine } from '../components/mark.js';
import { SelectList } from '../components/select-list.js';
import { bytes, fit, localTime, shortPath } from '../format.js';
import { useKeys } from '../hooks/use-keys.js';
import { useLiveState } from '../hooks/use-live-state.js';
import { useProfiles } from '../hooks/use-profiles.js';
import { useReport } from '../hooks/use-report.js';
import { is } from '../key-bindings.js';
import type { Offer } from '../key-hints.js';
import { theme } from '../theme.js';

export interface ProfilesScreenProps {
  readonly config?: Config;
  readonly active: boolean;
  readonly width: number;
  readonly height: number;
  readonly onReport?: (report: ScreenReport) => void;
  readonly onRun: (profile: Profile) => void;
  readonly onEdit: (profile: Profile) => void;
  readonly onSchedule: (profile: Profile) => void;
  /** The profile the cursor starts on: the one last run, edited or saved. */
  readonly initial?: string;
}

const KEYS: readonly Offer[] = ['up', 'down', ['select', 'run'], 'edit', 'schedule', 'delete'];
const SHIPPED_KEYS: readonly Offer[] = ['up', 'down', ['select', 'run'], 'schedule'];

/** The saved profiles: each with its last run and next scheduled run; run, edit, schedule or delete one. */
export function ProfilesScreen({ config, active, width, height, onReport, onRun, onEdit, onSchedule, initial }: ProfilesScreenProps) {
  const profiles = useProfiles(config);
  const rows = profiles.overview?.rows ?? [];
  const [cursor, setCursor, getCursor] = useLiveState(Math.max(0, rows.findIndex((r) => r.profile.name === initial)));
  const [deleting, setDeleting] = useState<string>();
  const current = rows[Math.min(cursor, rows.length - 1)];
  // While the question is open, esc answers it (no) instead of leaving the screen.
  useReport(onReport, deleting ? ['yes', ['back', 'no']] : !rows.length ? [] : current?.profile.definedIn ? SHIPPED_KEYS : KEYS);
  useKeys(
    (input, key) => {
      const row = profiles.overview?.rows[getCursor()];
      if (!row) return;
      if (is('edit', input, key) && !row.profile.definedIn) onEdit(row.profile);
      else if (is('schedule', input, key)) onSchedule(row.profile);
      else if (is('delete', input, key) && !row.profile.definedIn && !row.running) setDeleting(row.profile.name);
    },
    { isActive: active && !deleting },
  );
  const listHeight = Math.max(1, Math.min(rows.length, height - 10 - (deleting ? 3 : 0)));
  const nameWidth = Math.min(16, Math.max(6, ...rows.map((r) => r.profile.name.length)));
  return (
    <Box flexDirection="column">
      <Text bold>Profiles</Text>
      {profiles.error ? (
        <MarkLine kind="fail" wrap="truncate-end">
          {profiles.error}
        </MarkLine>
      ) : null}
      {profiles.notice ? (
        <Text {...theme.ok} wrap="truncate-end">
          {profiles.notice}
        </Text>
      ) : null}
      {!profiles.overview && !profiles.error ? <Text {...theme.dim}>Reading the profiles…</Text> : null}
      {profiles.overview && !rows.length ? (
        <Text wrap="wrap">No profiles yet. Back up once and choose “Save as a profile” on its summary, or: nbbackup profile save NAME --install PATH --all</Text>
      ) : null}
      {rows.length ? (
        <SelectList
          items={rows.map((r) => ({ key: r.profile.name, label: rowLine(r, nameWidth, width - 3), value: r.profile }))}
          active={active && !deleting}
          height={listHeight}
          initial={Math.min(cursor, rows.length - 1)}
          onCursor={setCursor}
          onSelect={({ value }) => onRun(value)}
        />
      ) : null}
      {current ? <Details row={current} width={width} host={profiles.overview?.host?.scheduler ?? ''} /> : null}
      {deleting ? (
        <ConfirmDialog
          question={`Delete profile ${deleting} and its schedule? Its sets stay.`}
          onYes={() => {
            profiles.remove(deleting);
            setDeleting(undefined);
            setCursor(0);
          }}
          onNo={() => setDeleting(undefined)}
        />
      ) : null}
    </Box>
  );
}

function rowLine(row: ProfileRow, nameWidth: number, width: number): string {
  const { profile, last, running, next } = row;
  const lastText = running ? 'running now' : last ? `${last.result === 'success' ? 'ok' : last.result} ${localTime(last.finishedAt).slice(5)}${last.bytes ? ` ${bytes(last.bytes)}` : ''}` : 'never run';
  const nextText = next ? `next ${localTime(next).slice(5)}` : 'no schedule';
  return fit(`${fit(profile.name, nameWidth).padEnd(nameWidth)}  ${lastText.padEnd(24)}  ${nextText}`, width);
}

function Details({ row, width, host }: { readonly row: ProfileRow; readonly width: number; readonly host: string }) {
  const { profile, last, schedule } = row;
  const keep = profile.keep ? Object.entries(profile.keep).map(([k, v]) => `${k} ${v}`).join(', ') : 'every set';
  const items = profile.items === 'all' ? `all items${profile.exclude?.length ? ` but ${profile.exclude.join(', ')}` : ''}` : profile.items.join(', ');
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text wrap="truncate-end">
        <Text bold>{profile.name}</Text> {shortPath(profile.install, width - profile.name.length - 4)}
      </Text>
      <Text wrap="truncate-end">  Items: {items}</Text>
      <Text wrap="truncate-end">  Sets go to: {shortPath(row.outDir, width - 15)}</Text>
      <Text wrap="truncate-end">  Keeps: {keep}{profile.alerts ? ` · alerts: ${describeAlerts(profile.alerts)}` : ''}</Text>
      {profile.copies?.length ? <Text wrap="truncate-end">  Copies to: {profile.copies.map((c) => c.to).join(', ')}</Text> : null}
      <Text wrap="truncate-end">  Last run: {last ? `${localTime(last.finishedAt)} ${last.result}: ${last.detail}` : 'never'}</Text>
      <Text wrap="truncate-end">  Schedule: {schedule ? `${describeSchedule(schedule)} (${host})` : 'none (s to add one)'}</Text>
      {profile.definedIn ? <Text {...theme.dim} wrap="truncate-end">  From {profile.definedIn}: edit it there</Text> : null}
    </Box>
  );
}
