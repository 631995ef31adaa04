import type { Check } from '../../core/engines/check.js';
import type { MigrationPlan } from '../../core/migrate/migrate-plan.js';
import type { MigrationEvent, MigrationOutcome, MigrationStage } from '../../core/migrate/run-migration.js';
import type { RestoreEvent } from '../../core/restore/restore-runner.js';
import { printable, printableDeep } from '../../core/text/printable.js';
import { foldBackupEvent, type ItemProgress } from './backup-progress-fold.js';
import { foldRestoreEvent, type StepLine, type StepProgress } from './restore-steps-fold.js';

// A migration as the wizard draws it: core's events folded into one state. Core cleaned what the far
// host said on arrival; what this side adds (ids, labels, places and settings from the app's own
// tables and .env, a local error) is made printable here before it is drawn.

export interface TransferState {
  readonly sent: number;
  readonly total: number;
  /** The file on its way, and where it went on from after a dropped link. */
  readonly file?: string;
  readonly resumedFrom?: number;
  /** The set's files seen on their way (a file sent again after a dropped link counts once). */
  readonly files: readonly string[];
  readonly alreadyThere: boolean;
  readonly startedAt: number;
}

export interface MigrationState {
  /** A run was started (and not put aside by going back). */
  readonly started: boolean;
  readonly stage?: MigrationStage;
  readonly plan?: MigrationPlan;
  /** The plan waits for the far install's name. */
  readonly asking: boolean;
  readonly items: readonly ItemProgress[];
  readonly setDir?: string;
  readonly verifying: boolean;
  readonly backupStartedAt?: number;
  readonly transfer?: TransferState;
  readonly retries: readonly { readonly attempt: number; readonly reason: string }[];
  /** The restore's preflight there. */
  readonly checks?: readonly Check[];
  readonly steps: readonly StepLine[];
  readonly progress: Readonly<Record<string, StepProgress>>;
  readonly safetySet?: string;
  /** The last lines the far helper logged. */
  readonly farLog: readonly string[];
  /** c was confirmed: both sides are being put back. */
  readonly cancelling: boolean;
  readonly outcome?: MigrationOutcome;
  /** What stopped it when core threw (an ssh failure, say). */
  readonly error?: { readonly line: string; readonly hint?: string };
}

export const IDLE: MigrationState = { started: false, asking: false, items: [], verifying: false, retries: [], steps: [], progress: {}, farLog: [], cancelling: false };

/** Past its plan something was dumped here: only the outcome, or cancel, which puts both sides back, ends the run. */
export function isPastPlan(state: MigrationState): boolean {
  return state.stage === 'backup' || state.stage === 'transfer' || state.stage === 'restore';
}

const hasEnded = (state: MigrationState) => Boolean(state.outcome || state.error);

/** Going back to the form is allowed before the plan is passed, and once the run has ended. */
export const canGoBack = (state: MigrationState) => !isPastPlan(state) || hasEnded(state);

export type WizardStep = 'form' | 'connecting' | 'plan' | 'running' | 'result';

/** Which part of the wizard a migration's state is in. */
export function stepOf(state: MigrationState): WizardStep {
  if (!state.started) return 'form';
  if (isPastPlan(state)) return hasEnded(state) ? 'result' : 'running';
  if (state.plan && (state.asking || state.plan.problems.length)) return 'plan';
  // Ended before any plan (ssh could not connect, say): the form says why.
  return hasEnded(state) ? 'form' : 'connecting';
}

/** Events that change what the screen is (a stage, the plan, a dropped link): drawn at once, not at the next tick. */
export function isTurn(event: MigrationEvent): boolean {
  return event.type === 'stage' || event.type === 'plan' || event.type === 'retry' || (event.type === 'restore' && event.event.type !== 'progress') || (event.type === 'backup' && event.event.type !== 'progress');
}

export function reduceMigration(state: MigrationState, event: MigrationEvent, now = Date.now()): MigrationState {
  switch (event.type) {
    case 'stage': {
      const next = { ...state, stage: event.stage };
      if (event.stage === 'backup') {
        const items = (state.plan?.rows ?? []).map((r): ItemProgress => ({ id: r.id, label: r.label, phase: 'queued', estimate: r.sizeBytes, rawBytes: 0, bytes: 0, seconds: 0 }));
        return { ...next, items, backupStartedAt: now };
      }
      if (event.stage === 'transfer') return { ...next, transfer: { sent: 0, total: 0, files: [], alreadyThere: false, startedAt: now } };
      return next;
    }
    case 'plan':
      // The plan mixes the far answer with this side's inventory, which nothing cleaned.
      return { ...state, plan: printableDeep(event.plan) };
    case 'backup':
      return foldBackupEvent(state, event.event);
    case 'transfer': {
      const t = state.transfer ?? { sent: 0, total: 0, files: [], alreadyThere: false, startedAt: now };
      const e = event.event;
      if (e.type === 'file') {
        const file = printable(e.name);
        return { ...state, transfer: { ...t, file, resumedFrom: e.resumedFrom, files: t.files.includes(file) ? t.files : [...t.files, file] } };
      }
      if (e.type === 'progress') return { ...state, transfer: { ...t, sent: e.sent, total: e.total } };
      return { ...state, transfer: { ...t, alreadyThere: true } };
    }
    case 'retry':
      return { ...state, retries: [...state.retries, { attempt: event.attempt, reason: printable(event.reason) }] };
    case 'restore':
      return restoreEvent(state, event.event);
    case 'far-log':
      return withFarLine(state, event.line);
  }
}

/** The far helper's log keeps its last lines only: a chatty helper must not grow the state without end. */
const FAR_LOG_LINES = 20;
const withFarLine = (state: MigrationState, line: string): MigrationState => ({ ...state, farLog: [...state.farLog.slice(1 - FAR_LOG_LINES), line] });

function restoreEvent(state: MigrationState, event: RestoreEvent): MigrationState {
  if (event.type === 'checks') return { ...state, checks: event.checks };
  if (event.type === 'upgrade' || event.type === 'app') return withFarLine(state, event.outcome.detail);
  return foldRestoreEvent(state, event);
}
