import { link, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { createWriteStream } from 'node:fs';
import { openSetFile } from '../../set/set-file.js';
import { pipeline } from 'node:stream/promises';
import type { SqliteTarget } from '../../db/db-target.js';
import { decompressor } from '../../stream/compression.js';
import { progressTicker } from '../../stream/progress-ticker.js';
import type { ManifestItem } from '../../set/manifest.js';
import type { AppliedStep, RestoreStep, StepContext } from '../restore-step.js';

/** The restored file is written beside the live one, then swapped in by renames (the app is stopped). */
export function sqliteStep(entry: ManifestItem, target: SqliteTarget): RestoreStep {
  return {
    entry,
    async apply(ctx: StepContext): Promise<AppliedStep> {
      const fresh = `${target.file}.nbr-${ctx.stamp}`;
      const old = `${target.file}.nbold-${ctx.stamp}`;
      const { stream: source, bytesRead } = await openSetFile(path.join(ctx.setDir, entry.file ?? ''), ctx.unlock);
      const codec = await decompressor(entry.compression ?? 'none', ctx.tools);
      const ticker = progressTicker(bytesRead, ctx.onProgress);
      try {
        await pipeline(source, codec.stream, createWriteStream(fresh, { mode: 0o600 }), { signal: ctx.signal }).finally(ticker.stop);
      } catch (error) {
        // Stopped or broken midway: the half-written copy goes, the live file was never touched.
        codec.child?.kill();
        await rm(fresh, { force: true });
        throw error;
      }
      const existed = await stat(target.file).then(() => true, () => false);
      if (existed) await keepAside(target.file, old);
      // One rename over the live name: killed at any moment, the name holds the old file or the new one.
      await rename(fresh, target.file);
      return {
        notes: [],
        undo: async () => {
          if (existed) await rename(old, target.file);
          else await rm(target.file, { force: true });
        },
        commit: async () => {
          await rm(old, { force: true });
          return undefined;
        },
      };
    },
  };
}

/**
 * The old file gets a second name (a hard link) while the live name keeps it, so no moment is without
 * a file there. Where the file system has no hard links, it is renamed aside (a moment without one).
 */
async function keepAside(file: string, old: string): Promise<void> {
  try {
    await link(file, old);
  } catch (error) {
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    await rename(file, old);
  }
}
