// Where a killed or interrupted run could have left a login behind: every regular file holding it.
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Regular files under each folder (those that exist) whose bytes hold `secret`. Named pipes are passed
 * over (reading one a killed run left would block), and so is the install's own `.env`, which holds
 * its passwords by design.
 */
export function filesHolding(secret: string, ...dirs: string[]): string[] {
  return dirs
    .filter((dir) => existsSync(dir))
    .flatMap((dir) => readdirSync(dir, { recursive: true }).map((f) => path.join(dir, String(f))))
    .filter((f) => path.basename(f) !== '.env')
    .filter((f) => {
      try {
        return lstatSync(f).isFile() && readFileSync(f).includes(secret);
      } catch {
        return false;
      }
    });
}
