import path from 'node:path';
import { useCallback } from 'react';
import { errorLine } from '../../core/errors.js';
import type { SetSummary } from '../../core/set/backup-set.js';
import { deleteSet } from '../../core/set/delete-set.js';
import { forgetVerdict } from '../../core/verify/verified-sets.js';
import { rowMatches, setRow, type SetRow } from '../set-row.js';
import type { MarkKind } from '../theme.js';
import { useLiveState } from './use-live-state.js';
import { useSetChecks, type SetChecks } from './use-set-checks.js';
import { useSets } from './use-sets.js';
import { useSetCopy, type CopyProgress } from './use-set-copy.js';
import type { Config } from '../../core/settings/config.js';

/** list: moving over the rows · details: one set in full · filter, confirm, copyTo: a text field has the keys. */
export type BrowserMode = 'list' | 'details' | 'filter' | 'confirm' | 'copyTo';

export interface BrowserView {
  readonly mode: BrowserMode;
  readonly filter: string;
  /** Row under the cursor, among the rows the filter lets through. */
  readonly cursor: number;
  /** First line of the details shown. */
  readonly scroll: number;
  /** The set a typed confirmation deletes (fixed when d was pressed), and what is typed so far. */
  readonly target?: SetSummary;
  readonly typed: string;
  readonly wrongName: boolean;
  /** The outcome of the last action, one line. */
  readonly note?: { readonly kind: MarkKind; readonly text: string };
  /** The folder name being deleted right now. */
  readonly deleting?: string;
  /** Where the set `target` is to be copied, as typed so far. */
  readonly destination: string;
}

export interface SetsBrowser {
  readonly loading: boolean;
  readonly error?: string;
  /** Every set, newest first. */
  readonly all: readonly SetRow[];
  readonly view: BrowserView;
  readonly checks: SetChecks;
  /** The view as of the last key: handlers of a burst read this, never `view`. */
  get(): BrowserView;
  update(patch: Partial<BrowserView> | ((view: BrowserView) => Partial<BrowserView>)): void;
  /** The rows a filter lets through. */
  rows(filter: string): SetRow[];
  /** Deletes the confirmation's target, then reads the folder again. */
  remove(target: SetSummary): void;
  /** The off-site copy running now. */
  readonly copying?: CopyProgress;
  /** Copies a set off-site, then reads the copy records again. */
  copy(target: SetSummary, to: string): void;
}

const START: BrowserView = { mode: 'list', filter: '', cursor: 0, scroll: 0, typed: '', wrongName: false, destination: '' };

/** The sets of a backup folder with what the operator does to them: filter, look into, verify, copy off-site, delete. */
export function useSetsBrowser(dir: string, config: Config = {}): SetsBrowser {
  const { loading, error, sets, copies, reload } = useSets(dir);
  const copier = useSetCopy(config);
  const checks = useSetChecks();
  const [view, setView, get] = useLiveState<BrowserView>(START);
  const all = sets.map((set) => setRow(set, checks.of(set.dir), copies.get(path.resolve(set.dir))));
  const update = useCallback((patch: Partial<BrowserView> | ((v: BrowserView) => Partial<BrowserView>)) => setView((v) => ({ ...v, ...(typeof patch === 'function' ? patch(v) : patch) })), [setView]);
  const rows = (filter: string) => all.filter((row) => rowMatches(row, filter));
  const remove = useCallback(
    (target: SetSummary) => {
      const name = path.basename(target.dir);
      update({ deleting: name, note: undefined });
      deleteSet(dir, target.dir).then(
        async () => {
          forgetVerdict(target.dir);
          // Said once the row is gone, so the list never shows a set that is no longer there.
          await reload();
          update({ deleting: undefined, note: { kind: 'ok', text: `Deleted ${name}.` } });
        },
        async (failure: unknown) => {
          await reload();
          update({ deleting: undefined, note: { kind: 'fail', text: errorLine(failure) } });
        },
      );
    },
    [dir, update, reload],
  );
  const copy = useCallback(
    (target: SetSummary, to: string) =>
      copier.start(target.dir, to, (note) => {
        void reload().then(() => update({ note }));
      }),
    [copier, reload, update],
  );
  return { loading, error, all, view, checks, get, update, rows, remove, copying: copier.running, copy };
}
