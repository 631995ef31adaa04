import { rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { createReadStream, createWriteStream } from 'node:fs';
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
      const codec = await decompressor(entry.compression ?? 'none', ctx.tools);
      const source = createReadStream(path.join(ctx.setDir, entry.file ?? ''));
      const ticker = progressTicker(() => source.bytesRead, ctx.onProgress);
      try {
        await pipeline(source, codec.stream, createWriteStream(fresh, { mode: 0o600 }), { signal: ctx.signal }).finally(ticker.stop);
      } catch (error) {
        // Stopped or broken midway: the half-written copy goes, the live file was never touched.
        codec.child?.kill();
        await rm(fresh, { force: true });
        throw error;
      }
      const existed = await stat(target.file).then(() => true, () => false);
      if (existed) await rename(target.file, old);
      await rename(fresh, target.file);
      return {
        notes: [],
        undo: async () => {
          await rm(target.file, { force: true });
          if (existed) await rename(old, target.file);
        },
        commit: async () => {
          await rm(old, { force: true });
          return undefined;
        },
      };
    },
  };
}
