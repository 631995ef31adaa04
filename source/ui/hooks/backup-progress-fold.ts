import type { BackupEvent } from '../../core/backup/backup-runner.js';

// One fold of core's backup events into the items the progress pane draws: the backup run and the
// migration's backup stage read the same events and must show them the same way.

export type ItemPhase = 'queued' | 'running' | 'ok' | 'failed' | 'skipped';

export interface ItemProgress {
  readonly id: string;
  readonly label: string;
  readonly phase: ItemPhase;
  readonly estimate?: number;
  readonly rawBytes: number;
  readonly bytes: number;
  readonly seconds: number;
  readonly percent?: number;
  readonly object?: string;
  readonly warning?: string;
  readonly error?: string;
  readonly file?: string;
}

/** What backup events move in a run's state. */
export interface BackupProgress {
  readonly items: readonly ItemProgress[];
  readonly setDir?: string;
  readonly verifying: boolean;
}

/** The state after one backup event; an item not queued at the start (a profile's) joins when it is named. */
export function foldBackupEvent<S extends BackupProgress>(state: S, event: BackupEvent): S {
  const item = (id: string, patch: Partial<ItemProgress>): S => {
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
