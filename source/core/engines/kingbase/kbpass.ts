import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ServerTarget } from '../../db/db-target.js';

/**
 * KingbaseES's tools take the password only from `~/.kbpass` (host:port:database:user:password, one
 * login a line, as .pgpass). A line break in a field would end the line there and start another, so a
 * login holding one cannot be written: it is refused with this reason, never half-written.
 */
export function kbpassProblem(t: ServerTarget): string | undefined {
  const field = [t.host, t.user, t.password].find((v) => /[\u0000-\u001f\u007f]/.test(v));
  if (field === undefined) return undefined;
  const what = field === t.password ? 'password' : field === t.user ? `user ${JSON.stringify(t.user)}` : `host ${JSON.stringify(t.host)}`;
  return `the KingbaseES ${what} holds a line break or control character, which its password file (.kbpass, one login a line) cannot carry: fix the data source settings`;
}

/** `.kbpass` line: `:` and `\` escaped with a backslash, as in .pgpass; `*` matches any database. */
export function kbpassLine(target: ServerTarget, database: string = target.database): string {
  const esc = (v: string | number) => String(v).replace(/\\/g, '\\\\').replace(/:/g, '\\:');
  return [esc(target.host), esc(target.port), database === '*' ? '*' : esc(database), esc(target.user), esc(target.password)].join(':');
}

/**
 * A private HOME (0700) holding only `.kbpass` (0600) for one run of one tool; the caller removes the
 * folder once the tool is done. The database field is `*`: the file holds this one login only, and a
 * database name (app data) never has to fit the file's syntax.
 */
export async function writeKbpass(privateDir: string, target: ServerTarget): Promise<string> {
  const home = path.join(privateDir, `kbhome-${randomBytes(6).toString('hex')}`);
  await mkdir(home, { mode: 0o700 });
  await writeFile(path.join(home, '.kbpass'), `${kbpassLine(target, '*')}\n`, { mode: 0o600 });
  return home;
}
