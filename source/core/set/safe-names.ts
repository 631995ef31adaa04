import path from 'node:path';

/**
 * A backup set is untrusted input: every name in its manifest that becomes a path is checked here,
 * before anything reads or writes by it.
 */

/** A file of the set: a plain name in the set folder, never a path. */
export function isSetFileName(name: string): boolean {
  return /^[\w@-][\w.@-]*$/.test(name) && !name.includes('..') && name.length <= 255;
}

/** A part of storage: `.` for the whole folder, else one first-level folder name. */
export function isStorageFolder(name: string): boolean {
  return name === '.' || (name !== '..' && name.length > 0 && name.length <= 255 && !/[/\\\0\n]/.test(name));
}

/** A file inside storage named by the keys entry: relative, no `..`, no empty or dot segments. */
export function isStorageRelativePath(name: string): boolean {
  if (name.startsWith('/') || /[\\\0\n]/.test(name) || name.length > 4096) return false;
  return name.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

/** `main`, `external:<key>`, `subapp:<name>`, `storage`, `storage:<folder>`, `keys`. */
export function isItemId(id: string): boolean {
  if (id === 'main' || id === 'storage' || id === 'keys') return true;
  const match = /^(external|subapp|storage):(.+)$/s.exec(id);
  if (!match) return false;
  return match[1] === 'storage' ? isStorageFolder(match[2]) && match[2] !== '.' : !/[\0\n]/.test(match[2]) && match[2].length <= 255;
}

/** Whether `child` is `parent` or lies below it (both already resolved). */
export function inside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}
