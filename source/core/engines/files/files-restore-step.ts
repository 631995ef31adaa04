import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { NbError } from '../../errors.js';
import type { ManifestItem } from '../../set/manifest.js';
import { RAW_DATABASE_FOLDERS } from '../../inventory/storage-items.js';
import { feedDump } from '../../stream/feed-dump.js';
import type { AppliedStep, RestoreStep, StepContext } from '../restore-step.js';
import { TAR_HINT } from './tar-dump.js';

/**
 * Storage is unpacked into a fresh folder beside it, then swapped in: what it replaces moves to
 * `storage-bak-<stamp>/` (kept, as the manual procedure keeps it). Paths are relative to storage.
 */
export function filesStep(entry: ManifestItem, storagePath: string): RestoreStep {
  return {
    entry,
    async apply(ctx: StepContext): Promise<AppliedStep> {
      const staging = path.join(ctx.workDir, `unpack-${entry.id.replace(/[^\w]+/g, '_')}`);
      await mkdir(staging, { recursive: true, mode: 0o700 });
      await unpack(path.join(ctx.setDir, entry.file ?? ''), entry, staging, ctx);
      // The whole folder: every top-level entry but the raw database folders, which were never archived.
      const names = entry.storagePath === '.' ? (await readdir(staging)).filter((n) => !RAW_DATABASE_FOLDERS.includes(n)) : [entry.storagePath ?? ''];
      const backup = path.join(path.dirname(storagePath), `${path.basename(storagePath)}-bak-${ctx.stamp}`);
      return swapIn(names, staging, storagePath, backup);
    },
  };
}

/** The app's key files, put back beside whatever storage holds; the ones they replace are kept aside. */
export function keysStep(entry: ManifestItem, storagePath: string): RestoreStep {
  return {
    entry,
    async apply(ctx: StepContext): Promise<AppliedStep> {
      const staging = path.join(ctx.workDir, 'unpack-keys');
      await mkdir(staging, { recursive: true, mode: 0o700 });
      await unpack(path.join(ctx.setDir, entry.file ?? ''), entry, staging, ctx);
      const backup = path.join(path.dirname(storagePath), `${path.basename(storagePath)}-bak-${ctx.stamp}`);
      return swapIn(entry.files ?? [], staging, storagePath, backup);
    },
  };
}

async function unpack(file: string, entry: ManifestItem, into: string, ctx: StepContext): Promise<void> {
  const tar = await ctx.tools.first(['tar']);
  if (!tar) throw new NbError('tar not found on this machine', TAR_HINT, 'missing-tool');
  const result = await feedDump(file, entry.compression ?? 'none', tar, ['--extract', '--file=-', '--preserve-permissions', `--directory=${into}`], ctx.tools);
  if (result.failed) throw new NbError(`unpacking ${entry.file} failed: ${result.stderr.trim().split('\n')[0]}`);
}

/** Renames only (same file system): each name moves aside, then its restored copy moves in. */
async function swapIn(names: readonly string[], staging: string, storagePath: string, backup: string): Promise<AppliedStep> {
  const moved: { name: string; hadOld: boolean }[] = [];
  const undo = async () => {
    for (const { name, hadOld } of [...moved].reverse()) {
      await rm(path.join(storagePath, name), { recursive: true, force: true });
      if (hadOld) await rename(path.join(backup, name), path.join(storagePath, name));
    }
  };
  try {
    for (const name of names) {
      const live = path.join(storagePath, name);
      const hadOld = await stat(live).then(() => true, () => false);
      if (hadOld) {
        await mkdir(path.dirname(path.join(backup, name)), { recursive: true, mode: 0o700 });
        await rename(live, path.join(backup, name));
      }
      moved.push({ name, hadOld });
      await mkdir(path.dirname(live), { recursive: true });
      await rename(path.join(staging, name), live);
    }
  } catch (error) {
    await undo();
    throw error;
  }
  return {
    notes: [],
    undo,
    commit: async () => (moved.some((m) => m.hadOld) ? `what storage held before is kept in ${backup}` : undefined),
  };
}
