import path from 'node:path';
import { ToolFinder } from '../core/process/tool-finder.js';
import { UsageError } from '../core/errors.js';
import { verifySet } from '../core/verify/verify-set.js';
import { EXIT, printJson } from './cli-output.js';
import { parseOptions } from './parse-options.js';

export const VERIFY_HELP = `Usage: nbbackup verify SET [--json]

Re-hashes every file of the set against its manifest and reads each dump with the matching tool.`;

export async function verifyCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseOptions('verify', argv, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    process.stdout.write(`${VERIFY_HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('verify: name one backup set folder', 'see nbbackup verify --help');
  const verdict = await verifySet(path.resolve(positionals[0]), new ToolFinder());
  if (values.json) printJson(verdict);
  else {
    for (const item of verdict.items) process.stdout.write(item.ok ? `✔ ${item.id}  ${item.file}\n` : `✖ ${item.id}  ${item.error}\n`);
    for (const m of verdict.missing) process.stdout.write(`✖ ${m.id}  not in the set: it failed at backup (${m.reason})\n`);
    const state = verdict.ok ? 'verified' : verdict.filesOk ? 'INCOMPLETE' : 'FAILED verification';
    process.stdout.write(`set ${state}: ${verdict.set}\n`);
  }
  return verdict.ok ? EXIT.ok : EXIT.failed;
}
