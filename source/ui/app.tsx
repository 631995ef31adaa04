import type { MachineScan } from '../core/scan/machine-scan.js';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Box, Text, useApp } from 'ink';
import { useKeys } from './hooks/use-keys.js';
import { loadLastRun, saveLastRun, type LastRun } from '../core/settings/last-run.js';
import { ConfirmDialog } from './components/confirm-dialog.js';
import { HelpOverlay } from './components/help-overlay.js';
import { KeyFooter } from './components/key-footer.js';
import { StatusLine } from './components/status-line.js';
import { usePreferences } from './hooks/use-preferences.js';
import { useScan } from './hooks/use-scan.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { is } from './key-bindings.js';
import { KeyRouterProvider } from './key-router.js';
import type { Offer } from './key-hints.js';
import { MarkLine } from './components/mark.js';
import { theme } from './theme.js';
import { ChecklistScreen } from './screens/checklist-screen.js';
import { HOME_KEYS, HomeScreen, type HomeChoice } from './screens/home-screen.js';
import { InstallsScreen } from './screens/installs-screen.js';
import { OptionsScreen } from './screens/options-screen.js';
import { RunScreen } from './screens/run-screen.js';
import { SetsScreen } from './screens/sets-screen.js';
import { RestoreScreen } from './screens/restore-screen.js';
import { plural } from './format.js';
import { ProfilesScreen } from './screens/profiles-screen.js';
import { draftFromBackup, ProfileEditScreen } from './screens/profile-edit-screen.js';
import { ScheduleScreen } from './screens/schedule-screen.js';
import { MigrateScreen } from './screens/migrate-screen.js';
import { RESCANS, screenFor, takesBack, type Screen } from './screen-stack.js';

/** Where a finished screen sends the operator. */
export type ScreenAction = 'menu' | 'quit' | 'back' | 'save-profile' | { readonly restore: string };

export interface AppProps {
  /** The session's one scan of this machine (or of the demo install). */
  readonly scan: MachineScan;
  /** Walks the disk again (r). */
  readonly rescan?: () => MachineScan;
  /** How the session ends: 0 after q, 130 after Ctrl+C. */
  readonly onExitCode?: (code: number) => void;
}

/** What a screen tells the app while it works: keys it offers now, and whether work is running. */
export interface ScreenReport {
  readonly keys: readonly Offer[];
  /** Work runs that quitting would stop (a backup) or must not stop (a restore); a migration asks itself. */
  readonly busy?: 'backup' | 'restore' | 'migrate';
  /** A form holds changes not saved yet: quitting asks first. */
  readonly unsaved?: boolean;
}

/**
 * The frame: a header with the last run, a body that every screen fills within its height, the
 * footer with the keys that work right now. Global keys (help, back, quit) live here; work in progress
 * lives in its screen, which help only hides, so no key can abort, restart or lose it.
 */
export function App(props: AppProps) {
  return (
    <KeyRouterProvider>
      <Frame {...props} />
    </KeyRouterProvider>
  );
}

