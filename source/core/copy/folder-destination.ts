import { constants, createReadStream } from 'node:fs';
import { chmod, copyFile, lstat, mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { NbError } from '../errors.js';
import { makeFolder } from '../process/make-folder.js';
import { hashFile, listSets, looksLikeSetName } from '../set/backup-set.js';
import { deleteSet } from '../set/delete-set.js';
import { MANIFEST_FILE } from '../set/manifest.js';
import { appendAndProve, type AppendTarget } from './append-transfer.js';
import type { FarSet, SetDestination, SetFileToCopy } from './destination.js';

/** Above this a file goes through a stream Ctrl+C can stop mid-file; the kernel's copy cannot be stopped. */
const KERNEL_COPY_MAX = 256 * 1024 * 1024;

/**
 * Another folder on this machine (a mounted NAS, a USB disk). A set is written into a hidden
 * `.<name>.partial` folder and renamed into place once its manifest is there, so the folder never
 * shows a half-copied set as a set.
 */
export function folderDestination(dir: string): SetDestination {
  const partialOf = (name: string) => path.join(dir, `.${name}.partial`);

  async function partialFolder(name: string): Promise<string> {
    await makeFolder(dir);
    const partial = partialOf(name);
    await mkdir(partial, { mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
    if (!(await lstat(partial)).isDirectory()) throw new NbError(`${partial} is in the way and is not a folder`, 'move it aside and copy again');
    return partial;
  }

  const target = (partial: string, file: SetFileToCopy): AppendTarget => {
    const at = path.join(partial, file.name);
    return {
      async size() {
        const info = await lstat(at).catch(() => undefined);
        if (info && !info.isFile()) await rm(at, { force: true, recursive: false });
        return info?.isFile() ? info.size : 0;
      },
      async append(from, onProgress, signal) {
        if (from === 0 && file.bytes <= KERNEL_COPY_MAX) {
          // A whole file: the kernel copies it (copy_file_range), never through a link (EXCL fails on one).
          await rm(at, { force: true });
          await copyFile(file.path, at, constants.COPYFILE_EXCL);
          await chmod(at, 0o600);
          onProgress(file.bytes);
        } else {
          let sent = from;
          const count = new Transform({
            transform(chunk: Buffer, _enc, done) {
              sent += chunk.length;
              onProgress(sent);
              done(null, chunk);
            },
          });
          // Never through a link planted in the partial folder; the stream closes the handle when done.
          const out = await open(at, constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_NOFOLLOW, 0o600);
          await pipeline(createReadStream(file.path, { start: from, highWaterMark: 1024 * 1024 }), count, out.createWriteStream(), { signal });
        }
        // On the disk before the far-end hash reads it back: a crash after "verified" must not lose it.
        const written = await open(at, constants.O_RDONLY | constants.O_NOFOLLOW);
        await written.sync().finally(() => written.close());
      },
      digest: () => hashFile(at),
    };
  };

  return {
    label: dir,
    async listSets() {
      const sets = await listSets(dir).catch((error: NbError) => {
        if (/does not exist/.test(error.message)) return [];
        throw error;
      });
      const out: FarSet[] = [];
      for (const set of sets) {
        const name = path.basename(set.dir);
        if (path.resolve(set.dir) === path.resolve(dir) || !looksLikeSetName(name)) continue;
        out.push(set.manifest ? { name, manifest: set.manifest, manifestSha256: (await hashFile(path.join(set.dir, MANIFEST_FILE))).sha256 } : { name });
      }
      return out;
    },
    async putFile(name, file, onProgress, signal) {
      return appendAndProve(target(await partialFolder(name), file), file, onProgress, signal);
    },
    async commit(name, manifest, signal) {
      const partial = await partialFolder(name);
      await appendAndProve(target(partial, manifest), manifest, () => undefined, signal);
      const final = path.join(dir, name);
      if (await lstat(final).then(() => true, () => false)) throw new NbError(`${final} already exists`, 'move it aside, or copy to another folder');
      await rename(partial, final);
    },
    async removeSet(name) {
      await deleteSet(dir, path.join(dir, name));
    },
  };
}
