import path from 'node:path';
import { NothingBackedUp, runBackup } from '../core/backup/backup-runner.js';
import { defaultJobs } from '../core/settings/defaults.js';
import { dataEntries } from '../core/set/manifest.js';
import { loadConfig } from '../core/settings/config.js';
import { defaultOutDir } from '../core/settings/defaults.js';
import { NbError, UsageError } from '../core/errors.js';
import { takeInventory } from '../core/scan/take-inventory.js';
import { locateInstall } from '../core/discover/locate-install.js';
import { ToolFinder } from '../core/process/tool-finder.js';
import { engineModule, isKnownEngine } from '../core/engines/registry.js';
import type { Engine } from '../core/db/db-target.js';
import { EXIT, printJson } from './cli-output.js';
import { interruptSignal } from './interrupt.js';
import { BACKUP_OPTIONS, parseOptions } from './parse-options.js';
import { progressLines } from './progress-lines.js';
import { sealerFor, unlockerFor } from '../core/settings/set-keys.js';
import { engineOptionsOf } from '../core/engines/engine-options.js';

export const BACKUP_HELP = `Usage: nbbackup backup --install PATH (--items ID[,ID…] | --all) [--exclude ID,…] [--out DIR] [--jobs N] [--compress zstd|gzip|none]
       [--encrypt [--recipient AGE_PUBLIC_KEY …] [--recipients-file FILE] [--passphrase-file FILE]] [--json]

Dumps the chosen items of the install at PATH into a new backup set under DIR.
  --items     item ids from nbbackup scan: main, external:KEY, subapp:NAME, storage, storage:FOLDER
  --all       every database item and the default storage folders; one that exists but cannot be
              dumped here (unreachable, login refused, tool missing) fails the run (exit 1)
  --exclude   leave these items out on purpose
  --out       where the set goes (default: backupDir from .nbbackuprc, else ${defaultOutDir()})
  --jobs      items dumped at once (default ${defaultJobs()})
  --compress  zstd (default), gzip or none
  --pg-jobs   dump PostgreSQL items in directory format with N parallel jobs (large databases;
              their restore can run in parallel too)
  --encrypt   every file of the set encrypted as it is written, in the age format: to the
              --recipient / --recipients-file public keys (nothing secret needed here), else with
              the passphrase from --passphrase-file, NBBACKUP_PASSPHRASE_FILE or passcommand`;

export async function backupCommand(argv: readonly string[]): Promise<number> {
  const { values } = parseOptions('backup', argv, { ...BACKUP_OPTIONS, json: { type: 'boolean' } });
  if (values.help) {
    process.stdout.write(`${BACKUP_HELP}\n`);
    return EXIT.ok;
  }
  if (!values.install) throw new UsageError('backup: --install PATH is required', 'see nbbackup backup --help');
  if (!values.items === !values.all) throw new UsageError('backup: give either --items or --all', 'see nbbackup backup --help');
  const compression = values.compress ?? undefined;
  if (compression !== undefined && !['zstd', 'gzip', 'none'].includes(compression)) throw new UsageError(`backup: --compress must be zstd, gzip or none`);
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs > 0)) throw new UsageError('backup: --jobs takes a whole number above 0');

  const pgJobs = values['pg-jobs'] === undefined ? undefined : Number(values['pg-jobs']);
  if (pgJobs !== undefined && !(Number.isInteger(pgJobs) && pgJobs > 0)) throw new UsageError('backup: --pg-jobs takes a whole number above 0');
  if (!values.encrypt && (values.recipient || values['recipients-file'] || values['passphrase-file'])) throw new UsageError('backup: --recipient, --recipients-file and --passphrase-file go with --encrypt');
  const config = await loadConfig();
  // The key is read before anything is dumped: a missing passphrase file stops the run, not its end.
  const sealer = values.encrypt ? await sealerFor({ recipients: values.recipient, recipientsFile: values['recipients-file'], passphraseFile: values['passphrase-file'], passcommand: config.passcommand }) : undefined;
  const unlock = sealer?.record.mode === 'passphrase' ? await unlockerFor({ passphraseFile: values['passphrase-file'], passcommand: config.passcommand }) : undefined;
  const install = await locateInstall(values.install, config);
  const tools = new ToolFinder();
  // While the servers are probed, the dump tools the main database and storage need are found and read.
  const dialect = install.env.DB_DIALECT;
  if (dialect && isKnownEngine(dialect)) tools.warm([...engineModule(dialect).tools(dialect as Engine).dump, 'zstd']);
  tools.warm(['tar']);
  const items = values.all ? 'all' : (values.items as string).split(',').map((s) => s.trim()).filter(Boolean);
  // Only what was asked is probed and sized: `--items storage:uploads` never waits for a database.
  const exclude = values.exclude?.split(',').map((s) => s.trim()).filter(Boolean);
  const inventory = await takeInventory(install, { tools, only: items === 'all' ? undefined : [...items, ...(exclude ?? [])] });
  const interrupt = interruptSignal();
  const log = progressLines((line) => process.stderr.write(`${line}\n`));
  try {
    const result = await runBackup({
      inventory,
      items,
      exclude,
      outDir: path.resolve(values.out ?? config.backupDir ?? defaultOutDir()),
      jobs: jobs ?? config.jobs,
      compression: (compression ?? config.compress ?? 'zstd') as 'zstd' | 'gzip' | 'none',
      tools,
      signal: interrupt.signal,
      sealer,
      unlock,
      onEvent: log,
      engineOptions: { ...engineOptionsOf(config), pgJobs },
    });
    const entries = dataEntries(result.manifest);
    if (values.json) {
      printJson({
        set: result.dir,
        verified: result.verdict.ok,
        items: entries.map((i) => ({ id: i.id, status: i.status, file: i.file, bytes: i.bytes, sha256: i.sha256, seconds: i.seconds, error: i.error, reason: i.reason })),
      });
    } else {
      process.stdout.write(`${result.dir}\n`);
    }
    return entries.some((i) => i.status === 'failed') || !result.verdict.ok ? EXIT.failed : EXIT.ok;
  } catch (error) {
    if ((error instanceof NbError && error.code === 'interrupted') || interrupt.signal.aborted) return EXIT.interrupted;
    if (error instanceof NothingBackedUp && values.json) {
      printJson({ set: null, error: error.message, items: error.entries.map((i) => ({ id: i.id, status: i.status, error: i.error, reason: i.reason })) });
      return EXIT.failed;
    }
    throw error;
  } finally {
    interrupt.dispose();
  }
}
