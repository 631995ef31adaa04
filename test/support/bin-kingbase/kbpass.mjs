// The password lookup KingbaseES's client tools do: $HOME/.kbpass, lines host:port:database:user:password
// with `\:` and `\\` escaped and `*` matching anything. Shared by the sys_dump and sys_restore stand-ins.
import { appendFileSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export function kbpassPassword({ host, port, dbname, username }) {
  const file = path.join(process.env.HOME ?? '', '.kbpass');
  let text;
  try {
    // Like .pgpass, a file others may read is ignored.
    if ((statSync(file).mode & 0o077) !== 0) throw new Error('group or world access');
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const fields = (line) => line.split(/(?<!\\):/).map((f) => f.replace(/\\:/g, ':').replace(/\\\\/g, '\\'));
  const want = [host, port, dbnameOf(dbname), username];
  const entry = text.split('\n').filter(Boolean).map(fields).find((f) => f.slice(0, 4).every((v, i) => v === '*' || v === want[i]));
  return entry?.[4];
}

/** Every call is appended to NBTEST_ARGV_LOG, so tests can prove no password ever reached argv. */
export function logArgv(tool, argv) {
  if (process.env.NBTEST_ARGV_LOG) appendFileSync(process.env.NBTEST_ARGV_LOG, `${JSON.stringify({ tool, argv })}\n`);
}

/** libpq reads a --dbname holding `=` as a connection string: dbname='…' with \' and \\ escaped. */
export function dbnameOf(value) {
  const m = /^dbname='((?:[^'\\]|\\.)*)'$/.exec(value ?? '');
  return m ? m[1].replace(/\\(.)/g, '$1') : value;
}
