import { runBackup, type BackupResult } from '../backup/backup-runner.js';
import { throttled } from '../stream/progress-ticker.js';
import type { ExecuteOptions } from './execute-restore.js';
import type { PreparedRestore, RestoreEvent } from './restore-runner.js';

/**
 * A backup set of exactly what the restore overwrites, made before anything is touched. Its items run
 * at once, so their progress is summed into one: raw bytes dumped of what the target's items measured.
 */
export async function makeSafetyCopy(prepared: PreparedRestore, request: ExecuteOptions, signal: AbortSignal, emit: (event: RestoreEvent) => void): Promise<BackupResult | undefined> {
  const { plan, inventory } = prepared;
  const ids = plan.items.map((i) => i.target.id);
  const install = { ...inventory.install, name: `${inventory.install.name}-before-restore` };
  const sizes = ids.map((id) => inventory.items.find((i) => i.id === id)?.sizeBytes);
  const total = sizes.every((s) => s !== undefined) ? sizes.reduce((a: number, b) => a + (b ?? 0), 0) : undefined;
  const done = new Map<string, number>();
  const started = Date.now();
  const progress = throttled((bytes: number) => emit({ type: 'progress', id: 'safety', bytes, total, seconds: (Date.now() - started) / 1000 }));
  const sum = () => [...done.values()].reduce((a, b) => a + b, 0);
  try {
    return await runBackup({
      inventory: { ...inventory, install },
      items: ids,
      outDir: request.safetyDir,
      tools: request.tools,
      signal,
      engineOptions: prepared.options,
      onEvent: (event) => {
        if (event.type === 'progress') done.set(event.id, event.rawBytes);
        // A finished item counts whole: zstd's raw count is missing when it ended before its first sample.
        else if (event.type === 'done') done.set(event.id, Math.max(event.entry.rawBytes ?? 0, done.get(event.id) ?? 0, event.entry.status === 'ok' ? (sizes[ids.indexOf(event.id)] ?? 0) : 0));
        else return;
        progress.push(sum());
      },
    });
  } catch (error) {
    if (signal.aborted) return undefined;
    throw error;
  } finally {
    progress.flush();
  }
}
