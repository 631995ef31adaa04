import type { BackupEvent } from '../../core/backup/backup-runner.js';
import type { Check } from '../../core/engines/check.js';
import type { MigrationPlan } from '../../core/migrate/migrate-plan.js';
import type { MigrationEvent, MigrationOutcome, MigrationStage } from '../../core/migrate/run-migration.js';
import type { RestoreEvent } from '../../core/restore/restore-runner.js';
import { printable, printableDeep } from '../far-text.js';
import type { ItemProgress } from './use-backup-run.js';
import type { StepLine, StepProgress } from './use-restore.js';

// A migration as the wizard draws it: core's events folded into one state, every far string made
// printable on its way in.

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
      return { ...state, plan: printableDeep(event.plan) };
    case 'backup':
      return backupEvent(state, event.event);
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
      return restoreEvent(state, printableDeep(event.event));
    case 'far-log':
      return { ...state, farLog: [...state.farLog.slice(-19), printable(event.line)] };
  }
}

function backupEvent(state: MigrationState, event: BackupEvent): MigrationState {
  const item = (id: string, patch: Partial<ItemProgress>): MigrationState => {
    const known = state.items.some((i) => i.id === id);
    const items = known ? state.items : [...state.items, { id, label: id, phase: 'queued' as const, rawBytes: 0, bytes: 0, seconds: 0 }];
    return { ...state, items: items.map((i) => (i.id === id ? { ...i, ...patch } : i)) };
  };
  switch (event.type) {
    case 'set':
      return { ...state, setDir: event.dir };
    case 'start':
      return item(event.id, { phase: 'running', label: event.label, estimate: event.estimate });
    case 'progress':
      return item(event.id, { rawBytes: event.rawBytes, bytes: event.bytes, seconds: event.seconds, percent: event.percent, object: event.object });
    case 'warning':
      return item(event.id, { warning: event.message });
    case 'done': {
      const e = event.entry;
      const phase = e.status === 'ok' ? 'ok' : e.status === 'skipped' ? 'skipped' : 'failed';
      return item(event.id, { phase, error: e.error, file: e.file, bytes: e.bytes ?? 0, rawBytes: e.rawBytes ?? 0, seconds: e.seconds ?? 0, percent: e.status === 'ok' ? 100 : undefined });
    }
    case 'verify':
      return { ...state, verifying: true };
    case 'verified':
      return { ...state, verifying: false };
  }
}

function restoreEvent(state: MigrationState, event: RestoreEvent): MigrationState {
  switch (event.type) {
    case 'checks':
      return { ...state, checks: event.checks };
    case 'safety':
      return { ...state, safetySet: event.dir };
    case 'step':
      return { ...state, steps: [...state.steps, { id: event.id, phase: event.phase, detail: event.detail }] };
    case 'progress':
      return { ...state, progress: { ...state.progress, [event.id]: { bytes: event.bytes, total: event.total, seconds: event.seconds } } };
    case 'upgrade':
      return { ...state, farLog: [...state.farLog, event.outcome.detail] };
    case 'app':
      return { ...state, farLog: [...state.farLog, event.outcome.detail] };
  }
}
