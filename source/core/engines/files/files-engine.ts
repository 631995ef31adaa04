import { NbError } from '../../errors.js';
import type { FilesItem } from '../../inventory/item.js';
import type { ManifestItem } from '../../set/manifest.js';
import type { EngineModule, EngineTools } from '../engine.js';
import { readThrough } from '../read-back.js';
import { filesStep, keysStep } from './files-restore-step.js';
import { prepareTar, TAR_HINT } from './tar-dump.js';

/** The storage folders a run restores: `.` for the whole, else first-level names. */
function restoredFolders(restoring: readonly ManifestItem[]): string[] {
  return restoring.filter((e) => e.kind === 'files').map((e) => e.storagePath ?? '.');
}

const TOOLS: EngineTools = { dump: ['tar'], restore: ['tar'], hint: TAR_HINT };

/** Folders (storage and its parts, the app keys): GNU tar archives, unpacked beside and swapped in. */
export const filesEngine: EngineModule = {
  name: 'files',
  engines: [],
  formats: ['tar'],
  tools: () => TOOLS,
  probe: async () => ({}),
  connect: async () => {
    throw new NbError('folders have no connection', undefined, 'unsupported');
  },
  prepareDump: ({ item, tools }) => prepareTar(item as FilesItem, tools),
  verifyDump: (request) => readThrough(request, ['tar'], ['--list', '--file=-']),
  restoreBlocker: () => undefined,
  restoreStep: ({ entry, storagePath, restoring }) => (entry.kind === 'keys' ? keysStep(entry, storagePath, restoredFolders(restoring)) : filesStep(entry, storagePath)),
  rightsCheck: async () => undefined,
  cannot: {
    probe: "storage is sized by the inventory's own folder walk, not probed",
    connect: 'folders have no connection',
    rightsCheck: 'folders are replaced by renames made as the user running nbbackup; preflight checks the free disk instead',
  },
};
