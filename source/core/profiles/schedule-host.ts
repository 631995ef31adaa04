import { stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { NbError } from '../errors.js';
import { ToolFinder } from '../process/tool-finder.js';

/**
 * Which scheduler this machine has for unattended runs, where its files go, and the command line a
 * scheduled run starts. Chosen once, so install, read-back and removal all agree on the place.
 */

export type Scheduler = 'systemd-system' | 'systemd-user' | 'cron.d' | 'crontab' | 'none';
const SCHEDULERS: readonly Scheduler[] = ['systemd-system', 'systemd-user', 'cron.d', 'crontab', 'none'];

export interface ScheduleHost {
  /** Where unit files go. */
  readonly systemdDir: string;
  readonly cronDir: string;
  readonly scheduler: Scheduler;
  /** Why this scheduler (one line). */
  readonly why: string;
  /** Set under NBBACKUP_SCHEDULE_DIR: only files are written; systemctl and crontab are never run, the crontab is the file <dir>/crontab. */
  readonly filesOnly?: boolean;
}

export interface RunCommand {
  readonly argv: readonly string[];
  /** Variables the scheduled run needs, e.g. NBBACKUP_STATE_DIR / NBBACKUP_CONFIG when set; never a secret. */
  readonly env: Readonly<Record<string, string>>;
}

/** Copied into a scheduled run: where nbbackup keeps its state and config, and where it finds the dump tools. */
const CARRIED = ['NBBACKUP_STATE_DIR', 'NBBACKUP_CONFIG', 'PATH'] as const;
/** Paths a scheduled run, started in / or $HOME, must find exactly as this process does. */
const RESOLVED: ReadonlySet<string> = new Set(['NBBACKUP_STATE_DIR', 'NBBACKUP_CONFIG']);

/** The caller validates profile names already; these files end up run by root, so check again. */
export function checkProfileName(profile: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(profile)) {
    throw new NbError(`Not a profile name: ${JSON.stringify(profile).slice(0, 80)}.`, 'A profile name is 1–64 letters, digits, dots, dashes or underscores, starting with a letter or digit.', 'usage');
  }
  return profile;
}

/**
 * NBBACKUP_SCHEDULE_DIR (with NBBACKUP_SCHEDULER naming the scheduler) puts every file in that folder
 * and runs no systemctl or crontab at all: that is how the tests stay off the machine's own systemd and crontab.
 * Otherwise: systemd when it is the init (root: system units; else user units, which need lingering),
 * else /etc/cron.d for root, else a `crontab` on PATH, else none.
 */
export async function detectScheduler(env: NodeJS.ProcessEnv = process.env): Promise<ScheduleHost> {
  const override = env.NBBACKUP_SCHEDULE_DIR;
  if (override) {
    const scheduler = env.NBBACKUP_SCHEDULER as Scheduler;
    if (!SCHEDULERS.includes(scheduler)) {
      throw new NbError(`NBBACKUP_SCHEDULER must name the scheduler when NBBACKUP_SCHEDULE_DIR is set (got ${JSON.stringify(env.NBBACKUP_SCHEDULER ?? '')}).`, `Use one of: ${SCHEDULERS.join(', ')}.`, 'usage');
    }
    const dir = path.resolve(override);
    return { systemdDir: dir, cronDir: dir, scheduler, why: `NBBACKUP_SCHEDULE_DIR is set: files only, in ${dir}`, filesOnly: true };
  }
  const root = process.getuid?.() === 0;
  const user = env.USER || env.LOGNAME || os.userInfo().username;
  const systemdDir = root ? '/etc/systemd/system' : path.join(env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config'), 'systemd', 'user');
  const base = { systemdDir, cronDir: '/etc/cron.d' };
  if (await isDir('/run/systemd/system')) {
    return root
      ? { ...base, scheduler: 'systemd-system', why: 'systemd is the init and nbbackup runs as root: a system timer' }
      : { ...base, scheduler: 'systemd-user', why: `systemd is the init: a user timer, which runs while ${user} is logged out only after \`loginctl enable-linger ${user}\`` };
  }
  // /etc/cron.d exists on many machines without a cron daemon: a file there would never run.
  const cron = await new ToolFinder(`${env.PATH ?? ''}:/usr/sbin:/sbin`).first(['cron', 'crond']);
  if (root && cron !== undefined && (await isDir('/etc/cron.d'))) return { ...base, scheduler: 'cron.d', why: 'no systemd here; cron reads /etc/cron.d' };
  if ((await new ToolFinder(env.PATH ?? '').first(['crontab'])) !== undefined) return { ...base, scheduler: 'crontab', why: `no systemd here; ${user}'s crontab` };
  return { ...base, scheduler: 'none', why: 'neither systemd nor cron found: add the schedule by hand' };
}

/**
 * [node, this CLI's script, 'run', profile], with only the environment a run needs. `configFile`: the
 * .nbbackuprc the profile comes from (found by searching up from the cwd), carried as NBBACKUP_CONFIG
 * so the run, which starts in / or $HOME, still finds it.
 */
export function runCommandFor(profile: string, env: NodeJS.ProcessEnv = process.env, configFile?: string): RunCommand {
  checkProfileName(profile);
  const script = process.argv[1];
  if (!script) throw new NbError('Cannot tell which nbbackup script is running.', 'Start nbbackup by its path (node /path/to/cli.js) and try again.');
  const carried: Record<string, string> = {};
  for (const name of CARRIED) {
    const value = env[name];
    if (value) carried[name] = RESOLVED.has(name) ? path.resolve(value) : value;
  }
  if (configFile) carried.NBBACKUP_CONFIG = path.resolve(configFile);
  return { argv: [process.execPath, path.resolve(script), 'run', profile], env: carried };
}

async function isDir(dir: string): Promise<boolean> {
  return (await stat(dir).catch(() => undefined))?.isDirectory() ?? false;
}
