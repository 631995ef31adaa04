import { stat } from 'node:fs/promises';
import prettyBytes from 'pretty-bytes';
import { UsageError } from '../core/errors.js';
import { targetPlace, type DbTarget } from '../core/db/db-target.js';
import { scanMachine } from '../core/scan/machine-scan.js';
import type { InstallInventory } from '../core/scan/take-inventory.js';
import { installJson } from '../core/scan/scan-report.js';
import { EXIT, printJson } from './cli-output.js';
import { parseOptions } from './parse-options.js';

export const SCAN_HELP = `Usage: nbbackup scan [ROOT…] [--json] [--offline]

Finds NocoBase installs under the ROOT folders (default: the configured roots, else the current
folder, /opt, /srv, /var/www, /home, /root, /app) and lists what each holds to back up.
  --json      one JSON document on stdout
  --offline   read files only; no database connections`;

export async function scanCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseOptions('scan', argv, {
    json: { type: 'boolean' },
    offline: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${SCAN_HELP}\n`);
    return EXIT.ok;
  }
  // Folders the operator named that all do not exist are a mistake, not an empty machine.
  const present = await Promise.all(positionals.map((root) => stat(root).then((s) => s.isDirectory(), () => false)));
  if (positionals.length && !present.some(Boolean)) {
    throw new UsageError(`${positionals.join(', ')}: no such folder`, 'name the folder that holds your NocoBase installs, or run nbbackup scan for the usual places');
  }
  const scan = scanMachine({ roots: positionals });
  const inventories = await scan.inventories({ offline: values.offline });
  const found = await scan.walked;

  if (values.json) {
    printJson({ installs: inventories.map(installJson), warnings: found.warnings.length ? found.warnings : undefined });
  } else {
    for (const warning of found.warnings) process.stderr.write(`warning: ${warning}\n`);
    process.stdout.write(inventories.length ? inventories.map(formatInventory).join('\n') : 'No NocoBase installs found.\n');
  }
  return EXIT.ok;
}

/** A readable block per install: header, one row per item, reasons under the rows that have them. */
export function formatInventory(inv: InstallInventory): string {
  const { install } = inv;
  const lines = [
    `${install.name}  (${install.layout}${inv.nocobaseVersion ? `, NocoBase ${inv.nocobaseVersion}` : ''})  ${install.path}`,
    `  settings: ${install.envFile ?? '-'}`,
  ];
  const rows = inv.items.map((item) => [
    item.selected ? '[x]' : '[ ]',
    item.id,
    item.kind === 'files' ? 'files' : item.engine,
    item.kind === 'files' ? `${item.files ?? 0} files` : where(item.target),
    item.sizeBytes === undefined ? '-' : prettyBytes(item.sizeBytes),
    item.status,
  ]);
  const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => r[col].length)));
  inv.items.forEach((item, i) => {
    lines.push(`  ${rows[i].map((cell, col) => cell.padEnd(widths[col])).join('  ').trimEnd()}`);
    const why = item.reason ?? item.note;
    if (why) lines.push(`      ${item.reason ? '✖' : '·'} ${why}${item.hint ? ` (${item.hint})` : ''}`);
  });
  for (const warning of inv.warnings) lines.push(`  ! ${warning}`);
  return `${lines.join('\n')}\n`;
}

function where(target: DbTarget | undefined): string {
  return target ? targetPlace(target) : '-';
}
