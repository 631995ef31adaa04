import { constants } from 'node:fs';
import { chmod, copyFile, lstat, mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { NbError } from '../errors.js';
import { makeFolder } from '../process/make-folder.js';
import { listSets, looksLikeSetName } from '../set/backup-set.js';
import { deleteSet } from '../set/delete-set.js';
import { MANIFEST_FILE } from '../set/manifest.js';
import { appendAndProve, type AppendTarget } from './append-transfer.js';
import { CHUNK, hashPlainFile, openPlainFile } from './local-file.js';
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
    const info = await lstat(partial);
    if (!info.isDirectory()) throw new NbError(`${partial} is in the way and is not a folder`, 'move it aside and copy again');
    // On a shared folder another user could have made it first, to plant links in it while we write.
    if (info.uid !== process.geteuid?.() || (info.mode & 0o022) !== 0) throw new NbError(`${partial} belongs to another user or others may write in it`, 'remove it, and copy again');
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
        // Started afresh: the old file goes, and the new one is created (O_EXCL), never opened through a link.
        if (from === 0) await rm(at, { force: true });
        const source = await openPlainFile(file.path, file.bytes);
        try {
          if (from === 0 && file.bytes <= KERNEL_COPY_MAX) {
            // A whole file: the kernel copies it (copy_file_range) from the handle checked above.
            await copyFile(`/proc/self/fd/${source.fd}`, at, constants.COPYFILE_EXCL);
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
            const flags = constants.O_WRONLY | constants.O_NOFOLLOW | (from === 0 ? constants.O_CREAT | constants.O_EXCL : constants.O_APPEND);
            const out = await open(at, flags, 0o600);
            await pipeline(source.createReadStream({ start: from, highWaterMark: CHUNK, autoClose: false }), count, out.createWriteStream(), { signal });
          }
        } finally {
          await source.close();
        }
        // On the disk before the far-end hash reads it back: a crash after "verified" must not lose it.
        const written = await open(at, constants.O_RDONLY | constants.O_NOFOLLOW);
        await written.sync().finally(() => written.close());
      },
      digest: () => hashPlainFile(at).catch((error: unknown) => (error instanceof NbError ? { sha256: '', bytes: -1 } : Promise.reject(error))),
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
        out.push(set.manifest ? { name, manifest: set.manifest, manifestSha256: (await hashPlainFile(path.join(set.dir, MANIFEST_FILE))).sha256 } : { name, occupied: true });
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
    async differingFiles(name, files) {
      const set = path.join(dir, name);
      if (!(await lstat(set)).isDirectory()) return files.map((f) => f.name);
      const differing: string[] = [];
      for (const file of files) {
        const there = await hashPlainFile(path.join(set, file.name)).catch(() => undefined);
        if (there?.sha256 !== file.sha256 || there.bytes !== file.bytes) differing.push(file.name);
      }
      return differing;
    },
    async removeSet(name) {
      await deleteSet(dir, path.join(dir, name));
    },
  };
}
