import path from 'node:path';
import { locateInstall } from '../core/discover/locate-install.js';
import { defaultOutDir } from '../core/settings/defaults.js';
import { UsageError } from '../core/errors.js';
import { takeInventory } from '../core/scan/take-inventory.js';
import { loadConfig } from '../core/settings/config.js';
import type { ProfileBody } from '../core/settings/profile.js';
import { deleteProfileAndSchedule, renameProfileAndSchedule } from '../core/profiles/profile-changes.js';
import { checkProfileName, findProfile, loadProfiles, saveProfile } from '../core/settings/profile-store.js';
import { destinationLabel } from '../core/copy/copy-to.js';
import { EXIT } from './cli-output.js';
import { BACKUP_OPTIONS, parseOptions } from './parse-options.js';

export const PROFILE_HELP = `Usage: nbbackup profile save NAME --install PATH (--items ID,… | --all) [--exclude ID,…] [--out DIR]
                            [--jobs N] [--compress zstd|gzip|none] [--pg-jobs N]
                            [--keep-last N] [--keep-daily N] [--keep-weekly N] [--keep-monthly N]
                            [--webhook URL] [--ping URL] [--alert-command JSON] [--alert-on-success]
                            [--before JSON] [--after JSON] [--hook-timeout SECONDS]
                            [--encrypt [--recipient AGE_PUBLIC_KEY …] [--recipients-file FILE] [--passphrase-file FILE]]
                            [--copy-to DEST …]
       nbbackup profile delete NAME
       nbbackup profile rename NAME NEW-NAME
       nbbackup profile schedule NAME (WHEN | --remove)

Saves a backup selection to re-run with nbbackup run NAME (cron, systemd) or from the menu.
A profile never holds a password: it points at the install, whose env file holds them.
  --all            every item, so a data source added later is backed up too
  --items          these ids; a data source added later is reported by each run, not backed up
  --keep-*         retention after each complete, verified set (like borg prune); none: keep all
  --webhook        POSTed a JSON report when a run fails (and succeeds, with --alert-on-success)
  --ping           called at start, success and failure (Healthchecks: URL, URL/start, URL/fail;
                   or put {event} in the URL)
  --alert-command  a program and its arguments as a JSON array, e.g. '["/usr/local/bin/notify","ops"]';
                   the report arrives on its stdin
  --before/--after a hook as a JSON array, run before/after each run (after runs even on failure)
  --encrypt        encrypt each set (age): to the recipients, else with the passphrase read at each
                   run from --passphrase-file, NBBACKUP_PASSPHRASE_FILE or passcommand (never saved)
  --copy-to        after each complete, verified set, copy it to DEST (a folder, [USER@]HOST:PATH,
                   s3://BUCKET/PREFIX; see nbbackup copy --help); the keep-* rules apply there too
  WHEN             "every day at 02:30", "every hour at :15", "every Sunday at 03:00"; writes a
                   systemd timer (or a cron entry where there is no systemd)`;

