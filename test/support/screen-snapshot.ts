import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A screen with what differs between runs and machines made stable, and nothing else: temp paths,
 * random names, times, ports, sizes (database and compressed sizes vary with the server, the file
 * system and the random names inside), durations and rates, spinner frames, the host name and pids.
 */
export function stableScreen(screen: string, columns = 80): string {
  const tmp = escape(os.tmpdir());
  const host = os.hostname();
  let text = screen
    .split('\n')
    // Where a line is cut at the terminal's width depends on the lengths of the variable things before
    // the cut (temp paths differ between machines, sizes between runs): keep that it is cut, not where.
    // For the same reason a temp path and whatever follows it on its line stand for one token.
    .map((line) => {
      const cut = [...line].length >= columns - 1 && line.endsWith('…');
      const tail = new RegExp(`${tmp}/(?:nbtest|nbbackup)-.*$`);
      if (tail.test(line)) return line.replace(tail, '/tmp/…');
      return cut ? line.replace(/\S*…$/, '…') : line;
    })
    .join('\n')
    // The header's last run: its place depends on its length, its time on the clock.
    .replace(/^(nbbackup · NocoBase backups) +([✔✖]) (backup|restore) .*$/m, '$1  $2 $3 ‹last run›')
    // The sets browser sizes its columns to the sizes shown.
    .replace(/Items +Size/g, 'Items  Size')
    .replace(/nbtest-rich-[A-Za-z0-9]{6}/g, 'nbtest-rich-xxxxxx')
    .replace(/_[0-9a-f]{8}\b/g, '_xxxxxxxx')
    .replace(/\d{8}T\d{6}Z/g, '20261124T101500Z')
    .replace(/\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?Z?)?/g, '2026-11-24 10:15')
    .replace(/(127\.0\.0\.1|localhost):\d+/g, '$1:PORT')
    .replace(/\bport \d+/g, 'port PORT')
    .replace(/\bpid \d+/gi, 'pid PID')
    .replace(/ *\b\d+(\.\d+)? ?(B|kB|MB|GB|TB|KiB|MiB|GiB)\/s\b/g, ' ‹rate›')
    .replace(/ *\b\d+(\.\d+)? ?(B|kB|MB|GB|TB|KiB|MiB|GiB)\b/g, ' ‹size›')
    .replace(/\b(\d+h\d{2}m|\d+m\d{2}s|\d+(\.\d+)? ?(ms|s))\b/g, '‹time›')
    .replace(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/g, '⠋');
  if (host.length >= 3) text = text.replace(new RegExp(`\\b${escape(host)}\\b`, 'g'), '‹host›');
  return text.replace(/[ \t]+$/gm, '').trimEnd();
}

/**
 * Compares a captured screen, made stable, with the one kept in `dir/name.txt` for reviewers, and
 * fails with a diff when they differ (softly: the flow goes on, so every changed screen is reported).
 * UPDATE_SCREENS=1 rewrites the files instead.
 */
export function keepScreen(dir: string, name: string, screen: string, columns = 80): void {
  const file = path.join(dir, `${name}.txt`);
  const stable = `${stableScreen(screen, columns)}\n`;
  if (process.env.UPDATE_SCREENS) {
    writeFileSync(file, stable);
    return;
  }
  const kept = existsSync(file) ? readFileSync(file, 'utf8') : '';
  expect.soft(stable, `screen ${name} differs from ${path.relative(process.cwd(), file)} (if the change is meant, rerun with UPDATE_SCREENS=1 and review the diff)`).toBe(kept);
}
