import { chmod, lchown, lstat, opendir, readlink, stat } from 'node:fs/promises';
import path from 'node:path';
import { NbError } from '../../errors.js';
import { inside } from '../../set/safe-names.js';

/** What settling an unpacked archive changed, for the operator's notes. */
export interface Settled {
  readonly stripped: number;
}

/**
 * An archive from a set is untrusted: after GNU tar unpacked it into a private staging folder (tar itself
 * never writes through a member symlink nor outside that folder), every entry is checked before anything
 * moves into storage. Device nodes, pipes and sockets, and links that point outside `boundary`, refuse
 * the restore; setuid/setgid bits are stripped; owners become those of the storage folder, never the
 * archive's.
 */
export async function settleUnpacked(staging: string, boundary: string, storagePath: string): Promise<Settled> {
  const owner = process.getuid?.() === 0 ? await stat(storagePath).catch(() => undefined) : undefined;
  let stripped = 0;
  const stack = [staging];
  while (stack.length) {
    const dir = stack.pop() as string;
    for await (const entry of await opendir(dir)) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(staging, full);
      const info = await lstat(full);
      if (info.isBlockDevice() || info.isCharacterDevice() || info.isFIFO() || info.isSocket()) {
        throw refuse(`${rel} is a device, pipe or socket`);
      }
      if (info.isSymbolicLink()) {
        const link = await readlink(full);
        const resolved = path.resolve(path.dirname(full), link);
        // `..` is judged as text, so a `..` after another link (`a -> .`, `b -> a/../..`) could climb
        // further than it reads: a link may go up only through no link at all, and must stay inside.
        const climbsThroughLink = link.split('/').includes('..') && link.split('/').some((part, i, parts) => part !== '..' && parts.slice(i + 1).includes('..'));
        if (path.isAbsolute(link) || climbsThroughLink || !inside(resolved, boundary)) throw refuse(`${rel} links outside the folder being restored (${link})`);
      } else if (info.mode & 0o6000) {
        await chmod(full, info.mode & 0o1777);
        stripped += 1;
      }
      if (owner) await lchown(full, owner.uid, owner.gid);
      if (info.isDirectory()) stack.push(full);
    }
  }
  return { stripped };
}


function refuse(what: string): NbError {
  return new NbError(`the set's archive is not safe to restore: ${what}`, 'the set was tampered with or made by another tool: nothing was changed; use another set', 'unsafe-set');
}
