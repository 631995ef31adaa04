import { chmod, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { NbError, firstLine } from '../errors.js';
import { execa } from '../process/lazy-execa.js';
import { makeFolder } from '../process/make-folder.js';
import { checkSchedule, fromCronFields, fromOnCalendar, type Schedule } from './schedule-calendar.js';
import { blockBegin, cronDText, cronFileName, crontabBlock, serviceText, timerText, unitName, withBlock, withoutBlock } from './schedule-files.js';
import { checkProfileName, type RunCommand, type ScheduleHost, type Scheduler } from './schedule-host.js';

/**
 * Puts a profile's schedule into the machine's scheduler, reads it back and takes it out again. The
 * scheduler's own files are the only record: what `readSchedule` reports is what will run.
 */

export { cronFields, describeSchedule, nextRuns, onCalendar, parseSchedule, type Schedule, type Weekday } from './schedule-calendar.js';
export { manualInstructions } from './schedule-files.js';
export { detectScheduler, runCommandFor, type RunCommand, type ScheduleHost, type Scheduler } from './schedule-host.js';

export interface Installed {
  readonly scheduler: Scheduler;
  /** Files written; for a user crontab, `crontab` (or the stand-in file under NBBACKUP_SCHEDULE_DIR). */
  readonly files: readonly string[];
  readonly schedule: Schedule;
  /** The systemctl command that starts the timer: already run, unless the host is files-only. */
  readonly enableCommand?: readonly string[];
}

/** `replacing`: a profile being renamed to `profile` whose cron.d file is the same one (`a.b` → `a_b`): taken over, not refused. */
export async function installSchedule(host: ScheduleHost, profile: string, schedule: Schedule, run: RunCommand, options: { readonly replacing?: string } = {}): Promise<Installed> {
  checkProfileName(profile);
  checkSchedule(schedule);
  if (run.argv.length === 0 || !path.isAbsolute(run.argv[0])) throw new NbError('A scheduled run needs the absolute path of node.', 'Use runCommandFor() to build the command.', 'schedule');
  if (host.scheduler === 'systemd-system' || host.scheduler === 'systemd-user') {
    const base = path.join(host.systemdDir, unitName(profile));
    const service = serviceText(profile, run);
    const timer = timerText(profile, schedule);
    await makeFolder(host.systemdDir, 0o755);
    await writeAtomically(`${base}.service`, service, 0o644);
    await writeAtomically(`${base}.timer`, timer, 0o644);
    const enableCommand = systemctl(host, ['enable', '--now', `${unitName(profile)}.timer`]);
    if (!host.filesOnly) {
      await runTool(systemctl(host, ['daemon-reload']));
      await runTool(enableCommand);
    }
    return { scheduler: host.scheduler, files: [`${base}.service`, `${base}.timer`], schedule, enableCommand };
  }
  if (host.scheduler === 'cron.d') {
    const file = path.join(host.cronDir, cronFileName(profile));
    const text = cronDText(profile, schedule, run);
    if (host.filesOnly) await makeFolder(host.cronDir, 0o755);
    const owner = await cronDOwner(file);
    if (owner !== undefined && owner !== profile && owner !== options.replacing) {
      throw new NbError(`${file} already schedules profile ${owner}.`, `cron.d file names cannot hold dots, so ${owner} and ${profile} share one; rename one of the profiles.`, 'schedule');
    }
    await writeAtomically(file, text, 0o644);
    return { scheduler: host.scheduler, files: [file], schedule };
  }
  if (host.scheduler === 'crontab') {
    const current = await readCrontab(host);
    await writeCrontab(host, withBlock(current, profile, crontabBlock(profile, schedule, run)));
    return { scheduler: host.scheduler, files: [crontabName(host)], schedule };
  }
  throw new NbError('This machine has no scheduler nbbackup can write to.', 'Add the crontab line or the systemd timer from the manual instructions by hand.', 'schedule');
}

/** What is installed now, read back from the unit or cron file; undefined when nothing is. */
export async function readSchedule(host: ScheduleHost, profile: string): Promise<Schedule | undefined> {
  checkProfileName(profile);
  if (host.scheduler === 'systemd-system' || host.scheduler === 'systemd-user') {
    const file = path.join(host.systemdDir, `${unitName(profile)}.timer`);
    const text = await readIfThere(file);
    if (text === undefined) return undefined;
    const value = /^OnCalendar=(.*)$/m.exec(text)?.[1];
    return value === undefined ? notOurs(file) : (fromOnCalendar(value) ?? notOurs(file));
  }
  if (host.scheduler === 'cron.d') {
    const file = path.join(host.cronDir, cronFileName(profile));
    if ((await cronDOwner(file)) !== profile) return undefined;
    const text = (await readIfThere(file)) ?? '';
    return fieldsOf(text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#') && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(line)).at(-1), file);
  }
  if (host.scheduler === 'crontab') {
    const { block } = withoutBlock(await readCrontab(host), profile);
    return block ? fieldsOf(block.find((line) => line.trim() !== '' && !line.trim().startsWith('#')), `the crontab block ${blockBegin(profile)}`) : undefined;
  }
  return undefined;
}

/** Stops and removes the schedule; returns what it removed (files, or the crontab it edited). */
export async function removeSchedule(host: ScheduleHost, profile: string): Promise<string[]> {
  checkProfileName(profile);
  if (host.scheduler === 'systemd-system' || host.scheduler === 'systemd-user') {
    if (!host.filesOnly) await runTool(systemctl(host, ['disable', '--now', `${unitName(profile)}.timer`]), /not loaded|does not exist|no such file/i);
    const removed: string[] = [];
    for (const suffix of ['.timer', '.service']) {
      const file = path.join(host.systemdDir, `${unitName(profile)}${suffix}`);
      if (await unlinkIfThere(file)) removed.push(file);
    }
    if (removed.length > 0 && !host.filesOnly) await runTool(systemctl(host, ['daemon-reload']));
    return removed;
  }
  if (host.scheduler === 'cron.d') {
    const file = path.join(host.cronDir, cronFileName(profile));
    return (await cronDOwner(file)) === profile && (await unlinkIfThere(file)) ? [file] : [];
  }
  if (host.scheduler === 'crontab') {
    const current = await readCrontab(host);
    const { text, block } = withoutBlock(current, profile);
    if (!block) return [];
    await writeCrontab(host, text);
    return [crontabName(host)];
  }
  return [];
}

function systemctl(host: ScheduleHost, args: readonly string[]): string[] {
  return ['systemctl', ...(host.scheduler === 'systemd-user' ? ['--user'] : []), ...args];
}

/** Runs a scheduler tool (never through a shell); a failure is an NbError with the tool's first stderr line. */
async function runTool(argv: readonly string[], ignore?: RegExp, input?: string): Promise<string> {
  const [file, ...args] = argv;
  const result = await execa(file, args, { reject: false, timeout: 60_000, ...(input === undefined ? { stdin: 'ignore' as const } : { input }) });
  const stderr = String(result.stderr ?? '');
  if (result.exitCode === 0 || (ignore && ignore.test(stderr))) return String(result.stdout ?? '');
  const why = firstLine(stderr) || (result.failed && !result.exitCode ? firstLine(String(result.message)) : `exit code ${String(result.exitCode)}`);
  throw new NbError(`${argv.join(' ')} failed: ${why}`, file === 'systemctl' && argv.includes('--user') ? 'A user timer needs a login session with systemd --user running; as root, a system timer needs none.' : `Run \`${argv.join(' ')}\` yourself to see what it needs.`, 'schedule');
}

/** Under NBBACKUP_SCHEDULE_DIR the crontab is a plain file there, edited by the same block logic. */
function crontabName(host: ScheduleHost): string {
  return host.filesOnly ? path.join(host.cronDir, 'crontab') : 'crontab';
}

async function readCrontab(host: ScheduleHost): Promise<string> {
  if (host.filesOnly) return (await readIfThere(crontabName(host))) ?? '';
  const result = await execa('crontab', ['-l'], { reject: false, timeout: 60_000, stdin: 'ignore' });
  if (result.exitCode === 0) return String(result.stdout) === '' ? '' : `${String(result.stdout)}\n`;
  // `crontab -l` says "no crontab for USER" and exits 1 when there is none yet: that is empty.
  if (result.exitCode === 1 && /no crontab/i.test(String(result.stderr))) return '';
  throw new NbError(`crontab -l failed: ${firstLine(String(result.stderr)) || `exit code ${String(result.exitCode)}`}`, 'Run `crontab -l` yourself to see what it needs.', 'schedule');
}

async function writeCrontab(host: ScheduleHost, text: string): Promise<void> {
  if (host.filesOnly) {
    await makeFolder(host.cronDir, 0o755);
    await writeAtomically(crontabName(host), text, 0o600);
  }
  else await runTool(['crontab', '-'], undefined, text);
}

/** Which profile a cron.d file belongs to, by its first line; undefined when there is no such file or it is not ours. */
async function cronDOwner(file: string): Promise<string | undefined> {
  const first = (await readIfThere(file))?.split('\n')[0] ?? '';
  return /^# nbbackup:(\S+) /.exec(first)?.[1];
}

function fieldsOf(line: string | undefined, where: string): Schedule {
  const fields = line?.trim().split(/\s+/).slice(0, 5).join(' ');
  return (fields && fromCronFields(fields)) || notOurs(where);
}

function notOurs(where: string): never {
  throw new NbError(`${where} holds a schedule nbbackup did not write.`, 'Remove the schedule and set it again from nbbackup.', 'schedule');
}

/** tmp + rename: a scheduler reading the folder sees the old file or the new one, never half of one. */
async function writeAtomically(file: string, text: string, mode: number): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await writeFile(tmp, text, { mode });
    await chmod(tmp, mode);
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

async function readIfThere(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function unlinkIfThere(file: string): Promise<boolean> {
  try {
    await unlink(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
