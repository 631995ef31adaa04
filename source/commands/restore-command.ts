import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { loadConfig } from '../core/settings/config.js';
import { defaultOutDir } from '../core/settings/defaults.js';
import { NbError, UsageError } from '../core/errors.js';
import { locateInstall } from '../core/discover/locate-install.js';
import { runRestore } from '../core/restore/restore-runner.js';
import { logEvent } from './restore-lines.js';
import type { RestorePlan } from '../core/restore/restore-plan.js';
import { ToolFinder } from '../core/process/tool-finder.js';
import { EXIT, printJson } from './cli-output.js';
import { interruptSignal } from './interrupt.js';
import { parseOptions } from './parse-options.js';
import { unlockerFor } from '../core/settings/set-keys.js';
import { engineOptionsOf } from '../core/engines/engine-options.js';

export const RESTORE_HELP = `Usage: nbbackup restore SET --to PATH [--items ID,…] [--yes] [--no-snapshot] [--no-upgrade] [--stop-app] [--start] [--out DIR]
       [--identity FILE] [--passphrase-file FILE] [--json]

Restores a backup set into the NocoBase install at PATH: preflight checks, the plan, a confirmation
(type the install's name; --yes without a terminal), a safety backup of everything about to be
overwritten (into --out, default the backup folder), then each item restored into something fresh and
swapped in, and nocobase upgrade. Any failure rolls every restored item back.
  --items        only these items of the set
  --no-snapshot  no safety backup set (the replaced storage is still kept as storage-bak-<time>)
  --no-upgrade   do not run nocobase upgrade afterwards
  --stop-app     stop the app first when it is running (pm2 via yarn, or its compose service); when
                 the restore does not go through (refused, failed, interrupted) it is started again
  --start        start the app afterwards and report its health check
  --identity     an encrypted set's age identity file (or its passphrase: --passphrase-file FILE,
                 NBBACKUP_PASSPHRASE_FILE or passcommand); a key that does not open every file is
                 refused before anything is touched`;

export async function restoreCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseOptions('restore', argv, {
    to: { type: 'string' },
    items: { type: 'string' },
    yes: { type: 'boolean' },
    'no-snapshot': { type: 'boolean' },
    'no-upgrade': { type: 'boolean' },
    'stop-app': { type: 'boolean' },
    start: { type: 'boolean' },
    out: { type: 'string' },
    identity: { type: 'string' },
    'passphrase-file': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${RESTORE_HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('restore: name one backup set folder', 'see nbbackup restore --help');
  if (!values.to) throw new UsageError('restore: --to PATH is required', 'see nbbackup restore --help');
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  if (!values.yes && !interactive) throw new NbError('restore overwrites the target: without a terminal, confirm with --yes', 'add --yes once you have read the plan (run without --yes in a terminal to see it)', 'refused');

  const config = await loadConfig();
  const target = await locateInstall(values.to, config);
  const unlock = await unlockerFor({ identityFile: values.identity, passphraseFile: values['passphrase-file'], passcommand: config.passcommand });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const interrupt = interruptSignal('rolling back what was restored');
  const outcome = await runRestore({
    setDir: path.resolve(positionals[0]),
    target,
    items: values.items?.split(',').map((s) => s.trim()).filter(Boolean),
    snapshot: !values['no-snapshot'],
    upgrade: !values['no-upgrade'],
    stopApp: values['stop-app'],
    startApp: values.start,
    safetyDir: path.resolve(values.out ?? config.backupDir ?? defaultOutDir()),
    tools: new ToolFinder(),
    confirm: async (plan) => {
      printPlan(plan, target.name, log);
      if (values.yes) return true;
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      const answer = await rl.question(`Type the install's name (${target.name}) to overwrite it: `, { signal: interrupt.signal }).catch(() => '');
      rl.close();
      return answer.trim() === target.name;
    },
    onEvent: (e) => logEvent(e, log),
    signal: interrupt.signal,
    unlock,
    engineOptions: engineOptionsOf(config),
  }).finally(() => interrupt.dispose());
  if (values.json) {
    printJson({
      set: path.resolve(positionals[0]),
      target: target.path,
      result: outcome.result,
      reason: outcome.reason,
      preflight: outcome.checks,
      skipped: outcome.plan?.skipped,
      safetySet: outcome.safetySet,
      items: outcome.steps,
      upgrade: outcome.upgrade,
      started: outcome.started,
      notes: outcome.notes,
    });
  } else {
    for (const note of outcome.notes) log(`· ${note}`);
    log(outcome.result === 'restored' ? `Restored into ${target.path}.` : `Restore ${outcome.result}: ${outcome.reason}`);
  }
  return outcome.result === 'restored' ? EXIT.ok : outcome.result === 'interrupted' ? EXIT.interrupted : outcome.result === 'refused' ? EXIT.refused : EXIT.failed;
}

function printPlan(plan: RestorePlan, name: string, log: (line: string) => void): void {
  log(`Plan for ${name} — these will be overwritten:`);
  for (const item of plan.items) log(`  ${item.entry.id.padEnd(28)} ← ${item.entry.file}`);
  if (plan.keys) log(`  ${'app keys'.padEnd(28)} ← ${plan.keys.entry.file}`);
  for (const s of plan.skipped) log(`  skipped ${s.id}: ${s.reason}`);
}
