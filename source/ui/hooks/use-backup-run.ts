import { useCallback, useEffect, useRef, useState } from 'react';
import { runBackup, type BackupEvent, type BackupResult } from '../../core/backup/backup-runner.js';
import { foldBackupEvent, type ItemProgress } from './backup-progress-fold.js';
import type { Compression } from '../../core/stream/compression.js';
import { errorLine } from '../../core/errors.js';
import type { InstallInventory } from '../../core/scan/take-inventory.js';
import { ToolFinder } from '../../core/process/tool-finder.js';
import type { SetVerdict } from '../../core/verify/verify-set.js';
import { runProfile } from '../../core/profiles/run-profile.js';
import type { Config } from '../../core/settings/config.js';
import type { Profile } from '../../core/settings/profile.js';
import { sealKeysFor, sealNeedsPassphrase } from '../../core/settings/set-keys.js';

/** One line of the run's log: warnings and tool messages, failures, each item's end. */
export interface LogLine {
  readonly at: number;
  readonly id: string;
  readonly kind: 'ok' | 'warn' | 'fail';
  readonly text: string;
}

export interface RunState {
  readonly items: readonly ItemProgress[];
  readonly log: readonly LogLine[];
  readonly setDir?: string;
  readonly finished: boolean;
  readonly cancelled: boolean;
  readonly result?: BackupResult;
  readonly verdict?: SetVerdict;
  readonly verifying: boolean;
  readonly error?: string;
  readonly startedAt: number;
  /** A profile run's own lines: what retention pruned, items the profile leaves out, a hook that failed. */
  readonly notes: readonly string[];
  /** The profile being run, named in the summary's title. */
  readonly profile?: string;
}

/**
 * A backup of ticked items, or a saved profile run as `nbbackup run` runs it (hooks, retention, alerts).
 * `passphrase`: typed at the prompt for a set sealed with one that no file or passcommand gives; memory only.
 */
export type BackupRunRequest = (
  | {
      readonly kind?: 'backup';
      readonly inventory: InstallInventory;
      readonly ids: readonly string[];
      readonly outDir: string;
      readonly compression: Compression;
      readonly jobs: number;
      /** Sealed with a passphrase: from NBBACKUP_PASSPHRASE_FILE, the config's passcommand, else typed. */
      readonly encrypt?: boolean;
      readonly passcommand?: readonly string[];
    }
  | { readonly kind: 'profile'; readonly profile: Profile; readonly config: Config }
) & { readonly passphrase?: string };

/** Whether the run seals its set with a passphrase that only a prompt can give (typed twice, before it starts). */
export function needsNewPassphrase(request: BackupRunRequest): boolean {
  if (request.kind === 'profile') return Boolean(request.profile.encrypt) && sealNeedsPassphrase({ ...request.profile.encrypt, passcommand: request.config.passcommand });
  return Boolean(request.encrypt) && sealNeedsPassphrase({ passcommand: request.passcommand });
}

/** What the status line and the summary call the run. */
export function runName(request: BackupRunRequest): string {
  return request.kind === 'profile' ? `profile ${request.profile.name}` : request.inventory.install.name;
}

/**
 * Runs a backup through core and keeps its events in a ref; the screen sees a copy at most ten
 * times a second, so fast dumps never flood the terminal (or the CPU) with redraws.
 */
export function useBackupRun(request: BackupRunRequest): { state: RunState; cancel: () => void } {
  const initial: RunState = {
    // A profile's items are known once it has looked at the install: they join as they start.
    items:
      request.kind === 'profile'
        ? []
        : request.ids.map((id) => {
            const item = request.inventory.items.find((i) => i.id === id);
            return { id, label: item?.label ?? id, phase: 'queued', estimate: item?.sizeBytes, rawBytes: 0, bytes: 0, seconds: 0 };
          }),
    notes: [],
    profile: request.kind === 'profile' ? request.profile.name : undefined,
    log: [],
    finished: false,
    cancelled: false,
    verifying: false,
    startedAt: Date.now(),
  };
  const live = useRef<RunState>(initial);
  const [state, setState] = useState<RunState>(initial);
  const controller = useRef(new AbortController());
  const cancel = useCallback(() => controller.current.abort(), []);

  useEffect(() => {
    const update = (patch: Partial<RunState>) => {
      live.current = { ...live.current, ...patch };
    };
    const updateItem = (id: string, patch: Partial<ItemProgress>) => {
      const known = live.current.items.some((i) => i.id === id);
      const items = known ? live.current.items : [...live.current.items, { id, label: id, phase: 'queued' as const, rawBytes: 0, bytes: 0, seconds: 0 }];
      update({ items: items.map((i) => (i.id === id ? { ...i, ...patch } : i)) });
    };
    const log = (id: string, kind: LogLine['kind'], text: string) => update({ log: [...live.current.log, { at: Date.now(), id, kind, text }] });
    const onEvent = (event: BackupEvent) => {
      live.current = foldBackupEvent(live.current, event);
      // The log and the verdict are the backup run's own.
      if (event.type === 'warning') log(event.id, 'warn', event.message);
      else if (event.type === 'verified') update({ verdict: event.verdict });
      else if (event.type === 'done') {
        const e = event.entry;
        log(event.id, e.status === 'ok' ? 'ok' : 'fail', e.status === 'ok' ? `done: ${e.file ?? ''}` : (e.error ?? e.status));
      }
    };
    const timer = setInterval(() => setState((s) => (s === live.current ? s : live.current)), 100);
    const signal = controller.current.signal;
    const started =
      request.kind === 'profile'
        ? runProfile({ profile: request.profile, config: request.config, signal, onEvent, passphrase: request.passphrase, onLine: (line) => log('profile', /FAILED|not delivered/.test(line) ? 'fail' : 'ok', line) }).then((outcome) => {
            const notes = [
              ...(outcome.pruned.length ? [`Retention pruned ${outcome.pruned.length} older set${outcome.pruned.length > 1 ? 's' : ''}`] : []),
              ...(outcome.notIncluded.length ? [`Not in this profile: ${outcome.notIncluded.join(', ')}`] : []),
              ...(outcome.backup && outcome.error ? [outcome.error] : []),
            ];
            update({ notes });
            if (outcome.result === 'interrupted') throw new Error('interrupted');
            if (!outcome.backup) throw new Error(`${outcome.error ?? outcome.result}${outcome.hint ? ` (${outcome.hint})` : ''}`);
            return outcome.backup;
          })
        : (request.encrypt ? sealKeysFor({ passcommand: request.passcommand, passphrase: request.passphrase }) : Promise.resolve({})).then((keys) =>
            runBackup({ inventory: request.inventory, items: [...request.ids], outDir: request.outDir, compression: request.compression, jobs: request.jobs, tools: new ToolFinder(), signal, onEvent, ...keys }),
          );
    started
      .then((result) => {
        for (const entry of result.manifest.items) {
          if (entry.status !== 'ok' && live.current.items.some((i) => i.id === entry.id)) updateItem(entry.id, { phase: entry.status === 'skipped' ? 'skipped' : 'failed', error: entry.error ?? entry.reason });
        }
        update({ result, finished: true, verdict: result.verdict, verifying: false });
      })
      .catch((error: unknown) => {
        update({ finished: true, cancelled: controller.current.signal.aborted, error: controller.current.signal.aborted ? undefined : errorLine(error) });
      })
      .finally(() => {
        setTimeout(() => {
          clearInterval(timer);
          setState(live.current);
        }, 0);
      });
    return () => {
      controller.current.abort();
      clearInterval(timer);
    };
    // One run per mounted screen.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return { state, cancel };
}
