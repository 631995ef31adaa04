import path from 'node:path';
import { ToolFinder } from '../core/process/tool-finder.js';
import { UsageError } from '../core/errors.js';
import { verifySet } from '../core/verify/verify-set.js';
import { EXIT, printJson } from './cli-output.js';
import { parseOptions } from './parse-options.js';
import { loadConfig } from '../core/settings/config.js';
import { unlockerFor } from '../core/settings/set-keys.js';
import { NEEDS_KEY_HINT } from '../core/verify/set-key.js';

export const VERIFY_HELP = `Usage: nbbackup verify SET [--identity FILE] [--passphrase-file FILE] [--json]

Re-hashes every file of the set against its manifest and reads each dump with the matching tool.
An encrypted set's files are hashed as they lie (no key needed: a changed byte fails); with its key
(--identity, an age identity file, or the passphrase from --passphrase-file, NBBACKUP_PASSPHRASE_FILE
or passcommand) each is also decrypted and read.`;

export async function verifyCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseOptions('verify', argv, {
    identity: { type: 'string' },
    'passphrase-file': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${VERIFY_HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('verify: name one backup set folder', 'see nbbackup verify --help');
  const dir = path.resolve(positionals[0]);
  const config = await loadConfig();
  const unlock = await unlockerFor({ identityFile: values.identity, passphraseFile: values['passphrase-file'], passcommand: config.passcommand });
  const verdict = await verifySet(dir, new ToolFinder(), undefined, undefined, unlock);
  if (values.json) printJson(verdict);
  else {
    for (const item of verdict.items) process.stdout.write(item.ok ? `✔ ${item.id}  ${item.file}\n` : `✖ ${item.id}  ${item.error}\n`);
    for (const m of verdict.missing) process.stdout.write(`✖ ${m.id}  not in the set: it failed at backup (${m.reason})\n`);
    if (verdict.hashesOnly) process.stdout.write(`encrypted set checked by hashes only (no key given: the dumps were not decrypted and read; ${NEEDS_KEY_HINT})\n`);
    const state = verdict.ok ? (verdict.hashesOnly ? 'hashes match' : 'verified') : verdict.filesOk ? 'INCOMPLETE' : 'FAILED verification';
    process.stdout.write(`set ${state}: ${verdict.set}\n`);
  }
  return verdict.ok ? EXIT.ok : EXIT.failed;
}
