import { lstat, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { makeFolder } from '../../process/make-folder.js';
import path from 'node:path';
import { NbError } from '../../errors.js';
import { RAW_DATABASE_FOLDERS } from '../../inventory/storage-items.js';
import type { ManifestItem } from '../../set/manifest.js';
import { feedDump } from '../../stream/feed-dump.js';
import type { AppliedStep, RestoreStep, StepContext } from '../restore-step.js';
import { inside } from '../../set/safe-names.js';
import { settleUnpacked } from './settle-unpacked.js';
import { TAR_HINT } from './tar-dump.js';

/**
 * Storage is unpacked into a fresh folder beside it, then swapped in: what it replaces moves to
 * `storage-bak-<stamp>/` (kept, as the manual procedure keeps it). Paths are relative to storage.
 */
export function filesStep(entry: ManifestItem, storagePath: string): RestoreStep {
  return {
    entry,
    async apply(ctx: StepContext): Promise<AppliedStep> {
      const folder = entry.storagePath ?? '.';
      const staging = await unpack(entry, ctx);
      const boundary = folder === '.' ? staging : path.join(staging, folder);
      const settled = await settleUnpacked(staging, boundary, storagePath);
      // The whole folder: every top-level entry but the raw database folders, which were never archived.
      const names = folder === '.' ? (await readdir(staging)).filter((n) => !RAW_DATABASE_FOLDERS.includes(n)) : [folder];
      const applied = await swapIn(names, staging, storagePath, backupFolder(storagePath, ctx));
      return settled.stripped ? { ...applied, notes: [`${settled.stripped} setuid/setgid bit(s) from the archive were not restored`] } : applied;
    },
  };
}

/**
 * The app's key files, put back beside whatever storage holds; the ones they replace are kept aside.
 * Keys under a storage part restored in the same run come with that part and are left as it put them.
 */
export function keysStep(entry: ManifestItem, storagePath: string, restoredFolders: readonly string[]): RestoreStep {
  return {
    entry,
    async apply(ctx: StepContext): Promise<AppliedStep> {
      const staging = await unpack(entry, ctx);
      await settleUnpacked(staging, staging, storagePath);
      const covered = (file: string) => restoredFolders.includes('.') || restoredFolders.includes(file.split('/')[0]);
      return swapIn((entry.files ?? []).filter((f) => !covered(f)), staging, storagePath, backupFolder(storagePath, ctx));
    },
  };
}

function backupFolder(storagePath: string, ctx: StepContext): string {
  return path.join(path.dirname(storagePath), `${path.basename(storagePath)}-bak-${ctx.stamp}`);
}

/** GNU tar into a new private folder; owners never come from the archive. */
async function unpack(entry: ManifestItem, ctx: StepContext): Promise<string> {
  const tar = await ctx.tools.first(['tar']);
  if (!tar) throw new NbError('tar not found on this machine', TAR_HINT, 'missing-tool');
  const staging = await mkdtemp(path.join(ctx.workDir, 'unpack-'));
  const args = ['--extract', '--file=-', '--preserve-permissions', '--no-same-owner', `--directory=${staging}`];
  const result = await feedDump(path.join(ctx.setDir, entry.file ?? ''), entry.compression ?? 'none', tar, args, ctx.tools, { signal: ctx.signal, onProgress: ctx.onProgress, unlock: ctx.unlock });
  if (result.failed) throw new NbError(`unpacking ${entry.file} failed: ${result.stderr.trim().split('\n')[0] || `exit ${result.exitCode}`}`);
  return staging;
}

/** Renames only (same file system): each name moves aside, then its restored copy moves in. */
async function swapIn(names: readonly string[], staging: string, storagePath: string, backup: string): Promise<AppliedStep> {
  for (const name of names) {
    // The manifest was checked on reading; this is the last line of defence before a rename.
    if (!inside(path.resolve(storagePath, name), storagePath) || path.resolve(storagePath, name) === path.resolve(storagePath)) throw new NbError(`refusing to replace ${name}: it is not inside storage`, undefined, 'unsafe-set');
  }
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
      const hadOld = await lstat(live).then(() => true, () => false);
      if (hadOld) {
        await makeFolder(path.dirname(path.join(backup, name)));
        await rename(live, path.join(backup, name));
      }
      moved.push({ name, hadOld });
      await makeFolder(path.dirname(live), 0o755);
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
