import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { AppliedStep, RestoreStep, StepContext } from '../engines/restore-step.js';
import { errorLine, NbError } from '../errors.js';
import { runDir } from '../process/run-dir.js';
import { appPort, startApp } from './app-control.js';
import type { PreparedRestore, RestoreEvent, RestoreOutcome, RestoreRequest } from './restore-runner.js';
import { upgradeApp } from './upgrade-app.js';
import { makeSafetyCopy } from './safety-copy.js';

export type ExecuteOptions = Pick<RestoreRequest, 'snapshot' | 'upgrade' | 'startApp' | 'safetyDir' | 'tools' | 'onEvent' | 'signal'>;

/**
 * Safety copy, then each item restored into something fresh and swapped in; any failure or interrupt
 * takes every finished step back, so the target ends exactly as it was.
 */
export async function executeRestore(prepared: PreparedRestore, request: ExecuteOptions): Promise<RestoreOutcome> {
  const { tools } = request;
  const signal = request.signal ?? new AbortController().signal;
  const emit = request.onEvent ?? (() => undefined);
  const { checks, plan } = prepared;
  const target = prepared.target;
  const interrupted = (): RestoreOutcome => ({ result: 'interrupted', reason: 'interrupted', checks, plan, steps: [], notes: ['nothing was changed on the target'] });

  let safetySet: string | undefined;
  if (request.snapshot) {
    const safety = await makeSafetyCopy(prepared, request, signal, emit);
    if (!safety) return interrupted();
    const failed = safety.manifest.items.filter((i) => i.status === 'failed');
    const why = failed.length ? failed.map((f) => `${f.id}: ${f.error}`).join('; ') : safety.verdict.ok ? undefined : 'it does not read back';
    if (why) return { result: 'failed', reason: `the safety copy failed (${why}): nothing was changed`, checks, plan, safetySet: safety.dir, steps: [], notes: [] };
    safetySet = safety.dir;
    emit({ type: 'safety', dir: safety.dir });
  }
  if (signal.aborted) return { ...interrupted(), safetySet };

  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  // Beside storage, so unpacked folders move into place by rename; made new, private, never through a link.
  // Named after the stamp, so a person who finds it left behind knows what else that run made.
  const workDir = await mkdtemp(path.join(path.dirname(target.storagePath), `.nbrestore-${stamp}-`));
  // Logins never go into the work folder, which a killed run leaves behind beside the install.
  const privateDir = await runDir().catch(async (error: unknown) => {
    await rm(workDir, { recursive: true, force: true });
    throw error;
  });
  const ctx: StepContext = { setDir: prepared.setDir, tools, stamp, workDir, privateDir, install: target, signal, options: prepared.options, unlock: prepared.unlock };
  const applied: { id: string; step: AppliedStep }[] = [];
  const steps: RestoreOutcome['steps'] = [];
  const all: RestoreStep[] = [...plan.items.map((i) => i.step), ...(plan.keys ? [plan.keys] : [])];
  try {
    for (const step of all) {
      if (signal.aborted) throw new NbError('interrupted', undefined, 'interrupted');
      emit({ type: 'step', id: step.entry.id, phase: 'start' });
      const done = await step.apply({ ...ctx, onProgress: stepProgress(step, emit) });
      applied.push({ id: step.entry.id, step: done });
      steps.push({ id: step.entry.id, status: 'restored', notes: done.notes.length ? done.notes : undefined });
      emit({ type: 'step', id: step.entry.id, phase: 'done', detail: done.notes.join('; ') || undefined });
    }
    const upgrade = request.upgrade ? await upgradeApp(target, signal) : undefined;
    if (upgrade) emit({ type: 'upgrade', outcome: upgrade });
    if (signal.aborted) throw new NbError('interrupted', undefined, 'interrupted');
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
    const stopped = signal.aborted;
    const failedId = all[applied.length]?.entry.id;
    const reason = stopped ? 'interrupted' : errorLine(error);
    if (failedId && !steps.some((s) => s.id === failedId)) steps.push({ id: failedId, status: 'failed', error: reason });
    emit({ type: 'step', id: failedId ?? 'upgrade', phase: 'failed', detail: reason });
    const stuck = await rollBack(applied, steps, emit, safetySet);
    const notes = stuck.length ? stuck : applied.length ? ['every restored item was rolled back: the target is as it was'] : ['nothing was changed on the target'];
    return { result: stopped ? 'interrupted' : 'failed', reason, checks, plan, safetySet, steps, notes };
  } finally {
    await rm(workDir, { recursive: true, force: true });
    await rm(privateDir, { recursive: true, force: true });
  }
}

/** A step's bytes of its set file read, of the file's size; the seconds count from its start. */
function stepProgress(step: RestoreStep, emit: (e: RestoreEvent) => void): (bytes: number) => void {
  const started = Date.now();
  return (bytes) => emit({ type: 'progress', id: step.entry.id, bytes, total: step.entry.bytes, seconds: (Date.now() - started) / 1000 });
}

/** Every applied step undone, newest first; what cannot be undone is named with where its copy is. */
async function rollBack(applied: readonly { id: string; step: AppliedStep }[], steps: RestoreOutcome['steps'], emit: (e: RestoreEvent) => void, safetySet: string | undefined): Promise<string[]> {
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
  return stuck;
}
