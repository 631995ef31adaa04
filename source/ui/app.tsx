import type { MachineScan } from '../core/scan/machine-scan.js';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Box, Text, useApp } from 'ink';
import { useKeys } from './hooks/use-keys.js';
import type { InstallInventory } from '../core/scan/take-inventory.js';
import { ConfirmDialog } from './components/confirm-dialog.js';
import { HelpOverlay } from './components/help-overlay.js';
import { KeyFooter } from './components/key-footer.js';
import type { BackupRunRequest } from './hooks/use-backup-run.js';
import { usePreferences } from './hooks/use-preferences.js';
import { useScan } from './hooks/use-scan.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { is } from './key-bindings.js';
import type { Offer } from './key-hints.js';
import { MarkLine } from './components/mark.js';
import { theme } from './theme.js';
import { CHECKLIST_KEYS, ChecklistScreen } from './screens/checklist-screen.js';
import { HOME_KEYS, HomeScreen, type HomeChoice } from './screens/home-screen.js';
import { INSTALLS_KEYS, InstallsScreen } from './screens/installs-screen.js';
import { OPTIONS_KEYS, OptionsScreen } from './screens/options-screen.js';
import { PROGRESS_KEYS } from './screens/progress-screen.js';
import { RunScreen } from './screens/run-screen.js';
import { PICK_SET_KEYS, SETS_KEYS, SetsScreen } from './screens/sets-screen.js';
import { RESTORE_KEYS, RestoreScreen } from './screens/restore-screen.js';
import { SUMMARY_KEYS } from './screens/summary-screen.js';

type Screen =
  | { readonly name: 'home' }
  | { readonly name: 'installs' }
  | { readonly name: 'checklist'; readonly inventory: InstallInventory }
  | { readonly name: 'options'; readonly inventory: InstallInventory; readonly ids: string[] }
  | { readonly name: 'run'; readonly request: BackupRunRequest }
  | { readonly name: 'sets' }
  | { readonly name: 'settings' }
  | { readonly name: 'restore-set' }
  | { readonly name: 'restore-target'; readonly setDir: string }
  | { readonly name: 'restore'; readonly setDir: string; readonly target: InstallInventory };

export interface AppProps {
  /** The session's one scan of this machine (or of the demo install). */
  readonly scan: MachineScan;
  /** A line about the demo install, shown on the home screen. */
  readonly demoNote?: string;
}

