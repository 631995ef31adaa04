import path from 'node:path';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SshSpec } from '../../core/copy/remote-shell.js';
import { errorHint, errorLine } from '../../core/errors.js';
import { runMigration } from '../../core/migrate/run-migration.js';
import { ToolFinder } from '../../core/process/tool-finder.js';
import type { InstallInventory } from '../../core/scan/take-inventory.js';
import type { Config } from '../../core/settings/config.js';
import type { Preferences } from '../../core/settings/preferences.js';
import { printable, printableDeep } from '../../core/text/printable.js';
import { canGoBack, IDLE, isTurn, reduceMigration, type MigrationState } from './migration-state.js';

/** What the wizard's form gathered: the request is made from it as `nbbackup migrate` makes its own. */
export interface MigrationSetup {
  readonly inventory: InstallInventory;
  /** The ids ticked under What moves, or `'all'`: every item migrate takes by default. */
  readonly items: readonly string[] | 'all';
  readonly destination: SshSpec;
  readonly stage: string;
  readonly upgrade: boolean;
  readonly stopApp: boolean;
  readonly startApp: boolean;
  readonly config?: Config;
  readonly preferences: Preferences;
}

export { checkStage, DEFAULT_STAGE, parseFarInstall } from '../../core/migrate/far-install.js';

export interface MigrationActions {
  readonly start: (setup: MigrationSetup) => void;
  /** The far install's name was typed (true), or the plan was left (false). */
  readonly answer: (go: boolean) => void;
  /** Aborts the run: both sides are put back; the state says so until the outcome arrives. */
  readonly cancel: () => void;
  /** Back to the form before anything was changed: a run still connecting or planning is stopped. */
  readonly back: () => void;
}

/**
 * Runs core's migration and keeps its events in a ref; the screen sees a copy at most ten times a
 * second, and at once when the stage, the plan or the outcome changes. Unmounting stops it.
 */
export function useMigration(): { state: MigrationState } & MigrationActions {
  const live = useRef<MigrationState>(IDLE);
  const [state, setState] = useState<MigrationState>(IDLE);
  const run = useRef<{ readonly turn: number; readonly controller: AbortController; confirm?: (go: boolean) => void }>(undefined);
  const turns = useRef(0);
  const flush = () => setState(live.current);
  const stop = () => {
    const current = run.current;
    run.current = undefined;
    current?.controller.abort();
    current?.confirm?.(false);
  };
  useEffect(() => {
    const timer = setInterval(() => setState((s) => (s === live.current ? s : live.current)), 100);
    return () => {
      clearInterval(timer);
      stop();
    };
  }, []);

  const start = useCallback((setup: MigrationSetup) => {
    if (run.current) return;
    const turn = ++turns.current;
    const controller = new AbortController();
    const current: { turn: number; controller: AbortController; confirm?: (go: boolean) => void } = { turn, controller };
    run.current = current;
    const mine = () => turns.current === turn;
    const set = (next: MigrationState, now: boolean) => {
      if (!mine()) return;
      live.current = next;
      if (now) flush();
    };
    set({ ...IDLE, started: true, stage: 'connect' }, true);
    const { config = {}, preferences } = setup;
    Promise.resolve()
      .then(() =>
        runMigration({
          source: setup.inventory,
          items: setup.items,
          destination: setup.destination,
          stage: setup.stage,
          config,
          outDir: path.resolve(preferences.outDir),
          tools: new ToolFinder(),
          jobs: preferences.jobs,
          compression: preferences.compression,
          upgrade: setup.upgrade,
          stopApp: setup.stopApp,
          startApp: setup.startApp,
          confirm: () =>
            new Promise<boolean>((resolve) => {
              if (controller.signal.aborted || !mine()) return resolve(false);
              current.confirm = resolve;
              set({ ...live.current, asking: true }, true);
            }),
          onEvent: (event) => set(reduceMigration(live.current, event), isTurn(event)),
          signal: controller.signal,
        }),
      )
      .then(
        ({ restore, ...ours }) => {
          // The far restore's answer was cleaned on arrival; the rest holds this side's ids, places and errors.
          set({ ...live.current, asking: false, cancelling: false, outcome: { ...printableDeep(ours), restore } }, true);
        },
        (error: unknown) => {
          const hint = errorHint(error);
          set({ ...live.current, asking: false, cancelling: false, error: { line: printable(errorLine(error)), hint: hint && printable(hint) } }, true);
        },
      )
      .finally(() => {
        if (run.current === current) run.current = undefined;
      });
  }, []);

  const answer = useCallback((go: boolean) => {
    const current = run.current;
    if (!current?.confirm) return;
    if (!go) return back();
    const confirm = current.confirm;
    current.confirm = undefined;
    live.current = { ...live.current, asking: false };
    flush();
    confirm(true);
    // back is stable: it reads refs only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const cancel = useCallback(() => {
    const current = run.current;
    if (!current || current.controller.signal.aborted) return;
    live.current = { ...live.current, cancelling: true };
    flush();
    current.controller.abort();
  }, []);

  const back = useCallback(() => {
    if (!canGoBack(live.current)) return;
    turns.current++;
    stop();
    live.current = IDLE;
    flush();
  }, []);

  return { state, start, answer, cancel, back };
}