export async function profileCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseOptions('profile', argv, {
    ...BACKUP_OPTIONS,
    'keep-last': { type: 'string' },
    'keep-daily': { type: 'string' },
    'keep-weekly': { type: 'string' },
    'keep-monthly': { type: 'string' },
    webhook: { type: 'string' },
    ping: { type: 'string' },
    'alert-command': { type: 'string' },
    'alert-on-success': { type: 'boolean' },
    before: { type: 'string', multiple: true },
    after: { type: 'string', multiple: true },
    'hook-timeout': { type: 'string' },
    'copy-to': { type: 'string', multiple: true },
    remove: { type: 'boolean' },
  });
  const [action, name, extra, ...more] = positionals;
  if (values.help || !action) {
    process.stdout.write(`${PROFILE_HELP}\n`);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  if (!name) throw new UsageError(`profile ${action}: name the profile`, 'see nbbackup profile --help');
  checkProfileName(name);
  const config = await loadConfig();
  switch (action) {
    case 'delete':
      for (const file of await deleteProfileAndSchedule(name, config)) process.stdout.write(`removed ${file}\n`);
      process.stdout.write(`deleted profile ${name} (its backup sets stay where they are)\n`);
      return EXIT.ok;
    case 'rename':
      if (!extra) throw new UsageError('profile rename: give the new name', 'nbbackup profile rename NAME NEW-NAME');
      await renameProfileAndSchedule(name, extra, config);
      process.stdout.write(`renamed profile ${name} to ${extra}; sets it made as ${name} are no longer pruned by it\n`);
      return EXIT.ok;
    case 'schedule': {
      findProfile(name, config);
      const { scheduleCommand } = await import('./schedule-command.js');
      // `schedule nightly every day at 02:30` without quotes is the same schedule.
      return scheduleCommand(name, extra === undefined ? undefined : [extra, ...more].join(' '), Boolean(values.remove), config.file);
    }
    case 'save':
      break;
    default:
      throw new UsageError(`profile: unknown action "${action}"`, 'use save, delete, rename or schedule');
  }
  if (!values.install) throw new UsageError('profile save: --install PATH is required', 'see nbbackup profile --help');
  if (!values.items === !values.all) throw new UsageError('profile save: give either --items or --all', 'see nbbackup profile --help');
  const install = await locateInstall(values.install, config);
  const items = values.all ? ('all' as const) : ids(values.items);
  const exclude = values.exclude === undefined ? undefined : ids(values.exclude);
  // The ids are checked against the install as it is now (files only, no connection).
  const inventory = await takeInventory(install, { offline: true });
  const unknown = [...(items === 'all' ? [] : items), ...(exclude ?? [])].filter((id) => !inventory.items.some((i) => i.id === id));
  if (unknown.length) throw new UsageError(`profile save: unknown item ${unknown.join(', ')}`, `items of ${install.name}: ${inventory.items.map((i) => i.id).join(', ')}`);
  const hookTimeout = count('hook-timeout', values['hook-timeout'], 1);
  const hooks = (list: string[] | undefined) => list?.map((text) => ({ command: argvOf(text, '--before/--after'), timeoutSeconds: hookTimeout }));
  const body: ProfileBody = {
    install: install.path,
    items,
    exclude,
    // Fixed when saved: cron and systemd start runs in / or $HOME, where another .nbbackuprc may apply.
    outDir: path.resolve(values.out ?? config.backupDir ?? defaultOutDir()),
    compress: values.compress as ProfileBody['compress'],
    jobs: count('jobs', values.jobs, 1),
    pgJobs: count('pg-jobs', values['pg-jobs'], 1),
    keep: keep(values),
    hooks: values.before || values.after ? { before: hooks(values.before), after: hooks(values.after) } : undefined,
    alerts:
      values.webhook || values.ping || values['alert-command']
        ? { webhook: values.webhook, ping: values.ping, command: values['alert-command'] ? argvOf(values['alert-command'], '--alert-command') : undefined, onSuccess: values['alert-on-success'] || undefined }
        : undefined,
    // Checked now, so a typo is found at save and not by the first night's run.
    copies: values['copy-to']?.map((to) => ({ to: destinationLabel(to) })),
    encrypt: values.encrypt ? { recipients: values.recipient, recipientsFile: absolute(values['recipients-file']), passphraseFile: absolute(values['passphrase-file']) } : undefined,
  };
  if (!values.encrypt && (values.recipient || values['recipients-file'] || values['passphrase-file'])) throw new UsageError('profile save: --recipient, --recipients-file and --passphrase-file go with --encrypt');
  const existed = loadProfiles(config).some((p) => p.name === name);
  const file = saveProfile(name, stripUndefined(body), config);
  process.stdout.write(`${existed ? 'replaced' : 'saved'} profile ${name} in ${file}\nsets go to ${body.outDir}\nrun it with: nbbackup run ${name}\n`);
  return EXIT.ok;
}

function absolute(file: string | undefined): string | undefined {
  return file === undefined ? undefined : path.resolve(file);
}

function ids(text: string | undefined): string[] {
  const list = (text ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (!list.length) throw new UsageError('profile save: an empty item list', 'give item ids from nbbackup scan, comma-separated');
  return list;
}

function count(flag: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`profile save: --${flag} takes a whole number of at least ${min}`);
  return n;
}

function keep(values: Record<string, unknown>) {
  const k = {
    last: count('keep-last', values['keep-last'] as string | undefined, 0),
    daily: count('keep-daily', values['keep-daily'] as string | undefined, 0),
    weekly: count('keep-weekly', values['keep-weekly'] as string | undefined, 0),
    monthly: count('keep-monthly', values['keep-monthly'] as string | undefined, 0),
  };
  return Object.values(k).some((v) => v !== undefined) ? stripUndefined(k) : undefined;
}

/** A command as a JSON array of words: no shell ever splits or expands it. */
function argvOf(text: string, flag: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`profile save: ${flag} takes a JSON array of words`, `for example '["systemctl","stop","nocobase-worker"]'`);
  }
  if (!Array.isArray(parsed) || !parsed.length || !parsed.every((w) => typeof w === 'string' && w.length > 0)) {
    throw new UsageError(`profile save: ${flag} takes a JSON array of words`, `for example '["systemctl","stop","nocobase-worker"]'`);
  }
  const [program, ...args] = parsed as string[];
  // `./stop.sh` means the one beside the operator now, not beside wherever cron starts.
  return [program.includes('/') ? path.resolve(program) : program, ...args];
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
