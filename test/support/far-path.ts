import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// A far session's PATH for migration tests: stand-ins for its tools, or the system's tools with some
// left out, so a test can make the far side lack zstd or fail in its mariadb.

const tmp = (prefix: string) => mkdtempSync(path.join(os.tmpdir(), prefix));

/** The far session's PATH, with these stand-ins first (or only these and the system's tools but `without`). */
export function farPath(standIns: Record<string, string>, without: readonly string[] = []): string {
  const dir = tmp('nbtest-farbin-');
  for (const [name, script] of Object.entries(standIns)) writeFileSync(path.join(dir, name), script, { mode: 0o755 });
  if (!without.length) return `${dir}:/usr/local/bin:/usr/bin:/bin`;
  // Every tool of /usr/bin and /bin but those left out, linked into one folder.
  const all = tmp('nbtest-farsys-');
  for (const sys of ['/usr/bin', '/bin']) for (const name of readdirSync(sys)) if (!without.includes(name) && !existsSync(path.join(all, name))) execFileSync('ln', ['-s', path.join(sys, name), path.join(all, name)]);
  return `${dir}:${all}`;
}
