import path from 'node:path';
import { NbError } from '../../errors.js';
import type { FilesItem } from '../../inventory/item.js';
import { RAW_DATABASE_FOLDERS } from '../../inventory/storage-items.js';
import { toolInfo } from '../../process/tool-version.js';
import type { ToolFinder } from '../../process/tool-finder.js';
import type { DumpSpec } from '../../stream/dump-spec.js';

export const TAR_HINT = 'install GNU tar: apt-get install tar';

/**
 * GNU tar in POSIX (pax) format: modes, owners, nanosecond mtimes, and symlinks kept as links —
 * tar never follows them unless told (-h), so nothing outside the tree gets in.
 */
export async function prepareTar(item: FilesItem, tools: ToolFinder): Promise<DumpSpec> {
  const tar = await tools.first(['tar']);
  if (!tar) throw new NbError('tar not found on this machine', TAR_HINT, 'missing-tool');
  const info = await toolInfo(tar);
  if (!/GNU tar/.test(info.versionText)) throw new NbError(`${tar} is not GNU tar`, TAR_HINT, 'missing-tool');
  const whole = item.folder === '.';
  const excludes = whole ? RAW_DATABASE_FOLDERS.map((d) => `--exclude=./${d}`) : [];
  return {
    file: tar,
    args: ['--create', '--format=posix', '--file=-', `--directory=${item.root}`, '--verbose', '--anchored', ...excludes, '--', item.folder],
    env: { LC_ALL: 'C' },
    format: 'tar',
    extension: 'tar',
    tool: 'tar',
    toolVersion: info.versionText,
    currentObject: (line) => (line.startsWith('tar: ') ? undefined : line.trim() || undefined),
  };
}

/** The key files an app's data cannot be read without, archived with every set. */
export async function prepareKeysTar(storagePath: string, relativeFiles: readonly string[], outsideFiles: readonly string[], tools: ToolFinder): Promise<DumpSpec> {
  const spec = await prepareTar({ id: 'storage', group: 'storage', kind: 'files', label: 'keys', path: storagePath, root: storagePath, folder: '.', status: 'ok', selected: true }, tools);
  // Files outside storage enter the archive by their base name (one -C per folder).
  const outside = outsideFiles.flatMap((file) => [`--directory=${path.dirname(file)}`, path.basename(file)]);
  return { ...spec, args: ['--create', '--format=posix', '--file=-', `--directory=${storagePath}`, ...relativeFiles, ...outside], currentObject: undefined };
}
