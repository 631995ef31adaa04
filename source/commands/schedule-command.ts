import { detectScheduler, describeSchedule, installSchedule, manualInstructions, nextRuns, parseSchedule, readSchedule, removeSchedule, runCommandFor } from '../core/profiles/schedule.js';
import { errorHint, errorLine, UsageError } from '../core/errors.js';
import { EXIT } from './cli-output.js';

/** `profile schedule NAME WHEN|--remove`: the same systemd timer or cron entry the TUI writes. */
/** `configFile`: the settings this run found; the scheduled run reads the same, wherever cron starts it. */
export async function scheduleCommand(name: string, when: string | undefined, remove: boolean, configFile?: string): Promise<number> {
  const host = await detectScheduler();
  if (remove) {
    const removed = await removeSchedule(host, name);
    process.stdout.write(removed.length ? `removed the schedule of ${name}: ${removed.join(', ')}\n` : `${name} had no schedule\n`);
    return EXIT.ok;
  }
  if (!when) {
    const current = await readSchedule(host, name);
    if (!current) {
      process.stdout.write(`${name} has no schedule; give one, e.g. nbbackup profile schedule ${name} "every day at 02:30"\n`);
      return EXIT.ok;
    }
    process.stdout.write(`${name}: ${describeSchedule(current)} (${host.scheduler})\n`);
    for (const at of nextRuns(current, new Date(), 3)) process.stdout.write(`  next: ${localTime(at)}\n`);
    return EXIT.ok;
  }
  let schedule;
  try {
    schedule = parseSchedule(when);
  } catch (error) {
    throw new UsageError(errorLine(error), errorHint(error));
  }
  const run = runCommandFor(name, process.env, configFile);
  if (host.scheduler === 'none') {
    process.stdout.write(`${manualInstructions(name, schedule, run)}\n`);
    throw new UsageError(`no scheduler here (${host.why})`, 'add one of the entries above by hand');
  }
  const installed = await installSchedule(host, name, schedule, run);
  process.stdout.write(`${name} runs ${describeSchedule(schedule)} (${installed.scheduler}: ${installed.files.join(', ')})\n`);
  for (const at of nextRuns(schedule, new Date(), 3)) process.stdout.write(`  next: ${localTime(at)}\n`);
  if (host.scheduler === 'systemd-user') process.stdout.write(`  ${host.why}\n`);
  return EXIT.ok;
}

/** "2026-12-03 02:30 (UTC)": the machine's local time, as the timer and cron read it. */
function localTime(at: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())} ${two(at.getHours())}:${two(at.getMinutes())} (${zone})`;
}
