import { chownSync, mkdtempSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa, type Options } from 'execa';
import { execFileSync } from 'node:child_process';

export const IS_ROOT = process.getuid?.() === 0;

/** Runs a server binary as `user` when we are root (PostgreSQL and MariaDB refuse root), directly otherwise. */
export function runAs(user: string, file: string, args: readonly string[], options: Options = {}) {
  return IS_ROOT ? execa('runuser', ['-u', user, '--', file, ...args], options) : execa(file, args, options);
}

/** A temp folder the server's own user can own and traverse. */
export function serverDir(prefix: string, user: string): string {
  const base = mkdtempSync(path.join(os.tmpdir(), prefix));
  chmodSync(base, 0o755);
  if (IS_ROOT) {
    const uid = Number(execFileSync('id', ['-u', user]).toString().trim());
    const gid = Number(execFileSync('id', ['-g', user]).toString().trim());
    chownSync(base, uid, gid);
  }
  return base;
}
