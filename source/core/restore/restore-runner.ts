import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { runBackup } from '../backup/backup-runner.js';
import { readManifest } from '../set/backup-set.js';
import { errorLine } from '../errors.js';
import type { Install } from '../discover/install.js';
import { takeInventory, type InstallInventory } from '../scan/take-inventory.js';
import type { Manifest } from '../set/manifest.js';
import type { ToolFinder } from '../process/tool-finder.js';
import { verifySet } from '../verify/verify-set.js';
import { preflight, type Check } from './preflight.js';
import { planRestore, type RestorePlan } from './restore-plan.js';
import type { AppliedStep, RestoreStep } from '../engines/restore-step.js';
import { upgradeApp, type UpgradeOutcome } from './upgrade-app.js';
import { appPort, startApp, stopAppAndWait, type ControlOutcome } from './app-control.js';

export type RestoreEvent =
  | { readonly type: 'checks'; readonly checks: readonly Check[] }
  | { readonly type: 'safety'; readonly dir: string }
  | { readonly type: 'step'; readonly id: string; readonly phase: 'start' | 'done' | 'failed' | 'undone'; readonly detail?: string }
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
}

export interface RestoreOutcome {
  readonly result: 'restored' | 'refused' | 'failed';
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
}

export async function prepareRestore(setDir: string, target: Install, items: readonly string[] | undefined, tools: ToolFinder): Promise<PreparedRestore> {
  const manifest = await readManifest(setDir);
  const [verdict, inventory] = await Promise.all([verifySet(setDir, tools), takeInventory(target, { tools })]);
  const plan = planRestore(manifest, inventory, items);
  const checks = await preflight({ manifest, verdict, target: inventory, plan, tools });
  return { setDir, target, manifest, inventory, plan, checks };
}

/** Preflight, confirmation, then the restore itself (the headless command's whole run). */
export async function runRestore(request: RestoreRequest): Promise<RestoreOutcome> {
  if (request.stopApp) {
    const stopped = await stopAppAndWait(request.target, request.tools);
    if (stopped) request.onEvent?.({ type: 'app', action: 'stop', outcome: stopped });
  }
  const prepared = await prepareRestore(request.setDir, request.target, request.items, request.tools);
  const { checks, plan, manifest } = prepared;
  request.onEvent?.({ type: 'checks', checks });
  if (checks.some((c) => !c.ok)) return { result: 'refused', reason: 'preflight failed', checks, plan, steps: [], notes: [] };
  if (!(await request.confirm(plan, manifest))) return { result: 'refused', reason: 'not confirmed', checks, plan, steps: [], notes: [] };
  return executeRestore(prepared, request);
}

export type ExecuteOptions = Pick<RestoreRequest, 'snapshot' | 'upgrade' | 'startApp' | 'safetyDir' | 'tools' | 'onEvent'>;

/**
 * Safety copy, then each item restored into something fresh and swapped in; any failure takes every
 * finished step back, so the target ends exactly as it was.
 */
export async function executeRestore(prepared: PreparedRestore, request: ExecuteOptions): Promise<RestoreOutcome> {
  const { tools } = request;
  const emit = request.onEvent ?? (() => undefined);
  const { checks, plan, inventory } = prepared;
  const target = prepared.target;

  let safetySet: string | undefined;
  if (request.snapshot) {
    const ids = plan.items.map((i) => i.target.id);
    const safety = await runBackup({ inventory: { ...inventory, install: { ...inventory.install, name: `${inventory.install.name}-before-restore` } }, items: ids, outDir: request.safetyDir, tools, signal: new AbortController().signal });
    const failed = safety.manifest.items.filter((i) => i.status === 'failed');
    if (failed.length) return { result: 'failed', reason: `the safety copy failed (${failed.map((f) => `${f.id}: ${f.error}`).join('; ')}): nothing was changed`, checks, plan, safetySet: safety.dir, steps: [], notes: [] };
    safetySet = safety.dir;
    emit({ type: 'safety', dir: safety.dir });
  }

  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  // Beside storage, so unpacked folders move into place by rename.
  const workDir = path.join(path.dirname(target.storagePath), `.nbrestore-${stamp}`);
  await mkdir(workDir, { recursive: true, mode: 0o700 });
  const ctx = { setDir: prepared.setDir, tools, stamp, workDir, install: target };
  const applied: { id: string; step: AppliedStep }[] = [];
  const steps: RestoreOutcome['steps'] = [];
  const all: RestoreStep[] = [...plan.items.map((i) => i.step), ...(plan.keys ? [plan.keys] : [])];
  try {
    for (const step of all) {
      emit({ type: 'step', id: step.entry.id, phase: 'start' });
      const done = await step.apply(ctx);
      applied.push({ id: step.entry.id, step: done });
      steps.push({ id: step.entry.id, status: 'restored', notes: done.notes.length ? done.notes : undefined });
      emit({ type: 'step', id: step.entry.id, phase: 'done', detail: done.notes.join('; ') || undefined });
    }
    const upgrade = request.upgrade ? await upgradeApp(target) : undefined;
    if (upgrade) emit({ type: 'upgrade', outcome: upgrade });
    if (upgrade && !upgrade.ok) throw new Error(upgrade.detail);
    const notes: string[] = [];
    for (const { step } of applied) {
      const note = await step.commit();
      if (note && !notes.includes(note)) notes.push(note);
    }
    // Started only once the restore is final: a failed start is reported, not rolled back into old data.
    const started = request.startApp ? await startApp(target, tools, appPort(target)) : undefined;
    if (started) emit({ type: 'app', action: 'start', outcome: started });
    return { result: 'restored', checks, plan, safetySet, steps, notes, upgrade, started };
  } catch (error) {
    const failedId = all[applied.length]?.entry.id;
    if (failedId && !steps.some((s) => s.id === failedId)) steps.push({ id: failedId, status: 'failed', error: errorLine(error) });
    emit({ type: 'step', id: failedId ?? 'upgrade', phase: 'failed', detail: errorLine(error) });
    const stuck: string[] = [];
    for (const { id, step } of [...applied].reverse()) {
      try {
        await step.undo();
        const s = steps.find((x) => x.id === id);
        if (s) s.status = 'rolled-back';
        emit({ type: 'step', id, phase: 'undone' });
      } catch (undoError) {
        stuck.push(`${id} could not be rolled back (${errorLine(undoError)})${safetySet ? `: its copy is in ${safetySet}` : ''}`);
      }
    }
    const notes = stuck.length ? stuck : applied.length ? ['every restored item was rolled back: the target is as it was'] : ['nothing was changed on the target'];
    return { result: 'failed', reason: errorLine(error), checks, plan, safetySet, steps, notes };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
