import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { SshSpec } from '../core/copy/remote-shell.js';
import { locateInstall } from '../core/discover/locate-install.js';
import { NbError, UsageError } from '../core/errors.js';
import { checkStage, parseFarInstall } from '../core/migrate/far-install.js';
import { runMigration } from '../core/migrate/run-migration.js';
import { ToolFinder } from '../core/process/tool-finder.js';
import { takeInventory } from '../core/scan/take-inventory.js';
import { loadConfig } from '../core/settings/config.js';
import { printableLines } from '../core/text/printable.js';
import { defaultOutDir } from '../core/settings/defaults.js';
import { EXIT, printJson } from './cli-output.js';
import { interruptSignal } from './interrupt.js';
import { migrationLines, planLines } from './migration-lines.js';
import { parseOptions } from './parse-options.js';

export const MIGRATE_HELP = `Usage: nbbackup migrate --from PATH --to [USER@]HOST:PATH [--ssh-port N] [--identity FILE]
       [--items ID,… | --exclude ID,…] [--stage DIR] [--out DIR] [--no-upgrade] [--stop-app] [--start] [--yes] [--json]

Moves the NocoBase install at PATH here to the install at PATH on HOST, over ssh with your own keys,
agent, ~/.ssh/config and known_hosts (never a password prompt):
  1. sends nbbackup's far-side helper (one file, run there with Node.js 20+, which NocoBase needs too)
     and inspects that side: its install, settings, databases, tools and free disk;
  2. shows the plan side by side — what moves where, what the far side lacks, how the .env files
     differ (shown, never rewritten) — and asks you to type the far install's name (--yes without
     a terminal);
  3. backs the install up here into a verified set (kept in --out, default the backup folder);
  4. sends it to --stage there (default ~/nbbackup-migrate), proven file by file by sha256 there and
     going on from what arrived when the link drops;
  5. restores it there as nbbackup restore does: preflight, safety copy (into --stage), each item
     restored and swapped in, rollback on any failure, nocobase upgrade.
The far install must exist (same NocoBase version or newer) with its own database settings.
  --items/--exclude   what moves (default: everything a backup --all takes)
  --ssh-port, --identity  the port and key for ssh; the ssh command itself comes from
                      NBBACKUP_SSH or ssh in .nbbackuprc, like rsync's -e
  --stop-app, --start stop the far app first and start it afterwards`;

export async function migrateCommand(argv: readonly string[]): Promise<number> {
  const { values } = parseOptions('migrate', argv, {
    from: { type: 'string' },
    to: { type: 'string' },
    'ssh-port': { type: 'string' },
    identity: { type: 'string' },
    items: { type: 'string' },
    exclude: { type: 'string' },
    stage: { type: 'string' },
    out: { type: 'string' },
    'no-upgrade': { type: 'boolean' },
    'stop-app': { type: 'boolean' },
    start: { type: 'boolean' },
    yes: { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${MIGRATE_HELP}\n`);
    return EXIT.ok;
  }
  if (!values.from || !values.to) throw new UsageError('migrate: --from PATH and --to [USER@]HOST:PATH are required', 'see nbbackup migrate --help');
  const destination = farInstall(values.to, values['ssh-port']);
  const stage = checkStage(values.stage);
  const interactive = Boolean(process.stdin.isTTY && process.stderr.isTTY);
  if (!values.yes && !interactive) throw new NbError('migrate overwrites the install there: without a terminal, confirm with --yes', 'add --yes once you have read the plan (run without --yes in a terminal to see it)', 'refused');

  const config = await loadConfig();
  const install = await locateInstall(values.from, config);
  const tools = new ToolFinder();
  const items = values.items ? values.items.split(',').map((s) => s.trim()).filter(Boolean) : 'all';
  const exclude = values.exclude?.split(',').map((s) => s.trim()).filter(Boolean);
  // Reasons and notes carry text from the far host and the app's own tables.
  const log = (line: string) => process.stderr.write(`${printableLines(line)}\n`);
  const source = await takeInventory(install, { tools });
  const interrupt = interruptSignal('putting both sides back as they were');
  const outcome = await runMigration({
    source,
    items,
    exclude,
    destination,
    stage,
    config,
    sshOptions: identityOptions(values.identity),
    outDir: path.resolve(values.out ?? config.backupDir ?? defaultOutDir()),
    tools,
    jobs: config.jobs,
    compression: config.compress,
    upgrade: !values['no-upgrade'],
    stopApp: values['stop-app'],
    startApp: values.start,
    confirm: async (plan) => {
      if (values.yes) return true;
      const name = plan.farName;
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      const answer = await rl.question(`Type the far install's name (${name}) to overwrite it on ${plan.farHost}: `, { signal: interrupt.signal }).catch(() => '');
      rl.close();
      return answer.trim() === name;
    },
    onEvent: migrationLines(log, (plan) => planLines(plan).forEach((l) => log(l))),
    signal: interrupt.signal,
  }).finally(() => interrupt.dispose());

  if (values.json) {
    const { plan, restore, transfer } = outcome;
    printJson({
      from: install.path,
      to: values.to,
      result: outcome.result,
      reason: outcome.reason,
      plan: plan && { rows: plan.rows, problems: plan.problems, env: plan.env, notes: plan.notes },
      set: outcome.set,
      transfer: transfer && { bytes: transfer.bytes, sent: transfer.sent, files: transfer.files },
      farSet: outcome.farSet,
      restore,
    });
  } else {
    for (const note of outcome.restore?.notes ?? []) log(`· ${note}`);
    if (outcome.result === 'migrated') log(`Migrated ${install.path} to ${values.to}.${outcome.farSet ? ` The set is kept there in ${outcome.farSet}` : ''}${outcome.set ? ` and here in ${outcome.set}.` : ''}`);
    else log(`Migration ${outcome.result}: ${outcome.reason ?? ''}${outcome.hint ? `\n  hint: ${outcome.hint}` : ''}`);
  }
  return outcome.result === 'migrated' ? EXIT.ok : outcome.result === 'interrupted' ? EXIT.interrupted : outcome.result === 'refused' ? EXIT.refused : EXIT.failed;
}

/** `--to` and `--ssh-port`: the far install on its ssh host. */
function farInstall(text: string, port: string | undefined): SshSpec {
  const spec = parseFarInstall(text);
  if (port === undefined) return spec;
  const n = Number(port);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UsageError(`migrate: --ssh-port ${port} is not a port`);
  return { ...spec, port: n };
}

/** `--identity FILE`: that key alone, as `ssh -i FILE -o IdentitiesOnly=yes` would. */
function identityOptions(file: string | undefined): string[] {
  if (file === undefined) return [];
  const resolved = path.resolve(file);
  try {
    accessSync(resolved, constants.R_OK);
  } catch {
    throw new UsageError(`migrate: the key ${resolved} cannot be read`, 'give the private key file ssh logs in with');
  }
  return ['-i', resolved, '-o', 'IdentitiesOnly=yes'];
}
