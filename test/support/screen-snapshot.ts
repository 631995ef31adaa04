import { writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Keeps a captured screen as text for reviewers (UPDATE_SCREENS=1 rewrites them), with what changes
 * between runs — temp paths, random names, times, ports — made stable so diffs show real changes.
 */
export function keepScreen(dir: string, name: string, screen: string): void {
  if (!process.env.UPDATE_SCREENS) return;
  const stable = screen
    .replace(/\/tmp\/nbtest-[\w-]+/g, '/tmp/…')
    .replace(/nbtest-rich-\w{6}/g, 'nbtest-rich-xxxxxx')
    .replace(/_[0-9a-f]{8}\b/g, '_xxxxxxxx')
    .replace(/\d{8}T\d{6}Z/g, '20261124T101500Z')
    .replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/g, '2026-11-24 10:15')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
    .replace(/[ \t]+$/gm, '')
    .trimEnd();
  writeFileSync(path.join(dir, `${name}.txt`), `${stable}\n`);
}
