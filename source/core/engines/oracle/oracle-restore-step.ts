import path from 'node:path';
import { rm } from 'node:fs/promises';
import type { ServerTarget } from '../../db/db-target.js';
import { NbError, errorLine } from '../../errors.js';
import type { DatabaseItem } from '../../inventory/item.js';
import type { ManifestItem } from '../../set/manifest.js';
import type { Compression } from '../../stream/compression.js';
import { runDump } from '../../stream/dump-pipeline.js';
import { engineOptions } from '../engine-options.js';
import type { AppliedStep, RestoreStep, StepContext } from '../restore-step.js';
import { checkPlaceable } from '../server-side-file.js';
import { oracleDumpDir, oraclePrepareDump } from './oracle-dump.js';
import { importDump } from './oracle-import.js';
import { emptySchema } from './oracle-sqlplus.js';

/**
 * Oracle cannot rename a schema, so the step first exports the schema as it is (its own rollback copy,
 * beside the runner's safety set), empties it — every object the login owns, so nothing made after the
 * backup survives — and imports the set's export. Undo empties it again and imports the rollback copy.
 */
export function oracleStep(entry: ManifestItem, target: ServerTarget, item: DatabaseItem): RestoreStep {
  return {
    entry,
    async apply(ctx: StepContext): Promise<AppliedStep> {
      const options = await engineOptions(ctx.options);
      const folder = oracleDumpDir(options);
      await checkPlaceable(folder, 'oracleDumpDir', 'Oracle');
      const rollback = path.join(ctx.workDir, `rollback-${item.id.replace(/[^\w]+/g, '_')}.dmp.zst`);
      const spec = await oraclePrepareDump({ item, tools: ctx.tools, workDir: ctx.privateDir, scratchDir: ctx.workDir, options });
      await runDump({ spec, file: rollback, compression: 'zstd', tools: ctx.tools, signal: ctx.signal ?? new AbortController().signal });
      // Only the import of the set stops on an interrupt; putting the schema back always runs to its end.
      const replaceWith = async (file: string, compression: Compression, signal?: AbortSignal, fromSet = false) => {
        await emptySchema(target, ctx.tools);
        await importDump(file, compression, target, { tools: ctx.tools, privateDir: ctx.privateDir, folder, stamp: ctx.stamp, signal, unlock: fromSet ? ctx.unlock : undefined });
      };
      try {
        await replaceWith(path.join(ctx.setDir, entry.file ?? ''), entry.compression ?? 'none', ctx.signal, true);
      } catch (error) {
        await replaceWith(rollback, 'zstd').catch((undoError: unknown) => {
          throw new NbError(`${errorLine(error)}; putting schema ${target.user.toUpperCase()} back failed too: ${errorLine(undoError)}`, 'import the safety set by hand with impdp');
        });
        throw error;
      }
      return {
        notes: [],
        undo: () => replaceWith(rollback, 'zstd'),
        commit: async () => {
          await rm(rollback, { force: true });
          return undefined;
        },
      };
    },
  };
}
