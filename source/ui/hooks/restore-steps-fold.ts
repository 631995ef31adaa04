import type { RestoreEvent } from '../../core/restore/restore-runner.js';

// One fold of core's restore events into the steps the screen draws: a restore here and the
// migration's restore there read the same events and must show them the same way.

export interface StepLine {
  readonly id: string;
  readonly phase: 'start' | 'done' | 'failed' | 'undone';
  readonly detail?: string;
}

/** The latest progress sample of the safety copy (`safety`) or of a step. */
export interface StepProgress {
  readonly bytes: number;
  readonly total?: number;
  readonly seconds: number;
}

/** What restore events move in a run's state. */
export interface RestoreSteps {
  readonly steps: readonly StepLine[];
  readonly progress?: Readonly<Record<string, StepProgress>>;
  readonly safetySet?: string;
}

/** The state after one restore event; the checks, the upgrade and the app's answer are each caller's own. */
export function foldRestoreEvent<S extends RestoreSteps>(state: S, event: RestoreEvent): S {
  switch (event.type) {
    case 'safety':
      return { ...state, safetySet: event.dir };
    case 'step':
      return { ...state, steps: [...state.steps, { id: event.id, phase: event.phase, detail: event.detail }] };
    case 'progress':
      return { ...state, progress: { ...state.progress, [event.id]: { bytes: event.bytes, total: event.total, seconds: event.seconds } } };
    default:
      return state;
  }
}
