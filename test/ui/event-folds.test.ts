import { describe, expect, it } from 'vitest';
import { foldBackupEvent, type BackupProgress } from '../../source/ui/hooks/backup-progress-fold.js';
import { IDLE, reduceMigration, type MigrationState } from '../../source/ui/hooks/migration-state.js';

// The folds the backup run, the restore and the migration share, and the far log's one cap.

describe('the event folds', () => {
  it('marks an item skipped, not failed, when core skipped it', () => {
    const start: BackupProgress = { items: [], verifying: false };
    const state = foldBackupEvent(start, { type: 'done', id: 'external:old', entry: { id: 'external:old', status: 'skipped', reason: 'left out' } as never });
    expect(state.items.map((i) => [i.id, i.phase])).toEqual([['external:old', 'skipped']]);
  });

  it('keeps the last 20 far lines, whether the helper logged them or the restore there answered', () => {
    let s: MigrationState = { ...IDLE, started: true };
    for (let i = 0; i < 25; i++) s = reduceMigration(s, { type: 'far-log', line: `line ${i}` });
    s = reduceMigration(s, { type: 'restore', event: { type: 'upgrade', outcome: { ok: true, detail: 'upgraded' } as never } });
    s = reduceMigration(s, { type: 'restore', event: { type: 'app', action: 'start', outcome: { ok: true, detail: 'app answers' } as never } });
    expect(s.farLog).toHaveLength(20);
    expect(s.farLog.slice(-3)).toEqual(['line 24', 'upgraded', 'app answers']);
  });
});
