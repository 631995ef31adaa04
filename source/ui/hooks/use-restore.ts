import { useCallback, useEffect, useRef, useState } from 'react';
import { errorLine } from '../../core/errors.js';
import type { Install } from '../../core/discover/install.js';
import { executeRestore, prepareRestore, replanRestore, type PreparedRestore, type RestoreEvent, type RestoreOutcome } from '../../core/restore/restore-runner.js';
import { ToolFinder } from '../../core/process/tool-finder.js';
import { appPort, startApp as startTheApp, stopAppAndWait, type ControlOutcome } from '../../core/restore/app-control.js';
import { setKeyNeed, typedUnlock, type KeyKind } from '../../core/verify/set-key.js';
import { WrongKey, type Unlocker } from '../../core/crypt/set-crypt.js';
import { readManifest } from '../../core/set/backup-set.js';
import type { LogLine } from './use-backup-run.js';
import { foldRestoreEvent, type StepLine, type StepProgress } from './restore-steps-fold.js';

export interface RestoreState {
  readonly preparing: boolean;
  readonly prepared?: PreparedRestore;
  /** The checks are being made again for other ticked items. */
  readonly checking?: boolean;
  readonly running: boolean;
  readonly steps: readonly StepLine[];
  readonly progress?: Readonly<Record<string, StepProgress>>;
  readonly safetySet?: string;
  readonly outcome?: RestoreOutcome;
  readonly error?: string;
  /** What the last app stop said. */
  readonly note?: string;
  /** The steps, notes and tool messages of this restore, for its log. */
  readonly log?: readonly LogLine[];
  /** Starting the app from the result screen: under way, then its answer. */
  readonly starting?: boolean;
  readonly started?: ControlOutcome;
  /** An encrypted set whose key no file or passcommand gives: the prompt, and why the last answer failed. */
  readonly asking?: { readonly kind: KeyKind; readonly error?: string };
}

export interface RestoreChoices {
  readonly snapshot: boolean;
  readonly upgrade: boolean;
  readonly startApp: boolean;
  readonly safetyDir: string;
}

export interface RestoreActions {
  readonly start: (choices: RestoreChoices) => void;
  readonly stopApp: () => void;
  /** The plan and checks again for these ticked items (the latest call wins). */
  readonly recheck: (items: readonly string[]) => void;
  readonly startApp: () => void;
  /** The passphrase or identity file typed at the prompt: the set is read with it, or the prompt asks again. */
  readonly submitKey: (text: string) => void;
}

/**
 * Finds the set's key and reads set and target (preflight) on mount; runs the restore when told to;
 * events reach the screen ≤ 10×/s. An encrypted set is opened with the passphrase from
 * NBBACKUP_PASSPHRASE_FILE or `passcommand`, else with one typed at the prompt (`asking`).
 */