function Frame({ scan: firstScan, rescan, onExitCode }: AppProps) {
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  const [machine, setMachine] = useState(firstScan);
  const scan = useScan(machine);
  const prefs = usePreferences();
  const [lastRun, setLastRun] = useState<LastRun | undefined>(loadLastRun);
  const [stack, setStack] = useState<Screen[]>([{ name: 'home' }]);
  const [help, setHelp] = useState(false);
  const [typing, setTyping] = useState(false);
  const [report, setReport] = useState<ScreenReport>({ keys: HOME_KEYS });
  const [askQuit, setAskQuit] = useState<'backup' | 'typing'>();
  const [stopping, setStopping] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [lastChoice, setLastChoice] = useState<HomeChoice>();
  const [lastProfile, setLastProfile] = useState<string>(); // where the Profiles cursor comes back to
  const screen = stack[stack.length - 1];
  const push = (next: Screen) => setStack((s) => [...s, next]);
  const back = () => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s));
  /** The next screen, without the notice the last one left; `profile`: the one it is about. */
  const open = (next: Screen, profile?: string) => {
    setNotice(undefined);
    if (profile) setLastProfile(profile);
    push(next);
  };
  const home = () => setStack([{ name: 'home' }]);
  // Keys read the live value: a burst typed right after a frame must not act on the render before it.
  const busyNow = useRef<ScreenReport['busy']>(undefined);
  const screenBackNow = useRef(false);
  const unsavedNow = useRef(false);
  const exitCode = useRef(0);
  const onReport = useCallback((next: ScreenReport) => {
    busyNow.current = next.busy;
    unsavedNow.current = Boolean(next.unsaved);
    screenBackNow.current = takesBack(next);
    setReport(next);
  }, []);
  const onFinished = useCallback((run: LastRun) => {
    saveLastRun(run);
    setLastRun(run);
  }, []);
  const leave = (code: number) => {
    exitCode.current = code;
    onExitCode?.(code);
    exit();
  };
  // Quitting while a backup runs: stop it first, leave once its children are gone and files cleaned.
  useEffect(() => {
    if (stopping && !report.busy) leave(exitCode.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stopping, report.busy]);

  const quit = (ctrlC: boolean) => {
    exitCode.current = ctrlC ? 130 : 0;
    // A restore is never stopped halfway: it finishes or rolls itself back.
    if (busyNow.current === 'restore') setNotice('A restore is running: it cannot be stopped safely midway. It finishes, or rolls itself back.');
    else if (busyNow.current === 'backup') setAskQuit('backup');
    else if (busyNow.current === 'migrate') return; // its screen asks before cancelling
    else if (unsavedNow.current) setAskQuit('typing');
    else leave(exitCode.current);
  };
  // Esc goes back unless work is running; the run screen has no way back (its summary offers the menu).
  // A screen that offers esc itself (closing its details, clearing its filter) keeps it.
  const canGoBack = stack.length > 1 && !report.busy && screen.name !== 'run' && !takesBack(report);
  useKeys(
    (input, key) => {
      if (is('help', input, key)) setHelp((h) => !h);
      else if (help && is('back', input, key)) setHelp(false);
      else if (is('quit', input, key)) quit(key.ctrl);
      else if (is('back', input, key) && canGoBack && !busyNow.current && !screenBackNow.current) {
        setNotice(undefined);
        back();
      } else if (is('refresh', input, key) && rescan && RESCANS.has(screen.name) && !help) {
        // The new scan streams in as the first did; its spinner says so.
        setNotice(undefined);
        setMachine(rescan());
      }
    },
    { isActive: !typing && !askQuit },
  );
  // In a text field only Ctrl+C is ours: it asks, since what was typed would be lost.
  useKeys((input, key) => key.ctrl && input === 'c' && setAskQuit('typing'), { isActive: typing && !askQuit });

  const active = !help && !askQuit && !typing;
  const activeOrTyping = !help && !askQuit;
  const width = Math.max(20, columns - 1);
  // Header, footer, and what the frame adds between them; the rest is the screen's.
  const inBody = (notice ? 1 : 0) + (prefs.error ? 1 : 0);
  const height = Math.max(3, rows - 3 - inBody - (askQuit ? 3 : 0));
  const onChoose = (choice: HomeChoice) => {
    setNotice(undefined);
    setLastChoice(choice);
    if (choice === 'quit') leave(0);
    else push(screenFor(choice, scan));
  };
  const onAction = (action: ScreenAction) => {
    if (action === 'quit') leave(0);
    else if (action === 'menu') home();
    else if (action === 'back') back();
    else if (action === 'save-profile') {
      if (screen.name === 'run' && screen.request.kind !== 'profile') {
        const { inventory, ids, outDir, compression, jobs, encrypt } = screen.request;
        push({ name: 'profile-edit', draft: draftFromBackup(inventory.install.path, ids, { outDir, compress: compression, jobs, ...(encrypt ? { encrypt: {} } : {}) }) });
      }
    } else setStack([{ name: 'home' }, { name: 'restore-target', setDir: action.restore }]);
  };
  const frameKeys: Offer[] = [...(canGoBack ? (['back'] as const) : []), ...(report.busy ? [] : (['quit'] as const))];

  return (
    // One column short of the terminal: a line that fills the last column leaves the cursor in the
    // pending-wrap state and shifts the next redraw on many terminals. One row short too: the frame
    // never scrolls the terminal.
    <Box flexDirection="column" width={width} height={Math.max(5, rows - 1)}>
      <StatusLine width={width} lastRun={lastRun} />
      <Box flexDirection="column" height={height + inBody} overflow="hidden">
        {help ? <HelpOverlay offers={[...report.keys, ...frameKeys, ['help', 'close this help']]} height={height + inBody} /> : null}
        {/* Hidden, not unmounted, under the help: a running backup and a half-ticked list carry on. */}
        <Box flexDirection="column" display={help ? 'none' : 'flex'}>
          {notice ? (
            <Text {...theme.ok} wrap="truncate-end">
              {notice}
            </Text>
          ) : null}
          {prefs.error ? (
            <MarkLine kind="fail" wrap="truncate-end">
              {prefs.error}
            </MarkLine>
          ) : null}
          {screen.name === 'home' ? <HomeScreen scan={scan} onChoose={onChoose} active={active} canRescan={Boolean(rescan)} onReport={onReport} last={lastChoice} /> : null}
          {screen.name === 'installs' ? <InstallsScreen scan={scan} onPick={(inventory) => push({ name: 'checklist', inventory })} active={active} height={height} width={width} onReport={onReport} canRescan={Boolean(rescan)} /> : null}
          {screen.name === 'checklist' ? <ChecklistScreen inventory={screen.inventory} onNext={(ids) => push({ name: 'options', inventory: screen.inventory, ids })} active={active} height={height} width={width} onReport={onReport} /> : null}
          {screen.name === 'options' && prefs.preferences ? (
            <OptionsScreen
              title={`Back up ${plural(screen.ids.length, 'item')} of ${screen.inventory.install.name}`}
              initial={prefs.preferences}
              submitLabel={`Start backup of ${plural(screen.ids.length, 'item')}`}
              encrypt={{ passcommand: prefs.config?.passcommand }}
              onTyping={setTyping}
              active={activeOrTyping}
              width={width}
              onReport={onReport}
              onStart={(o) => push({ name: 'run', request: { inventory: screen.inventory, ids: screen.ids, ...o, passcommand: prefs.config?.passcommand } })}
            />
          ) : null}
          {screen.name === 'run' ? <RunScreen request={screen.request} active={activeOrTyping} onTyping={setTyping} width={width} height={height} onReport={onReport} onFinished={onFinished} stopRequested={stopping} onAction={onAction} /> : null}
          {screen.name === 'sets' && prefs.preferences ? <SetsScreen dir={prefs.preferences.outDir} config={prefs.config} active={activeOrTyping} height={height} width={width} onReport={onReport} onTyping={setTyping} onAction={onAction} /> : null}
          {screen.name === 'restore-set' && prefs.preferences ? (
            <SetsScreen dir={prefs.preferences.outDir} active={activeOrTyping} height={height} width={width} onReport={onReport} onTyping={setTyping} onAction={onAction} onPick={(setDir) => push({ name: 'restore-target', setDir })} />
          ) : null}
          {screen.name === 'restore-target' ? (
            <InstallsScreen scan={scan} title="Restore into which install?" onPick={(target) => push({ name: 'restore', setDir: screen.setDir, target })} active={active} height={height} width={width} onReport={onReport} canRescan={Boolean(rescan)} />
          ) : null}
          {screen.name === 'restore' && prefs.preferences ? (
            <RestoreScreen setDir={screen.setDir} target={screen.target.install} safetyDir={prefs.preferences.outDir} passcommand={prefs.config?.passcommand} active={activeOrTyping} height={height} width={width} onTyping={setTyping} onReport={onReport} onFinished={onFinished} onAction={onAction} />
          ) : null}
          {screen.name === 'migrate-source' ? (
            <InstallsScreen scan={scan} title="Migrate which install to another server?" onPick={(inventory) => push({ name: 'migrate', inventory })} active={active} height={height} width={width} onReport={onReport} canRescan={Boolean(rescan)} />
          ) : null}
          {screen.name === 'migrate' && prefs.preferences ? <MigrateScreen inventory={screen.inventory} config={prefs.config} preferences={prefs.preferences} active={activeOrTyping} height={height} width={width} onTyping={setTyping} onReport={onReport} onAction={onAction} /> : null}
          {screen.name === 'profiles' ? (
            <ProfilesScreen
              {...{ config: prefs.config, active, width, height, onReport }}
              initial={lastProfile}
              onRun={(profile) => prefs.config && open({ name: 'run', request: { kind: 'profile', profile, config: prefs.config } }, profile.name)}
              onEdit={(profile) => open({ name: 'profile-edit', draft: { from: profile.name, name: profile.name, body: profile, ids: profile.items === 'all' ? [] : profile.items } }, profile.name)}
              onSchedule={(profile) => open({ name: 'schedule', profile: profile.name }, profile.name)}
            />
          ) : null}
          {screen.name === 'profile-edit' ? (
            <ProfileEditScreen
              {...{ draft: screen.draft, config: prefs.config, width, onReport }}
              active={activeOrTyping}
              onTyping={setTyping}
              onLeave={back}
              onSaved={(name, file) => {
                const { from } = screen.draft;
                setStack([{ name: 'home' }, { name: 'profiles' }]);
                setLastChoice('profiles');
                setLastProfile(name);
                setNotice(from && from !== name ? `Renamed profile ${from} to ${name}; its older sets keep the old name and are no longer pruned` : `Saved profile ${name} in ${file}`);
              }}
            />
          ) : null}
          {screen.name === 'schedule' ? <ScheduleScreen profile={screen.profile} configFile={prefs.config?.file} active={activeOrTyping} width={width} height={height} onTyping={setTyping} onReport={onReport} /> : null}
          {screen.name === 'settings' && prefs.preferences ? (
            <OptionsScreen
              title="Settings (remembered for the interactive tool)"
              initial={prefs.preferences}
              submitLabel="Save"
              onTyping={setTyping}
              active={activeOrTyping}
              width={width}
              onReport={onReport}
              onStart={(o) => {
                const where = prefs.save(o);
                home();
                setNotice(`Saved to ${where}`);
              }}
            />
          ) : null}
        </Box>
      </Box>
      {askQuit ? (
        <ConfirmDialog
          question={askQuit === 'backup' ? 'A backup is running. Stop it and quit?' : 'Quit nbbackup? What you typed is not kept.'}
          onYes={() => {
            if (askQuit === 'typing') return leave(typing ? 130 : exitCode.current);
            setAskQuit(undefined);
            setStopping(true);
          }}
          onNo={() => setAskQuit(undefined)}
        />
      ) : null}
      <KeyFooter offers={help ? [['help', 'close this help'], 'back'] : askQuit ? ['yes', 'no'] : typing ? [['select', 'done'], ['back', 'leave the field']] : [...report.keys, ...frameKeys, 'help']} width={width} />
    </Box>
  );
}


