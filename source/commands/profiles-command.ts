import prettyBytes from 'pretty-bytes';
import { profilesOverview } from '../core/profiles/profile-overview.js';
import { describeSchedule } from '../core/profiles/schedule.js';
import { loadConfig } from '../core/settings/config.js';
import { outDirOf } from '../core/profiles/profile-plan.js';
import { EXIT, printJson } from './cli-output.js';
import { parseOptions } from './parse-options.js';

export const PROFILES_HELP = `Usage: nbbackup profiles [--json]

Lists the saved profiles with their last run (time, result, size), whether one runs now, and its
schedule with the next run. Save one with nbbackup profile save.`;

export async function profilesCommand(argv: readonly string[]): Promise<number> {
  const { values } = parseOptions('profiles', argv, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    process.stdout.write(`${PROFILES_HELP}\n`);
    return EXIT.ok;
  }
  const config = await loadConfig();
  const { rows: profiles } = await profilesOverview(config);
  if (values.json) {
    printJson({
      profiles: profiles.map(({ profile: p, last, schedule, next, running }) => ({
        name: p.name,
        install: p.install,
        items: p.items,
        exclude: p.exclude,
        outDir: outDirOf(p, config),
        keep: p.keep,
        definedIn: p.definedIn,
        lastRun: last,
        running: running ? { pid: running.pid, host: running.host, startedAt: running.startedAt } : undefined,
        schedule: schedule ? describeSchedule(schedule) : undefined,
        nextRun: next?.toISOString(),
      })),
    });
    return EXIT.ok;
  }
  if (!profiles.length) {
    process.stdout.write('no profiles yet: nbbackup profile save NAME --install PATH --all\n');
    return EXIT.ok;
  }
  for (const { profile: p, last, schedule, next, running } of profiles) {
    const what = p.items === 'all' ? `all items${p.exclude?.length ? ` but ${p.exclude.join(', ')}` : ''}` : p.items.join(', ');
    const run = last ? `last run ${last.finishedAt.replace(/\.\d+Z$/, 'Z')} ${last.result}${last.bytes ? `, ${prettyBytes(last.bytes)}` : ''}${last.result === 'success' ? '' : `: ${last.detail}`}` : 'never run';
    const when = running ? `running now (pid ${running.pid} since ${running.startedAt})` : schedule ? `${describeSchedule(schedule)}, next ${next?.toString() ?? '?'}` : 'no schedule';
    process.stdout.write(`${p.name}  ${p.install}  ${what}\n  ${run}\n  ${when}${p.definedIn ? `\n  from ${p.definedIn}` : ''}\n`);
  }
  return EXIT.ok;
}
