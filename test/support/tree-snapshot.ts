import { lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';

/** Every entry under a folder: type, mode, mtime to the nanosecond, size, link target and bytes. */
export function snapshot(root: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const rel of readdirSync(root, { recursive: true }).map(String).sort()) {
    const full = path.join(root, rel);
    const st = lstatSync(full, { bigint: true });
    out[rel] = {
      mode: (st.mode & 0o7777n).toString(8),
      mtimeNs: st.isDirectory() ? undefined : st.mtimeNs.toString(),
      link: st.isSymbolicLink() ? readlinkSync(full) : undefined,
      bytes: st.isFile() ? readFileSync(full).toString('base64') : undefined,
    };
  }
  return out;
}