/** Screen stack, global keys (help, back, quit) and the footer; each screen renders its own state. */
export function App({ scan: machine, demoNote }: AppProps) {
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  const scan = useScan(machine);
  const prefs = usePreferences();
  const [stack, setStack] = useState<Screen[]>([{ name: 'home' }]);
  const [help, setHelp] = useState(false);
  const [typing, setTyping] = useState(false);
  const [busy, setBusy] = useState(false);
  const [askQuit, setAskQuit] = useState(false);
  const [stopping, setStopping] = useState(false);
  const [notice, setNotice] = useState<string>();
  const screen = stack[stack.length - 1];
  const push = (next: Screen) => setStack((s) => [...s, next]);
  const back = () => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s));
  const home = () => setStack([{ name: 'home' }]);
  // Keys read the live value: a burst typed right after a frame must not act on the render before it.
  const busyNow = useRef(false);
  const onBusy = useCallback((b: boolean) => {
    busyNow.current = b;
    setBusy(b);
  }, []);
  // Quitting while a backup runs: stop it first, leave once its children are gone and files cleaned.
  useEffect(() => {
    if (stopping && !busy) exit();
  }, [stopping, busy, exit]);

  // Esc goes back unless work is running; the run screen has no way back (its summary offers the menu).
  const canGoBack = stack.length > 1 && !busy && screen.name !== 'run';
  useKeys(
    (input, key) => {
      if (is('help', input, key)) setHelp((h) => !h);
      else if (help && is('back', input, key)) setHelp(false);
      else if (is('quit', input, key)) {
        // A restore is never stopped halfway: it finishes or rolls itself back.
        if (busyNow.current && screen.name === 'restore') setNotice('A restore is running: it cannot be stopped safely midway. It finishes, or rolls itself back.');
        else if (busyNow.current) setAskQuit(true);
        else exit();
      } else if (is('back', input, key) && canGoBack && !busyNow.current) back();
    },
    { isActive: !typing && !askQuit },
  );

  const active = !help && !askQuit && !typing;
  const activeOrTyping = !help && !askQuit;
  const height = rows - 4;
  const keys = screenKeys(screen, busy);
  const onChoose = (choice: HomeChoice) => {
    setNotice(undefined);
    if (choice === 'quit') exit();
    else if (choice === 'backup') push({ name: 'installs' });
    else if (choice === 'restore') push({ name: 'restore-set' });
    else push({ name: choice });
  };

  return (
    // One column short of the terminal: a line that fills the last column leaves the cursor in the
    // pending-wrap state and shifts the next redraw on many terminals.
    <Box flexDirection="column" width={columns - 1}>
      <Text {...theme.accent} bold>
        nbbackup <Text {...theme.dim}>· NocoBase backups</Text>
      </Text>
      {help ? <HelpOverlay offers={[...keys, ...(canGoBack ? (['back'] as const) : []), 'quit', ['help', 'close this help']]} /> : null}
      {/* Hidden, not unmounted, under the help: a running backup and a half-ticked list carry on. */}
      <Box flexDirection="column" minHeight={help ? 0 : Math.min(height, 10)} display={help ? 'none' : 'flex'}>
        {screen.name === 'home' ? <HomeScreen scan={scan} onChoose={onChoose} active={active} demoNote={demoNote} /> : null}
        {screen.name === 'installs' ? <InstallsScreen scan={scan} onPick={(inventory) => push({ name: 'checklist', inventory })} active={active} /> : null}
        {screen.name === 'checklist' ? <ChecklistScreen inventory={screen.inventory} onNext={(ids) => push({ name: 'options', inventory: screen.inventory, ids })} active={active} height={height} width={columns - 1} /> : null}
        {screen.name === 'options' && prefs.preferences ? (
          <OptionsScreen
            title={`Back up ${screen.ids.length} items of ${screen.inventory.install.name}`}
            initial={prefs.preferences}
            submitLabel={`Start backup of ${screen.ids.length} items`}
            onTyping={setTyping}
            active={activeOrTyping}
            onStart={(o) => push({ name: 'run', request: { inventory: screen.inventory, ids: screen.ids, outDir: o.outDir, compression: o.compression, jobs: o.jobs } })}
          />
        ) : null}
        {screen.name === 'run' ? <RunScreen request={screen.request} active={active} width={columns - 1} onBusy={onBusy} stopRequested={stopping} onAction={(a) => (a === 'quit' ? exit() : a === 'menu' ? home() : setStack([{ name: 'home' }, { name: 'restore-target', setDir: a.restore }]))} /> : null}
        {screen.name === 'sets' && prefs.preferences ? <SetsScreen dir={prefs.preferences.outDir} active={active} height={height} /> : null}
        {screen.name === 'restore-set' && prefs.preferences ? <SetsScreen dir={prefs.preferences.outDir} active={active} height={height} onPick={(setDir) => push({ name: 'restore-target', setDir })} /> : null}
        {screen.name === 'restore-target' ? <InstallsScreen scan={scan} title="Restore into which install?" onPick={(target) => push({ name: 'restore', setDir: screen.setDir, target })} active={active} /> : null}
        {screen.name === 'restore' && prefs.preferences ? (
          <RestoreScreen setDir={screen.setDir} target={screen.target.install} safetyDir={prefs.preferences.outDir} active={activeOrTyping} onTyping={setTyping} onBusy={onBusy} />
        ) : null}
        {screen.name === 'settings' && prefs.preferences ? (
          <OptionsScreen
            title="Settings (remembered for the interactive tool)"
            initial={prefs.preferences}
            submitLabel="Save"
            onTyping={setTyping}
            active={activeOrTyping}
            onStart={(o) => {
              const where = prefs.save(o);
              setNotice(`Saved to ${where}`);
              home();
            }}
          />
        ) : null}
        {prefs.error ? <MarkLine kind="fail">{prefs.error}</MarkLine> : null}
        {notice ? <Text {...theme.ok}>{notice}</Text> : null}
      </Box>
      {askQuit ? (
        <ConfirmDialog
          question="A backup is running. Stop it and quit?"
          onYes={() => {
            setAskQuit(false);
            setStopping(true);
          }}
          onNo={() => setAskQuit(false)}
        />
      ) : null}
      <KeyFooter offers={[...keys, 'help']} />
    </Box>
  );
}

/** What the screen on top offers; the footer and the help word it from the key table. */
function screenKeys(screen: Screen, busy: boolean): readonly Offer[] {
  switch (screen.name) {
    case 'home':
      return HOME_KEYS;
    case 'installs':
      return INSTALLS_KEYS;
    case 'checklist':
      return CHECKLIST_KEYS;
    case 'options':
    case 'settings':
      return OPTIONS_KEYS;
    case 'run':
      return busy ? PROGRESS_KEYS : SUMMARY_KEYS;
    case 'sets':
      return SETS_KEYS;
    case 'restore-set':
      return PICK_SET_KEYS;
    case 'restore-target':
      return INSTALLS_KEYS;
    case 'restore':
      return RESTORE_KEYS;
  }
}