export function useRestore(setDir: string, target: Install, passcommand?: readonly string[]): { state: RestoreState } & RestoreActions {
  const live = useRef<RestoreState>({ preparing: true, running: false, steps: [] });
  const [state, setState] = useState<RestoreState>(live.current);
  const tools = useRef(new ToolFinder());
  const items = useRef<readonly string[] | undefined>(undefined);
  const asked = useRef(0);
  /** The app was running and this screen stopped it: it runs again if the restore does not go through. */
  const stoppedByUs = useRef(false);
  /** The key that opens the set, and where it came from (a typed one: undefined). */
  const key = useRef<{ unlock?: Unlocker; kind?: KeyKind; source?: string }>({});
  const update = (patch: Partial<RestoreState>) => {
    live.current = { ...live.current, ...patch };
  };
  const log = (id: string, kind: LogLine['kind'], text: string) => update({ log: [...(live.current.log ?? []), { at: Date.now(), id, kind, text }] });
  const prepare = useCallback(() => {
    update({ preparing: true });
    const turn = ++asked.current;
    prepareRestore(setDir, target, undefined, tools.current, undefined, key.current.unlock)
      .then((full) => (items.current ? replanRestore(full, items.current, tools.current) : full))
      .then(
        (prepared) => turn === asked.current && update({ preparing: false, checking: false, prepared }),
        (error: unknown) => {
          // A key that does not open the set: nothing was touched, and the prompt asks again.
          if (error instanceof WrongKey && key.current.kind) update({ preparing: false, asking: { kind: key.current.kind, error: wrongKeyLine(key.current.kind, key.current.source) } });
          else update({ preparing: false, error: errorLine(error) });
        },
      );
  }, [setDir, target]);
  useEffect(() => {
    const timer = setInterval(() => setState((s) => (s === live.current ? s : live.current)), 100);
    readManifest(setDir)
      .then((manifest) => setKeyNeed(manifest, { passcommand }))
      .then(
        (found) => {
          if (found.need === 'passphrase' || found.need === 'identity') return update({ preparing: false, asking: { kind: found.need } });
          if (found.need === 'configured') key.current = { unlock: found.unlock, kind: 'passphrase', source: found.source };
          prepare();
        },
        (error: unknown) => update({ preparing: false, error: errorLine(error) }),
      );
    return () => clearInterval(timer);
    // The key is looked for once per set; passcommand is read from the config the app loaded.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [prepare]);
  const submitKey = useCallback(
    (text: string) => {
      const kind = live.current.asking?.kind;
      if (!kind || live.current.preparing) return;
      update({ asking: undefined, preparing: true });
      // At once, not at the next tick: keys typed after enter must not land in the old field.
      setState(live.current);
      typedUnlock(kind, text).then(
        (unlock) => {
          key.current = { unlock, kind };
          prepare();
        },
        (error: unknown) => update({ preparing: false, asking: { kind, error: errorLine(error) } }),
      );
    },
    [prepare],
  );
  /** Stops the running app (pm2 or compose) and checks everything again. */
  const stopApp = useCallback(() => {
    update({ preparing: true, note: 'Stopping the app…' });
    stopAppAndWait(target, tools.current).then((outcome) => {
      if (outcome?.ok) stoppedByUs.current = true;
      update({ note: outcome?.detail ?? 'The app was not running.' });
      prepare();
    });
  }, [target, prepare]);
  const recheck = useCallback((wanted: readonly string[]) => {
    const prepared = live.current.prepared;
    if (!prepared || live.current.running) return;
    items.current = wanted;
    const turn = ++asked.current;
    update({ checking: true });
    replanRestore(prepared, wanted, tools.current).then(
      (next) => turn === asked.current && update({ checking: false, prepared: next }),
      (error: unknown) => turn === asked.current && update({ checking: false, error: errorLine(error) }),
    );
  }, []);
  const startApp = useCallback(() => {
    if (live.current.starting) return;
    update({ starting: true });
    log('app', 'ok', 'starting the app');
    startTheApp(target, tools.current, appPort(target)).then((started) => {
      log('app', started.ok ? 'ok' : 'fail', started.detail);
      if (started.ok) stoppedByUs.current = false;
      update({ starting: false, started });
    });
  }, [target]);
  const start = useCallback((choices: RestoreChoices) => {
    const prepared = live.current.prepared;
    if (!prepared || live.current.running || live.current.checking) return;
    update({ running: true, progress: {} });
    const onEvent = (event: RestoreEvent) => {
      live.current = foldRestoreEvent(live.current, event);
      // The log and the note are the restore's own.
      if (event.type === 'step') {
        log(event.id, event.phase === 'failed' ? 'fail' : event.phase === 'undone' ? 'warn' : 'ok', `${STEP_TEXT[event.phase]}${event.detail ? `: ${event.detail}` : ''}`);
      } else if (event.type === 'safety') log('safety', 'ok', `safety copy made: ${event.dir}`);
      else if (event.type === 'upgrade') log('upgrade', event.outcome.ok ? 'ok' : 'fail', event.outcome.detail);
      else if (event.type === 'app') {
        update({ note: event.outcome.detail });
        log('app', event.outcome.ok ? 'ok' : 'fail', event.outcome.detail);
      }
    };
    log('restore', 'ok', `${prepared.plan.items.map((i) => i.entry.id).join(', ')} from ${prepared.setDir} into ${prepared.target.name}`);
    executeRestore(prepared, { ...choices, tools: tools.current, onEvent }).then(
      (outcome) => {
        for (const note of outcome.notes) log('restore', outcome.result === 'restored' ? 'ok' : 'warn', note);
        log('restore', outcome.result === 'restored' ? 'ok' : 'fail', outcome.result === 'restored' ? 'restored' : `${outcome.result}: ${outcome.reason ?? ''}`);
        update({ running: false, outcome, started: outcome.started });
        // As `restore --stop-app` does: the app this screen stopped runs again on the data it had.
        if (outcome.result !== 'restored' && stoppedByUs.current) startApp();
      },
      (error: unknown) => {
        log('restore', 'fail', errorLine(error));
        update({ running: false, error: errorLine(error) });
        if (stoppedByUs.current) startApp();
      },
    );
  }, [startApp]);
  return { state, start, stopApp, recheck, startApp, submitKey };
}

/** One line for a key that does not open the set; the prompt under it asks again. */
function wrongKeyLine(kind: KeyKind, source: string | undefined): string {
  if (source) return `The passphrase from ${source} does not open this set: type its passphrase.`;
  return kind === 'passphrase' ? 'Wrong passphrase: it does not open this set. Type it again.' : 'That identity does not open this set: give the file of its key.';
}

const STEP_TEXT: Readonly<Record<StepLine['phase'], string>> = { start: 'restoring', done: 'restored', failed: 'failed', undone: 'rolled back' };
