import { readManifest } from '../set/backup-set.js';
import type { Install } from '../discover/install.js';
import type { EngineOptions } from '../engines/engine.js';
import { takeInventory, type InstallInventory } from '../scan/take-inventory.js';
import type { Manifest } from '../set/manifest.js';
import type { ToolFinder } from '../process/tool-finder.js';
import { verifySet, type SetVerdict } from '../verify/verify-set.js';
import { restoreChoices, type RestoreChoice } from './restore-choices.js';
import { preflight, type Check } from './preflight.js';
import { planRestore, type RestorePlan } from './restore-plan.js';
import type { UpgradeOutcome } from './upgrade-app.js';
import { appPort, startApp, stopAppAndWait, type ControlOutcome } from './app-control.js';
import { executeRestore } from './execute-restore.js';
import type { Unlocker } from '../crypt/set-crypt.js';
import { checkSetKey } from '../verify/set-key.js';

export type RestoreEvent =
  | { readonly type: 'checks'; readonly checks: readonly Check[] }
  | { readonly type: 'safety'; readonly dir: string }
  | { readonly type: 'step'; readonly id: string; readonly phase: 'start' | 'done' | 'failed' | 'undone'; readonly detail?: string }
  /** The safety copy (`id` 'safety': raw bytes dumped of the estimated total) or a step (bytes of its set file read), ≤ 10×/s. */
  | { readonly type: 'progress'; readonly id: string; readonly bytes: number; readonly total?: number; readonly seconds: number }
  | { readonly type: 'upgrade'; readonly outcome: UpgradeOutcome }
  | { readonly type: 'app'; readonly action: 'stop' | 'start'; readonly outcome: ControlOutcome };

export interface RestoreRequest {
  readonly setDir: string;
  readonly target: Install;
  readonly items?: readonly string[];
  /** Back up what is about to be overwritten first (default); storage is always kept aside. */
  readonly snapshot: boolean;
  readonly upgrade: boolean;
  /** Stop a running app first (pm2 or compose), and start it afterwards. */
  readonly stopApp?: boolean;
  readonly startApp?: boolean;
  /** Where the safety set goes. */
  readonly safetyDir: string;
  readonly tools: ToolFinder;
  /** Shown the plan and the checks; says whether to go on (typed install name, or --yes). */
  readonly confirm: (plan: RestorePlan, manifest: Manifest) => Promise<boolean>;
  readonly onEvent?: (event: RestoreEvent) => void;
  /** Ctrl+C, SIGTERM, SIGHUP: stops the tools and rolls back every item already touched. */
  readonly signal?: AbortSignal;
  readonly engineOptions?: EngineOptions;
  /** The key of an encrypted set (identity or passphrase). */
  readonly unlock?: Unlocker;
}

export interface RestoreOutcome {
  readonly result: 'restored' | 'refused' | 'failed' | 'interrupted';
  readonly reason?: string;
  readonly checks: readonly Check[];
  readonly plan?: RestorePlan;
  readonly safetySet?: string;
  readonly steps: { id: string; status: 'restored' | 'failed' | 'rolled-back'; error?: string; notes?: readonly string[] }[];
  readonly notes: string[];
  readonly upgrade?: UpgradeOutcome;
  readonly started?: ControlOutcome;
}

/** Everything read before anything is touched: the set, the target as it is, the plan and the checks. */
export interface PreparedRestore {
  readonly setDir: string;
  readonly target: Install;
  readonly manifest: Manifest;
  readonly inventory: InstallInventory;
  readonly plan: RestorePlan;
  readonly checks: readonly Check[];
  /** The set read back: kept so the checks can be made again for other ticks. */
  readonly verdict: SetVerdict;
  /** Every item of the set, tickable or with the reason it is not. */
  readonly choices: readonly RestoreChoice[];
  /** Settings from .nbbackuprc some engines need (where SQL Server and Oracle read backup files). */
  readonly options?: EngineOptions;
  /** An encrypted set's key, proven to open every file before this was returned. */
  readonly unlock?: Unlocker;
}

export async function prepareRestore(setDir: string, target: Install, items: readonly string[] | undefined, tools: ToolFinder, options?: EngineOptions, unlock?: Unlocker): Promise<PreparedRestore> {
  const manifest = await readManifest(setDir);
  // A wrong or missing key is one line, before the target is even looked at.
  await checkSetKey(setDir, manifest, unlock);
  const [verdict, inventory] = await Promise.all([verifySet(setDir, tools, undefined, undefined, unlock), takeInventory(target, { tools })]);
  const plan = planRestore(manifest, inventory, items);
  const checks = await preflight({ manifest, verdict, target: inventory, plan, tools });
  const choices = restoreChoices(manifest, items ? planRestore(manifest, inventory) : plan);
  return { setDir, target, manifest, inventory, plan, checks, verdict, choices, options, unlock };
}

/**
 * The plan and every check again for other ticked items (the set and the target are not read again):
 * a check that failed only for an item left out no longer blocks. The same path as `restore --items`.
 */
export async function replanRestore(prepared: PreparedRestore, items: readonly string[], tools: ToolFinder): Promise<PreparedRestore> {
  const plan = planRestore(prepared.manifest, prepared.inventory, items);
  const checks = await preflight({ manifest: prepared.manifest, verdict: prepared.verdict, target: prepared.inventory, plan, tools });
  return { ...prepared, plan, checks };
}

/** Preflight, confirmation, then the restore itself (the headless command's whole run). */
export async function runRestore(request: RestoreRequest): Promise<RestoreOutcome> {
  let stoppedByUs = false;
  if (request.stopApp) {
    // Stopping the app is touching the target: an unusable key is found first.
    await checkSetKey(request.setDir, await readManifest(request.setDir), request.unlock);
    const stopped = await stopAppAndWait(request.target, request.tools);
    if (stopped) request.onEvent?.({ type: 'app', action: 'stop', outcome: stopped });
    stoppedByUs = stopped?.ok === true;
  }
  // The app nbbackup stopped runs again, on the data it had, when the restore does not go through.
  const startAgain = async (): Promise<ControlOutcome> => {
    const again = await startApp(request.target, request.tools, appPort(request.target));
    request.onEvent?.({ type: 'app', action: 'start', outcome: again });
    return again;
  };
  let outcome: RestoreOutcome;
  try {
    outcome = await checkedRestore(request);
  } catch (error) {
    if (stoppedByUs) await startAgain();
    throw error;
  }
  if (!stoppedByUs || outcome.result === 'restored') return outcome;
  const again = await startAgain();
  return { ...outcome, started: again, notes: [...outcome.notes, again.ok ? 'the app nbbackup stopped runs again' : `the app nbbackup stopped did not start again: ${again.detail}`] };
}

async function checkedRestore(request: RestoreRequest): Promise<RestoreOutcome> {
  const prepared = await prepareRestore(request.setDir, request.target, request.items, request.tools, request.engineOptions, request.unlock);
  const { checks, plan, manifest } = prepared;
  request.onEvent?.({ type: 'checks', checks });
  if (checks.some((c) => !c.ok)) return { result: 'refused', reason: 'preflight failed', checks, plan, steps: [], notes: [] };
  const confirmed = await request.confirm(plan, manifest);
  if (request.signal?.aborted) return { result: 'interrupted', reason: 'interrupted', checks, plan, steps: [], notes: ['nothing was changed on the target'] };
  if (!confirmed) return { result: 'refused', reason: 'not confirmed', checks, plan, steps: [], notes: [] };
  return executeRestore(prepared, request);
}

export { executeRestore, type ExecuteOptions } from './execute-restore.js';
