import type { Check } from '../engines/check.js';
import type { ControlOutcome } from '../restore/app-control.js';
import type { RestoreOutcome } from '../restore/restore-runner.js';
import type { UpgradeOutcome } from '../restore/upgrade-app.js';

/** What the far side's restore answers: the restore's outcome without its plan, which holds passwords. */
export interface FarRestoreResult {
  readonly result: RestoreOutcome['result'];
  readonly reason?: string;
  readonly checks: readonly Check[];
  readonly skipped: readonly { id: string; reason: string }[];
  readonly safetySet?: string;
  readonly steps: RestoreOutcome['steps'];
  readonly notes: readonly string[];
  readonly upgrade?: UpgradeOutcome;
  readonly started?: ControlOutcome;
}

/** The outcome as it travels back: everything but the plan. */
export function farRestoreResult(outcome: RestoreOutcome): FarRestoreResult {
  return { result: outcome.result, reason: outcome.reason, checks: outcome.checks, skipped: outcome.plan?.skipped ?? [], safetySet: outcome.safetySet, steps: outcome.steps, notes: outcome.notes, upgrade: outcome.upgrade, started: outcome.started };
}
